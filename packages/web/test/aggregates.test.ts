// Browser test of the transformer status aggregates against the real server, PostgreSQL and Redis, with a
// synthetic BDGD of 1 440 transformers: below z15, with more than 1 000 of them in view, the map draws one
// circle per cell instead of one per transformer. Each cell must count every transformer once in its
// status (readings posted through the real ingestion path), take the colour of its worst status, follow
// a new reading, and give way to the individual circles from z15. Screenshots: test-artifacts/aggregates-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { chromium, type Page } from 'playwright-core';
import { repoRoot } from '../../../scripts/shared-data.ts';
import { freshDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { AggregateProperties } from '../src/live/statusAggregates.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');
const AGGREGATE_LAYER = 'untrd-agregado-circle';

interface Transformer {
  cod_id: string;
  pot_nom: number;
  lon: number;
  lat: number;
}

/**
 * Every cell of the aggregate source once (a GeoJSON source repeats features near tile edges) with its
 * current counts (properties + feature-state).
 */
function cells(page: Page): Promise<AggregateProperties[]> {
  return page.evaluate((layer) => {
    const map = window.__map;
    if (!map?.getLayer(layer) || map.getLayoutProperty(layer, 'visibility') === 'none') return [];
    const seen = new Map<string, AggregateProperties>();
    for (const f of map.querySourceFeatures('untrd-agregado')) {
      const props = f.properties as AggregateProperties;
      const state = map.getFeatureState({ source: 'untrd-agregado', id: props.celula });
      seen.set(props.celula, { ...props, ...state } as AggregateProperties);
    }
    return [...seen.values()];
  }, AGGREGATE_LAYER);
}

/** Polls the cells until `done` holds for them (or fails after `timeoutMs`, listing the counted ones). */
async function waitForCells(
  page: Page,
  done: (list: AggregateProperties[]) => boolean,
  timeoutMs: number,
): Promise<AggregateProperties[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await cells(page);
    if (done(list)) return list;
    if (Date.now() > deadline) {
      throw new Error(`células com estado: ${JSON.stringify(list.filter((c) => c.total > c.SEM_DADOS))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sum = (list: AggregateProperties[], key: keyof AggregateProperties) =>
  list.reduce((s, c) => s + Number(c[key]), 0);

test('grupos de transformadores abaixo de z15: contagens por estado, pior estado, atualização e volta aos pontos', {
  timeout: 600_000,
}, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.WEB_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'rede-web-grupos-'));
  const bdgd = await generateBdgd({
    outputDir: dir,
    name: 'Grupos_9986',
    seed: 9,
    feeders: 12,
    mvSegmentsPerTransformer: 1,
    zip: true,
  });
  const db = await freshDatabase('web_grupos');
  await importBdgd({ file: bdgd.zipPath as string, pool: db.pool, databaseUrl: db.url });
  const tag = `web-grupos-${process.pid}-${Date.now().toString(36)}`;
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

  const { rows: fleet } = await db.pool.query<Transformer>(
    `SELECT cod_id, pot_nom::float8 AS pot_nom, ST_X(geom) AS lon, ST_Y(geom) AS lat
       FROM untrd WHERE geom IS NOT NULL AND pot_nom > 0 ORDER BY cod_id`,
  );
  assert.ok(fleet.length > 1000, `${fleet.length} transformadores`);
  const centre: [number, number] = [
    fleet.reduce((s, f) => s + f.lon, 0) / fleet.length,
    fleet.reduce((s, f) => s + f.lat, 0) / fleet.length,
  ];
  // Five normal readings and one critical (130 % of the rating), near the centre of the fleet.
  const near = [...fleet]
    .sort(
      (a, b) =>
        Math.hypot(a.lon - centre[0], a.lat - centre[1]) - Math.hypot(b.lon - centre[0], b.lat - centre[1]),
    )
    .slice(0, 6);
  const [critical, ...normal] = near as [Transformer, ...Transformer[]];
  const reading = (tr: Transformer, load: number) => ({
    cod_transformador: tr.cod_id,
    timestamp: new Date(Date.now() - 1000).toISOString(),
    tensao_primario: 13.8,
    tensao_secundario: 220,
    corrente_a: 50,
    corrente_b: 50,
    corrente_c: 50,
    potencia_ativa: tr.pot_nom * load,
    potencia_reativa: tr.pot_nom * load * 0.2,
    temperatura: 45,
  });
  const post = async (body: unknown[]) => {
    const response = await fetch(`${origin}/telemetria`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200, await response.text());
  };
  await post([...normal.map((tr) => reading(tr, 0.3)), reading(critical, 1.3)]);

  // Wide enough for the whole synthetic network (≈ 13 × 4 km) at z13, where the transformer tiles start.
  const page = await browser.newPage({ viewport: { width: 2400, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(origin);
  await page.locator('[data-testid="connection-state"][data-state="ao-vivo"]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => (window.__map?.getZoom() ?? 0) > 5 && !window.__map?.isMoving(), null, {
    timeout: 30_000,
  });
  const lons = fleet.map((f) => f.lon);
  const lats = fleet.map((f) => f.lat);
  await page.evaluate(
    ([x, y]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: 13.05 }),
    [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2],
  );

  await t.test(
    'muitos na vista: um círculo por célula, cada transformador contado uma vez no seu estado',
    async () => {
      const inView = await page.evaluate(
        (all) => {
          const b = window.__map?.getBounds();
          return all.filter((f) => b?.contains([f.lon, f.lat])).length;
        },
        fleet.map((f) => ({ lon: f.lon, lat: f.lat })),
      );
      assert.ok(inView > 1000, `${inView} transformadores na vista`);
      await page.waitForFunction(
        () => {
          const map = window.__map;
          if (!map?.loaded() || !map.areTilesLoaded()) return false;
          return map.queryRenderedFeatures({ layers: ['untrd-agregado-circle'] }).length > 0;
        },
        null,
        { timeout: 30_000, polling: 200 },
      );
      // The statuses arrive with the view's status request: wait until all six are counted.
      const list = await waitForCells(page, (l) => sum(l, 'NORMAL') + sum(l, 'CRITICO') >= 6, 15_000);
      const drawn = await page.evaluate(() => {
        const cods = new Set<string>();
        for (const f of window.__map?.querySourceFeatures('untrd', { sourceLayer: 'untrd' }) ?? []) {
          cods.add(String(f.properties.cod_id));
        }
        return cods.size;
      });
      assert.equal(sum(list, 'total'), drawn, 'cada transformador dos tiles carregados numa célula');
      assert.ok(list.length < drawn / 3, `${list.length} células para ${drawn} transformadores`);
      assert.equal(sum(list, 'CRITICO'), 1);
      assert.equal(sum(list, 'NORMAL'), 5);
      assert.equal(sum(list, 'SEM_DADOS'), drawn - 6);
      const red = list.filter((c) => c.CRITICO > 0);
      assert.equal(red.length, 1);
      assert.equal(red[0]?.pior, 'CRITICO');
      // The individual circles are not drawn (nor hoverable) meanwhile.
      assert.equal(
        await page.evaluate(() => window.__map?.getPaintProperty('untrd-circle', 'circle-opacity')),
        0,
      );
      // Hovering the red cell shows its counts per status.
      const box = await page.locator('.map canvas').boundingBox();
      const point = await page.evaluate((celula) => {
        const map = window.__map;
        const f = map
          ?.queryRenderedFeatures({ layers: ['untrd-agregado-circle'] })
          .find((g) => g.properties.celula === celula);
        return f?.geometry.type === 'Point' ? map?.project(f.geometry.coordinates as [number, number]) : null;
      }, red[0]?.celula);
      assert.ok(box && point, 'célula vermelha desenhada');
      await page.mouse.move(box.x + point.x, box.y + point.y);
      const tooltip = page.locator('[data-testid="aggregate-tooltip"]');
      await tooltip.waitFor({ timeout: 5000 });
      const text = (await tooltip.textContent()) ?? '';
      assert.match(text, /1 crítico/);
      assert.match(text, new RegExp(`${red[0]?.total} transformadores`));
      await page.screenshot({ path: join(ARTIFACTS, 'aggregates-1-critical.png') });
      await page.mouse.move(5, 5);
    },
  );

  await t.test('uma nova leitura muda a contagem e a cor da célula', async () => {
    await post([reading(critical, 0.3)]);
    // The reading reaches the console over the WebSocket and is applied in a batch (while aggregated, the
    // hidden circle's own feature-state waits for the return to individual circles, checked below)…
    await page.waitForFunction((id) => window.__live?.shownStatus(id)?.status === 'NORMAL', critical.cod_id, {
      timeout: 10_000,
      polling: 100,
    });
    // …and moves one count of its cell from critical to normal.
    const list = await waitForCells(page, (l) => sum(l, 'CRITICO') === 0 && sum(l, 'NORMAL') === 6, 10_000);
    assert.equal(list.filter((c) => c.pior === 'CRITICO').length, 0);
    assert.equal(sum(list, 'NORMAL'), 6);
    await page.screenshot({ path: join(ARTIFACTS, 'aggregates-2-normal.png') });
  });

  await t.test('a partir de z15, cada transformador volta a ser desenhado com o seu estado', async () => {
    await page.evaluate(
      ([x, y]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: 15.5 }),
      [critical.lon, critical.lat],
    );
    await page.waitForFunction(
      (id) => {
        const map = window.__map;
        if (!map?.loaded() || !map.areTilesLoaded()) return false;
        const visible = map.getLayoutProperty('untrd-agregado-circle', 'visibility') !== 'none';
        const drawn = map
          .queryRenderedFeatures({ layers: ['untrd-circle'] })
          .some((f) => f.properties.cod_id === id && f.state.status === 'NORMAL');
        return !visible && drawn && map.getPaintProperty('untrd-circle', 'circle-opacity') === 1;
      },
      critical.cod_id,
      { timeout: 15_000, polling: 200 },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'aggregates-3-individual.png') });
  });

  assert.deepEqual(pageErrors, []);
});
