// Browser test of the live operator console against the real server, the real Mux Energia BDGD and the
// real Redis + Mosquitto: a reading published over MQTT recolours its transformer, an out-of-range
// reading raises an alert that is acknowledged from the panel, a click opens the transformer's history
// chart, and a feeder's power flow is drawn. Screenshots go to test-artifacts/operator-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { chromium, type Page } from 'playwright-core';
import { repoRoot, requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';

const MUX = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');

interface Transformer {
  cod_id: string;
  pot_nom: number;
  ctmt: string;
  lon: number;
  lat: number;
}

function reading(overrides: Record<string, number>, at: Date): Record<string, unknown> {
  return {
    timestamp: at.toISOString(),
    tensao_primario: 13.8,
    tensao_secundario: 220,
    corrente_a: 50,
    corrente_b: 51,
    corrente_c: 49,
    potencia_ativa: 20,
    potencia_reativa: 5,
    temperatura: 45,
    ...overrides,
  };
}

async function waitForIdleMap(page: Page): Promise<void> {
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
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function featureStatus(page: Page, cod: string): Promise<unknown> {
  return page.evaluate(
    (id) => window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status,
    cod,
  );
}

/** Screen point of a geographic point, in page coordinates. */
async function pagePoint(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ([x, y]) => window.__map?.project([x as number, y as number]),
    [lon, lat],
  );
  const box = await page.locator('.map canvas').boundingBox();
  assert.ok(point && box, 'mapa sem canvas');
  return { x: box.x + point.x, y: box.y + point.y };
}

test('console de operação: telemetria ao vivo, alertas, histórico e fluxo de carga (BDGD real, MQTT real)', {
  timeout: 400_000,
}, async (t) => {
  const file = requireSharedFile(t, MUX);
  if (!file) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.WEB_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });
  }

  const db = await freshDatabase('web_operator');
  await importBdgd({ file, pool: db.pool, databaseUrl: db.url });
  // Own Redis/MQTT prefixes and ingester id: nothing shared with a dev server or other tests.
  const tag = `web-operador-${process.pid}-${Date.now().toString(36)}`;
  const mqttPrefix = `teste/${tag}/telemetria`;
  const config = {
    ...loadConfig({
      ...process.env,
      DATABASE_URL: db.url,
      REDE_MODO: 'desenvolvimento',
      REDE_REDIS_PREFIXO: `teste:${tag}:`,
      MQTT_PREFIXO: mqttPrefix,
      REDE_INGESTOR_ID: `ingestor-${tag}`,
      REDE_MQTT_GRUPO: `grupo-${tag}`,
      REDE_LOTE_MS: '20',
    }),
    webDist: DIST,
  };
  let app: FastifyInstance = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const publisher = await mqtt.connectAsync(config.telemetria.mqttUrl, { clientId: `pub-${tag}` });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    await publisher.endAsync();
    await app.close();
    await db.close();
  });

  const { rows } = await db.pool.query<Transformer>(
    `SELECT u.cod_id, u.pot_nom::float8 AS pot_nom, u.ctmt, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat
       FROM untrd u
      WHERE u.pot_nom > 0 AND u.fas_con_p = 'ABC' AND u.geom IS NOT NULL AND u.ctmt IS NOT NULL
      ORDER BY u.cod_id LIMIT 1`,
  );
  const trafo = rows[0];
  assert.ok(trafo, 'a BDGD precisa de um transformador trifásico com placa');
  const publish = (payload: Record<string, unknown>) =>
    publisher.publishAsync(`${mqttPrefix}/${trafo.cod_id}`, JSON.stringify(payload), { qos: 1 });

  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const frames: string[] = [];
  if (process.env.WEB_DEBUG_WS === '1') {
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frames.push(`${Date.now()} > ${String(f.payload).slice(0, 200)}`));
      ws.on('framereceived', (f) => frames.push(`${Date.now()} < ${String(f.payload).slice(0, 200)}`));
    });
    t.after(() => console.log(frames.join('\n')));
  }
  await page.goto(origin);
  await page.locator('[data-testid="connection-state"][data-state="ao-vivo"]').waitFor({ timeout: 20_000 });
  // The console frames the whole network once the feeders arrive; wait for it so it does not undo our jumps.
  await page.waitForFunction(() => (window.__map?.getZoom() ?? 0) > 5 && !window.__map?.isMoving(), null, {
    timeout: 30_000,
  });

  await t.test('uma leitura publicada no MQTT muda a cor do transformador em menos de 1 s', async () => {
    await page.evaluate(
      ([x, y]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: 17 }),
      [trafo.lon, trafo.lat],
    );
    await waitForIdleMap(page);
    // The view's subscription is sent after a short debounce; give it time to reach the server.
    await page.waitForTimeout(800);
    assert.ok(!(await featureStatus(page, trafo.cod_id)), 'sem estado antes da primeira leitura');
    const started = Date.now();
    await publish(reading({}, new Date(Date.now() - 2000)));
    await page.waitForFunction(
      (id) =>
        window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status === 'NORMAL',
      trafo.cod_id,
      { timeout: 1000, polling: 20 },
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `cor mudou em ${elapsed} ms`);
    t.diagnostic(`MQTT → cor no mapa: ${elapsed} ms`);
    const rendered = await page.evaluate(
      (id) =>
        window.__map
          ?.queryRenderedFeatures({ layers: ['untrd-circle'] })
          .filter((f) => f.properties.cod_id === id)
          .map((f) => f.state.status) ?? [],
      trafo.cod_id,
    );
    assert.ok(rendered.includes('NORMAL'), `transformador desenhado com estado NORMAL (${rendered})`);
    const p = await pagePoint(page, trafo.lon, trafo.lat);
    await page.mouse.move(p.x, p.y);
    const tooltip = page.locator('[data-testid="transformer-tooltip"]');
    await tooltip.waitFor({ timeout: 5000 });
    const text = (await tooltip.textContent()) ?? '';
    assert.match(text, new RegExp(trafo.cod_id));
    assert.match(text, /Leitura há \d+ (s|min)/);
    assert.match(text, /Normal/);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-1-normal.png') });
    await page.mouse.move(5, 5);
  });

  await t.test('uma leitura antiga não aparece como ao vivo (cinza, "Leitura antiga")', async () => {
    const { rows: near } = await db.pool.query<{ cod_id: string; lon: number; lat: number }>(
      `SELECT u.cod_id, ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat FROM untrd u
        WHERE u.cod_id <> $1 AND u.geom IS NOT NULL
        ORDER BY u.geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4674) LIMIT 1`,
      [trafo.cod_id, trafo.lon, trafo.lat],
    );
    const old = near[0];
    assert.ok(old);
    await publisher.publishAsync(
      `${mqttPrefix}/${old.cod_id}`,
      JSON.stringify(reading({}, new Date(Date.now() - 30 * 60_000))),
      { qos: 1 },
    );
    await page.waitForFunction(
      (id) =>
        window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.desatualizado === true,
      old.cod_id,
      { timeout: 2000, polling: 20 },
    );
    const p = await pagePoint(page, old.lon, old.lat);
    await page.mouse.move(p.x, p.y);
    const tooltip = page.locator('[data-testid="transformer-tooltip"]');
    await tooltip.waitFor({ timeout: 5000 });
    const text = (await tooltip.textContent()) ?? '';
    assert.match(text, new RegExp(old.cod_id));
    // ≈ 30 min: the browser's clock may differ by a little from this process's.
    const minutes = Number(/Leitura antiga há (\d+) min/.exec(text)?.[1]);
    assert.ok(minutes >= 25 && minutes <= 35, `idade mostrada: ${text}`);
    assert.match(text, /Desatualizado/);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-1b-stale.png') });
    await page.mouse.move(5, 5);
  });

  let alertId = 0;
  await t.test('uma leitura fora da faixa abre um alerta no painel e fica vermelha', async () => {
    const kva = trafo.pot_nom;
    const started = Date.now();
    await publish(
      reading({ potencia_ativa: kva * 1.3, potencia_reativa: kva * 0.3 }, new Date(Date.now() - 1000)),
    );
    await page.waitForFunction(
      (id) =>
        window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status === 'CRITICO',
      trafo.cod_id,
      { timeout: 1000, polling: 20 },
    );
    t.diagnostic(`sobrecarga → vermelho: ${Date.now() - started} ms`);
    const item = page.locator(`.alert-item[data-cod="${trafo.cod_id}"]`).first();
    await item.waitFor({ timeout: 5000 });
    assert.match((await item.textContent()) ?? '', /Crítico.*Sobrecarga/s);
    alertId = Number(await item.getAttribute('data-alert-id'));
    assert.ok(alertId > 0);
    assert.match(
      (await page.locator('[data-testid="alert-counter"] [data-severity="CRITICO"]').textContent()) ?? '',
      /^1 crítico/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'operator-2-alert.png') });
  });

  await t.test('reconhecer o alerta no painel atualiza o servidor', async () => {
    const item = page.locator(`.alert-item[data-alert-id="${alertId}"]`);
    await item.getByRole('button', { name: 'Reconhecer' }).click();
    await item.locator('[data-testid="alert-acknowledged"]').waitFor({ timeout: 5000 });
    const body = (await (await fetch(`${origin}/alertas?cod_transformador=${trafo.cod_id}`)).json()) as {
      alertas: Array<{ id: number; reconhecido_em: string | null; reconhecido_por: string | null }>;
    };
    const stored = body.alertas.find((a) => a.id === alertId);
    assert.ok(stored?.reconhecido_em, 'reconhecido no servidor');
    assert.equal(stored.reconhecido_por, 'operador do console');
    // Clicking the alert flies to the transformer.
    await page.evaluate(() => window.__map?.jumpTo({ center: [-52.5, -28.5], zoom: 12 }));
    await item.locator('.alert-main').click();
    await page.waitForFunction(
      ([x, y]) => {
        const map = window.__map;
        if (!map || map.isMoving()) return false;
        const c = map.getCenter();
        return Math.abs(c.lng - (x as number)) < 1e-3 && Math.abs(c.lat - (y as number)) < 1e-3;
      },
      [trafo.lon, trafo.lat],
      { timeout: 10_000, polling: 100 },
    );
    await page.locator(`[data-testid="transformer-panel"][data-cod="${trafo.cod_id}"]`).waitFor();
    await waitForIdleMap(page);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-3-acknowledged.png') });
  });

  await t.test('clicar no transformador mostra o gráfico com os dados', async () => {
    await page.locator('[data-testid="transformer-panel"] button[aria-label="Fechar painel"]').click();
    await waitForIdleMap(page);
    const p = await pagePoint(page, trafo.lon, trafo.lat);
    await page.mouse.click(p.x, p.y);
    const panel = page.locator(`[data-testid="transformer-panel"][data-cod="${trafo.cod_id}"]`);
    await panel.waitFor({ timeout: 5000 });
    const chart = panel.locator('[data-testid="history-chart"]').first();
    await chart.waitFor({ timeout: 10_000 });
    assert.ok(Number(await chart.getAttribute('data-points')) >= 2, 'as duas leituras no gráfico');
    assert.ok(
      (await panel.locator('canvas').count()) >= 4,
      'gráficos de tensão, potência, temperatura e correntes',
    );
    assert.match((await panel.textContent()) ?? '', /Correntes por fase/);
    await page
      .locator('.asset-popup .maplibregl-popup-close-button')
      .click()
      .catch(() => undefined);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-4-history.png') });
  });

  await t.test('calcular o fluxo de carga de um alimentador desenha o resultado', async () => {
    await page.locator(`[data-cod-id="${trafo.ctmt}"]`).click();
    await page.getByRole('button', { name: 'Calcular fluxo de carga' }).click();
    const result = page.locator('[data-testid="flow-result"]');
    await result.waitFor({ timeout: 120_000 });
    assert.ok(Number(await result.getAttribute('data-segments')) > 0);
    await waitForIdleMap(page);
    const drawn = await page.evaluate(
      () => window.__map?.queryRenderedFeatures({ layers: ['fluxo-carga-line'] }).length ?? 0,
    );
    assert.ok(drawn > 0, 'trechos do fluxo desenhados');
    assert.match((await result.textContent()) ?? '', /Violações de tensão \(\d+\)/);
    const profile = result.locator('[data-testid="voltage-profile"]');
    assert.ok(Number(await profile.getAttribute('data-points')) > 100, 'perfil de tensão com pontos');
    t.diagnostic(
      `perfil: ${await profile.getAttribute('data-points')} pontos; ${await result.locator('[data-testid="voltage-profile-note"]').textContent()}`,
    );
    const loading = await page.evaluate(() => {
      const mv = (window.__map?.queryRenderedFeatures({ layers: ['fluxo-carga-line'] }) ?? [])
        .filter((f) => f.properties.nivel === 'MT')
        .map((f) => Number(f.properties.carregamento_pct))
        .sort((a, b) => a - b);
      return { n: mv.length, median: mv[Math.floor(mv.length / 2)], max: mv[mv.length - 1] };
    });
    t.diagnostic(`carregamento MT desenhado: ${JSON.stringify(loading)}`);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-5-power-flow.png') });
    await page.evaluate(
      ([x, y]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: 15.5 }),
      [trafo.lon, trafo.lat],
    );
    await waitForIdleMap(page);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-6-power-flow-detail.png') });
    await page.locator('[data-testid="feeder-analysis"]').screenshot({
      path: join(ARTIFACTS, 'operator-6b-power-flow-panel.png'),
    });
  });

  await t.test('a página de importações mostra o relatório de defeitos da importação', async () => {
    await page.getByRole('button', { name: 'Importações' }).click();
    const imports = page.locator('[data-testid="imports-page"]');
    await imports.waitFor();
    const { rows: expected } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM defeitos_importacao',
    );
    assert.ok((expected[0]?.n ?? 0) > 0, 'o BDGD da Mux tem defeitos registrados');
    const defects = imports.locator('[data-testid="defects"] tbody tr');
    await defects.first().waitFor({ timeout: 10_000 });
    assert.equal(await defects.count(), expected[0]?.n);
    assert.match((await imports.textContent()) ?? '', /Mux Energia/);
    await page.screenshot({ path: join(ARTIFACTS, 'operator-8-imports.png') });
    await imports.getByRole('button', { name: 'Fechar importações' }).click();
  });

  await t.test('servidor reiniciado: mostra reconectando, volta ao vivo e reinscreve a vista', async () => {
    await app.close();
    await page
      .locator('[data-testid="connection-state"]:not([data-state="ao-vivo"])')
      .waitFor({ timeout: 5000 });
    const during = await page.locator('[data-testid="connection-state"]').getAttribute('data-state');
    assert.ok(during === 'reconectando' || during === 'offline', `estado durante a queda: ${during}`);
    // The open transformer panel no longer presents its values as live.
    await page
      .locator('[data-testid="transformer-panel"] [data-testid="reading-age"]', {
        hasText: 'sem conexão ao vivo',
      })
      .waitFor({ timeout: 3000 });
    await page.screenshot({ path: join(ARTIFACTS, 'operator-7-reconnecting.png') });
    app = await buildApp(config, { logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    await page.locator('[data-testid="connection-state"][data-state="ao-vivo"]').waitFor({ timeout: 20_000 });
    // The new connection carries the view's subscription again: a reading still recolours the map.
    await page.waitForTimeout(500);
    await publish(reading({ temperatura: 150 }, new Date()));
    await page.waitForFunction(
      (id) => {
        const s = window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status;
        return s === 'CRITICO' || s === 'ALERTA';
      },
      trafo.cod_id,
      { timeout: 5000, polling: 50 },
    );
    await publish(reading({}, new Date(Date.now() + 1000)));
    await page.waitForFunction(
      (id) =>
        window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status === 'NORMAL',
      trafo.cod_id,
      { timeout: 5000, polling: 50 },
    );
  });

  await t.test('sem erros na página', () => {
    assert.deepEqual(pageErrors, []);
  });
});
