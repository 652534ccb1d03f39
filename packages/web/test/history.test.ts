// Browser test of the transformer history in the hourly and daily aggregations, against the real server,
// PostgreSQL and Redis, with a synthetic BDGD (no shared data needed): four days of readings go through
// the real ingestion path (POST /telemetria → validation → time series and its hourly/daily rollups),
// then a click on the transformer opens its panel and the 1 h and 1 d charts must show those points.
// Screenshots go to test-artifacts/history-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { chromium } from 'playwright-core';
import { repoRoot } from '../../../scripts/shared-data.ts';
import { freshDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');
const DAYS = 4;
const STEP_MS = 30 * 60_000;

test('histórico horário e diário do transformador com dados (ingestão real, BDGD sintética)', {
  timeout: 400_000,
}, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.WEB_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'rede-web-historico-'));
  const bdgd = await generateBdgd({ outputDir: dir, name: 'Historico_9984', seed: 8, feeders: 1, zip: true });
  const db = await freshDatabase('web_historico');
  await importBdgd({ file: bdgd.zipPath as string, pool: db.pool, databaseUrl: db.url });
  // Own Redis/MQTT prefixes and ingester id: nothing shared with a dev server or other tests.
  const tag = `web-historico-${process.pid}-${Date.now().toString(36)}`;
  const app = await buildApp(
    {
      ...loadConfig({
        ...process.env,
        DATABASE_URL: db.url,
        REDE_MODO: 'desenvolvimento',
        REDE_REDIS_PREFIXO: `teste:${tag}:`,
        MQTT_PREFIXO: `teste/${tag}/telemetria`,
        REDE_INGESTOR_ID: `ingestor-${tag}`,
        REDE_MQTT_GRUPO: `grupo-${tag}`,
        REDE_LOTE_MS: '20',
      }),
      webDist: DIST,
    },
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const { rows } = await db.pool.query<{ cod_id: string; lon: number; lat: number }>(
    `SELECT cod_id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM untrd WHERE geom IS NOT NULL ORDER BY cod_id LIMIT 1`,
  );
  const trafo = rows[0];
  assert.ok(trafo, 'a BDGD sintética tem transformadores');
  const cod = trafo.cod_id;

  // One reading every 30 min over the last four days up to a minute ago, through the HTTP ingestion route.
  const now = Date.now();
  const readings = [];
  for (let at = now - 60_000 - DAYS * 86_400_000; at <= now - 60_000; at += STEP_MS) {
    const hour = new Date(at).getUTCHours();
    readings.push({
      cod_transformador: trafo.cod_id,
      timestamp: new Date(at).toISOString(),
      tensao_primario: 13.8,
      tensao_secundario: 218 + (hour % 6),
      corrente_a: 40 + hour,
      corrente_b: 41 + hour,
      corrente_c: 39 + hour,
      potencia_ativa: 15 + hour / 2,
      potencia_reativa: 4,
      temperatura: 40 + (hour % 10),
    });
  }
  const ingest = await fetch(`${origin}/telemetria`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(readings),
  });
  assert.equal(ingest.status, 200, await ingest.clone().text());
  const accepted = (await ingest.json()) as { aceitas: number; rejeitadas: unknown[] };
  assert.equal(accepted.aceitas, readings.length, JSON.stringify(accepted.rejeitadas.slice(0, 3)));

  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(origin);
  await page.waitForFunction(() => (window.__map?.getZoom() ?? 0) > 5 && !window.__map?.isMoving(), null, {
    timeout: 30_000,
  });
  await page.evaluate(
    ([x, y]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: 17 }),
    [trafo.lon, trafo.lat],
  );
  await page.waitForFunction(
    () => {
      const map = window.__map;
      return Boolean(
        map?.getLayer('untrd-circle') && map.loaded() && map.areTilesLoaded() && !map.isMoving(),
      );
    },
    null,
    { timeout: 30_000, polling: 100 },
  );
  const point = await page.evaluate(
    ([x, y]) => window.__map?.project([x as number, y as number]),
    [trafo.lon, trafo.lat],
  );
  const box = await page.locator('.map canvas').boundingBox();
  assert.ok(point && box, 'mapa sem canvas');
  await page.mouse.click(box.x + point.x, box.y + point.y);
  const panel = page.locator(`[data-testid="transformer-panel"][data-cod="${trafo.cod_id}"]`);
  await panel.waitFor({ timeout: 10_000 });

  /** Points of the first chart once the panel shows `aggregation` (all charts share the time axis). */
  async function chartPoints(aggregation: '1h' | '1d'): Promise<number> {
    await panel.locator(`button[data-aggregation="${aggregation}"]`).click();
    await panel.locator(`button[data-aggregation="${aggregation}"][aria-pressed="true"]`).waitFor();
    const chart = panel.locator('[data-testid="history-chart"]').first();
    await chart.waitFor({ timeout: 10_000 });
    const history = (await (
      await fetch(
        `${origin}/telemetria/transformador/${encodeURIComponent(cod)}/historico?agregacao=${aggregation}&inicio=${new Date(now - (DAYS + 1) * 86_400_000).toISOString()}&fim=${new Date(now + 60_000).toISOString()}`,
      )
    ).json()) as { pontos: unknown[] };
    // The chart shows the server's buckets for the same readings.
    await page.waitForFunction(
      ([n]) =>
        Number(document.querySelector('[data-testid="history-chart"]')?.getAttribute('data-points')) === n,
      [history.pontos.length],
      { timeout: 10_000 },
    );
    assert.ok((await panel.locator('canvas').count()) >= 3, 'gráficos de tensão, potência e temperatura');
    return history.pontos.length;
  }

  await t.test('1 h: um ponto por hora dos quatro dias', async () => {
    const points = await chartPoints('1h');
    // 4 days of half-hourly readings fall in 96 or 97 hourly buckets.
    assert.ok(points >= DAYS * 24 && points <= DAYS * 24 + 1, `${points} pontos horários`);
    await page.screenshot({ path: join(ARTIFACTS, 'history-1-hourly.png') });
  });

  await t.test('1 d: um ponto por dia', async () => {
    const points = await chartPoints('1d');
    // Four days of readings span four or five calendar days (day boundary in the server's time zone).
    assert.ok(points >= DAYS && points <= DAYS + 1, `${points} pontos diários`);
    await page.screenshot({ path: join(ARTIFACTS, 'history-2-daily.png') });
  });

  assert.deepEqual(pageErrors, []);
});
