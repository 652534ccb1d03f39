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
const ARTEFATOS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');

type Bbox = [number, number, number, number];

interface Servidor {
  app: FastifyInstance;
  origem: string;
}

async function iniciarServidor(db: TestDatabase): Promise<Servidor> {
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: db.url, REDE_MODO: 'desenvolvimento' }),
    webDist: DIST,
  };
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, origem: `http://127.0.0.1:${port}` };
}

/** Opens the console and records page errors and any request leaving the server's origin. */
async function abrirConsole(browser: Browser, origem: string) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const errosDaPagina: string[] = [];
  const requisicoesExternas: string[] = [];
  page.on('pageerror', (e) => errosDaPagina.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origem) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      requisicoesExternas.push(url);
    }
  });
  await page.goto(origem);
  return { page, errosDaPagina, requisicoesExternas };
}

async function esperarMapaOcioso(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const mapa = window.__mapa;
      return Boolean(
        mapa?.getLayer('ssdmt-linha') && mapa.loaded() && mapa.areTilesLoaded() && !mapa.isMoving(),
      );
    },
    null,
    { timeout: 30_000, polling: 200 },
  );
  // One more frame so the last tiles are drawn before querying rendered features.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function feicoesDesenhadas(page: Page, camada: string): Promise<number> {
  return page.evaluate((id) => window.__mapa?.queryRenderedFeatures({ layers: [id] }).length ?? -1, camada);
}

async function irPara(page: Page, lon: number, lat: number, zoom: number): Promise<void> {
  await page.evaluate(
    ([x, y, z]) => window.__mapa?.jumpTo({ center: [x as number, y as number], zoom: z }),
    [lon, lat, zoom],
  );
  await esperarMapaOcioso(page);
}

/** Clicks the map canvas where a geographic point is drawn. */
async function clicarNoMapa(page: Page, lon: number, lat: number): Promise<void> {
  const ponto = await page.evaluate(
    ([x, y]) => window.__mapa?.project([x as number, y as number]),
    [lon, lat],
  );
  const caixa = await page.locator('.mapa canvas').boundingBox();
  assert.ok(ponto && caixa, 'mapa sem canvas');
  await page.mouse.click(caixa.x + ponto.x, caixa.y + ponto.y);
}

test('console web: mapa da rede, busca de alimentador e popup de ativo (BDGD real)', {
  timeout: 300_000,
}, async (t) => {
  const arquivo = requireSharedFile(t, MUX);
  if (!arquivo) return;
  mkdirSync(ARTEFATOS, { recursive: true });

  execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });

  const db = await freshDatabase('web_console');
  const vazio = await freshDatabase('web_console_vazio');
  const importacao = await importBdgd({ file: arquivo, pool: db.pool, databaseUrl: db.url });
  const servidor = await iniciarServidor(db);
  const servidorVazio = await iniciarServidor(vazio);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    await servidor.app.close();
    await servidorVazio.app.close();
    await db.close();
    await vazio.close();
  });

  const { page, errosDaPagina, requisicoesExternas } = await abrirConsole(browser, servidor.origem);

  await t.test('carrega com o nome da distribuidora e a lista de alimentadores', async () => {
    await page.locator('[data-testid="cabecalho-importacao"]').waitFor();
    assert.match(
      (await page.locator('[data-testid="cabecalho-importacao"]').textContent()) ?? '',
      /Mux Energia/,
    );
    await page.locator('[data-cod-id="1_TAP2_1"]').waitFor();
    assert.equal(await page.locator('.item-alimentador').count(), 2);
  });

  await t.test('desenha a rede de média tensão e os transformadores', async () => {
    await esperarMapaOcioso(page);
    assert.ok((await feicoesDesenhadas(page, 'ssdmt-linha')) > 0, 'rede MT (generalizada) na vista inicial');
    await page.screenshot({ path: join(ARTEFATOS, 'console-1-visao-geral.png') });

    const { rows } = await db.pool.query<{ x: number; y: number }>(
      `SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM untrd WHERE id_importado = $1 ORDER BY id LIMIT 1`,
      [importacao.idImportado],
    );
    const trafo = rows[0];
    assert.ok(trafo);
    await irPara(page, trafo.x, trafo.y, 15);
    assert.ok((await feicoesDesenhadas(page, 'ssdmt-linha')) > 0, 'segmentos MT em z15');
    assert.ok((await feicoesDesenhadas(page, 'untrd-circulo')) > 0, 'transformadores em z15');
    assert.ok((await feicoesDesenhadas(page, 'ssdbt-linha')) > 0, 'rede BT em z15');
    await page.screenshot({ path: join(ARTEFATOS, 'console-2-detalhe.png') });
  });

  await t.test('buscar um alimentador e clicar nele enquadra e destaca o alimentador', async () => {
    await page.fill('input[type="search"]', 'TJB15');
    await page.waitForFunction(() => document.querySelectorAll('.item-alimentador').length === 1);
    const alvo = page.locator('.item-alimentador').first();
    assert.equal(await alvo.getAttribute('data-cod-id'), '1_TAP2_1');
    const { bbox } = (await (await fetch(`${servidor.origem}/alimentadores?busca=TJB15`)).json())[0] as {
      bbox: Bbox;
    };
    await irPara(page, -40, -10, 5);
    await alvo.click();
    await page.waitForFunction(() => window.__mapa?.isMoving() === false, null, { timeout: 10_000 });
    await esperarMapaOcioso(page);
    const centro = await page.evaluate(() => window.__mapa?.getCenter().toArray());
    assert.ok(centro);
    const [lon, lat] = centro;
    assert.ok(lon !== undefined && lon >= bbox[0] && lon <= bbox[2], `longitude ${lon} fora de ${bbox}`);
    assert.ok(lat !== undefined && lat >= bbox[1] && lat <= bbox[3], `latitude ${lat} fora de ${bbox}`);
    assert.ok(((await page.evaluate(() => window.__mapa?.getZoom())) ?? 0) > 11, 'zoom do alimentador');
    const destacadas = await page.evaluate(
      () =>
        window.__mapa?.queryRenderedFeatures({ layers: ['ssdmt-destaque'] }).map((f) => f.properties.ctmt) ??
        [],
    );
    assert.ok(destacadas.length > 0, 'alimentador destacado');
    assert.ok(destacadas.every((c) => c === '1_TAP2_1'));
    assert.equal(await alvo.getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(ARTEFATOS, 'console-3-alimentador.png') });
  });

  await t.test('clicar numa chave aberta mostra o popup com códigos decodificados', async () => {
    const { rows } = await db.pool.query<{ cod_id: string; x: number; y: number }>(
      `SELECT cod_id, ST_X(geom) AS x, ST_Y(geom) AS y FROM unsemt
        WHERE id_importado = $1 AND p_n_ope = 'A' ORDER BY id LIMIT 1`,
      [importacao.idImportado],
    );
    const chave = rows[0];
    assert.ok(chave);
    await irPara(page, chave.x, chave.y, 17);
    await clicarNoMapa(page, chave.x, chave.y);
    const cartao = page.locator('[data-testid="cartao-ativo"]');
    await cartao.waitFor();
    await page
      .locator('.cartao-ativo dd[data-campo="p_n_ope"] .valor-decodificado')
      .waitFor({ timeout: 10_000 });
    const texto = (await cartao.textContent()) ?? '';
    assert.match(texto, new RegExp(chave.cod_id));
    assert.match(texto, /Estado normal/);
    assert.equal(
      (await page.locator('dd[data-campo="p_n_ope"] .valor-decodificado').textContent()) ?? '',
      'Aberta',
    );
    assert.match(texto, /Fases/);
    await page.screenshot({ path: join(ARTEFATOS, 'console-4-popup.png') });
  });

  await t.test('sem erros na página e sem requisições externas', () => {
    assert.deepEqual(errosDaPagina, []);
    assert.deepEqual(requisicoesExternas, []);
  });

  await t.test('sem importação, mostra como importar', async () => {
    const vazia = await abrirConsole(browser, servidorVazio.origem);
    const aviso = vazia.page.locator('[data-testid="estado-vazio"]');
    await aviso.waitFor();
    assert.match((await aviso.textContent()) ?? '', /npm run import -- <arquivo\.gdb\.zip>/);
    await vazia.page.screenshot({ path: join(ARTEFATOS, 'console-5-sem-importacao.png') });
    await vazia.page.close();
  });
});
