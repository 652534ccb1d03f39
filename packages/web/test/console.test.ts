// Browser test of the web console against the real server and the real Mux Energia BDGD:
// builds the console, imports the file into a test database, serves both with `buildApp` on a free port
// and drives Debian's Chromium (playwright-core). Screenshots go to test-artifacts/ (git-ignored).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot, requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';

const MUX = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');

type Bbox = [number, number, number, number];

interface TestServer {
  app: FastifyInstance;
  origin: string;
}

async function startServer(db: TestDatabase): Promise<TestServer> {
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: db.url, REDE_MODO: 'desenvolvimento' }),
    webDist: DIST,
  };
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, origin: `http://127.0.0.1:${port}` };
}

/** Opens the console and records page errors and any request leaving the server's origin. */
async function openConsole(browser: Browser, origin: string) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const pageErrors: string[] = [];
  const externalRequests: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      externalRequests.push(url);
    }
  });
  await page.goto(origin);
  return { page, pageErrors, externalRequests };
}

async function waitForIdleMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.__map;
      return Boolean(map?.getLayer('ssdmt-line') && map.loaded() && map.areTilesLoaded() && !map.isMoving());
    },
    null,
    { timeout: 30_000, polling: 200 },
  );
  // One more frame so the last tiles are drawn before querying rendered features.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function renderedFeatureCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => window.__map?.queryRenderedFeatures({ layers: [id] }).length ?? -1, layerId);
}

async function jumpTo(page: Page, lon: number, lat: number, zoom: number): Promise<void> {
  await page.evaluate(
    ([x, y, z]) => window.__map?.jumpTo({ center: [x as number, y as number], zoom: z }),
    [lon, lat, zoom],
  );
  await waitForIdleMap(page);
}

/** Clicks the map canvas where a geographic point is drawn. */
async function clickMap(page: Page, lon: number, lat: number): Promise<void> {
  const point = await page.evaluate(
    ([x, y]) => window.__map?.project([x as number, y as number]),
    [lon, lat],
  );
  const box = await page.locator('.map canvas').boundingBox();
  assert.ok(point && box, 'mapa sem canvas');
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

test('console web: mapa da rede, busca de alimentador e popup de ativo (BDGD real)', {
  timeout: 300_000,
}, async (t) => {
  const file = requireSharedFile(t, MUX);
  if (!file) return;
  mkdirSync(ARTIFACTS, { recursive: true });

  execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });

  const db = await freshDatabase('web_console');
  const emptyDb = await freshDatabase('web_console_empty');
  const imported = await importBdgd({ file, pool: db.pool, databaseUrl: db.url });
  const server = await startServer(db);
  const emptyServer = await startServer(emptyDb);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    await server.app.close();
    await emptyServer.app.close();
    await db.close();
    await emptyDb.close();
  });

  const { page, pageErrors, externalRequests } = await openConsole(browser, server.origin);

  await t.test('carrega com o nome da distribuidora e a lista de alimentadores', async () => {
    await page.locator('[data-testid="import-header"]').waitFor();
    assert.match((await page.locator('[data-testid="import-header"]').textContent()) ?? '', /Mux Energia/);
    await page.locator('[data-cod-id="1_TAP2_1"]').waitFor();
    assert.equal(await page.locator('.feeder-item').count(), 2);
  });

  await t.test('desenha a rede de média tensão e os transformadores', async () => {
    await waitForIdleMap(page);
    assert.ok(
      (await renderedFeatureCount(page, 'ssdmt-line')) > 0,
      'rede MT (generalizada) na vista inicial',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'console-1-overview.png') });

    const { rows } = await db.pool.query<{ x: number; y: number }>(
      `SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM untrd WHERE id_importado = $1 ORDER BY id LIMIT 1`,
      [imported.idImportado],
    );
    const transformer = rows[0];
    assert.ok(transformer);
    await jumpTo(page, transformer.x, transformer.y, 15);
    assert.ok((await renderedFeatureCount(page, 'ssdmt-line')) > 0, 'segmentos MT em z15');
    assert.ok((await renderedFeatureCount(page, 'untrd-circle')) > 0, 'transformadores em z15');
    assert.ok((await renderedFeatureCount(page, 'ssdbt-line')) > 0, 'rede BT em z15');
    await page.screenshot({ path: join(ARTIFACTS, 'console-2-detail.png') });
  });

  await t.test('buscar um alimentador e clicar nele enquadra e destaca o alimentador', async () => {
    await page.fill('input[type="search"]', 'TJB15');
    await page.waitForFunction(() => document.querySelectorAll('.feeder-item').length === 1);
    const target = page.locator('.feeder-item').first();
    assert.equal(await target.getAttribute('data-cod-id'), '1_TAP2_1');
    const { bbox } = (await (await fetch(`${server.origin}/alimentadores?busca=TJB15`)).json())[0] as {
      bbox: Bbox;
    };
    await jumpTo(page, -40, -10, 5);
    await target.click();
    await page.waitForFunction(() => window.__map?.isMoving() === false, null, { timeout: 10_000 });
    await waitForIdleMap(page);
    const centre = await page.evaluate(() => window.__map?.getCenter().toArray());
    assert.ok(centre);
    const [lon, lat] = centre;
    assert.ok(lon !== undefined && lon >= bbox[0] && lon <= bbox[2], `longitude ${lon} fora de ${bbox}`);
    assert.ok(lat !== undefined && lat >= bbox[1] && lat <= bbox[3], `latitude ${lat} fora de ${bbox}`);
    assert.ok(((await page.evaluate(() => window.__map?.getZoom())) ?? 0) > 11, 'zoom do alimentador');
    const highlighted = await page.evaluate(
      () =>
        window.__map?.queryRenderedFeatures({ layers: ['ssdmt-highlight'] }).map((f) => f.properties.ctmt) ??
        [],
    );
    assert.ok(highlighted.length > 0, 'alimentador destacado');
    assert.ok(highlighted.every((c) => c === '1_TAP2_1'));
    assert.equal(await target.getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(ARTIFACTS, 'console-3-feeder.png') });
  });

  await t.test('clicar numa chave aberta mostra o popup com códigos decodificados', async () => {
    const { rows } = await db.pool.query<{ cod_id: string; x: number; y: number }>(
      `SELECT cod_id, ST_X(geom) AS x, ST_Y(geom) AS y FROM unsemt
        WHERE id_importado = $1 AND p_n_ope = 'A' ORDER BY id LIMIT 1`,
      [imported.idImportado],
    );
    const openSwitch = rows[0];
    assert.ok(openSwitch);
    await jumpTo(page, openSwitch.x, openSwitch.y, 17);
    await clickMap(page, openSwitch.x, openSwitch.y);
    const card = page.locator('[data-testid="asset-card"]');
    await card.waitFor();
    await page.locator('.asset-card dd[data-field="p_n_ope"] .decoded-value').waitFor({ timeout: 10_000 });
    const text = (await card.textContent()) ?? '';
    assert.match(text, new RegExp(openSwitch.cod_id));
    assert.match(text, /Estado normal/);
    assert.equal(
      (await page.locator('dd[data-field="p_n_ope"] .decoded-value').textContent()) ?? '',
      'Aberta',
    );
    assert.match(text, /Fases/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-4-popup.png') });
  });

  await t.test('sem erros na página e sem requisições externas', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(externalRequests, []);
  });

  await t.test('sem importação, mostra como importar', async () => {
    const empty = await openConsole(browser, emptyServer.origin);
    const notice = empty.page.locator('[data-testid="empty-state"]');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /npm run import -- <arquivo\.gdb\.zip>/);
    await empty.page.screenshot({ path: join(ARTIFACTS, 'console-5-no-import.png') });
    await empty.page.close();
  });
});
