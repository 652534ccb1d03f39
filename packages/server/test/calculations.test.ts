// POST /calculos/fluxo-carga/{ctmt} on a synthetic BDGD (and on the real Mux file when present): contract
// fields, power balance, GeoJSON form, day comparison and Portuguese errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import type { FastifyInstance } from 'fastify';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { MUX_FILE } from './helpers.ts';

describe('POST /calculos/fluxo-carga/{ctmt}', { concurrency: false }, () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let work: string;
  let feeder: string;
  let idImportado: number;
  before(async () => {
    db = await freshDatabase('calculations');
    work = mkdtempSync(join(tmpdir(), 'calculos-'));
    const generated = await generateBdgd({
      outputDir: work,
      name: 'Sintetica_Calc',
      seed: 11,
      feeders: 2,
      zip: true,
    });
    const imported = await importBdgd({
      file: generated.zipPath as string,
      pool: db.pool,
      databaseUrl: db.url,
    });
    idImportado = imported.idImportado;
    const r = await db.pool.query<{ cod_id: string }>('SELECT cod_id FROM ctmt ORDER BY cod_id LIMIT 1');
    feeder = r.rows[0]?.cod_id as string;
    app = await buildApp(
      loadConfig({ DATABASE_URL: db.url, REDE_GERACAO_TTL_MS: '0', REDE_TELEMETRIA: 'desligada' }),
      { logger: false },
    );
  });
  after(async () => {
    await app.close();
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('instant: losses, loading, voltages, balance and defects', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`,
      payload: { mes: 3, tipo_dia: 'DU', hora: '19:00' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.convergiu, true);
    assert.equal(body.id_importado, idImportado);
    assert.ok(body.perdas_totais_mw > 0);
    assert.ok(body.carregamento_linhas.length > 0);
    assert.ok(body.tensoes_barras.length > 0);
    assert.ok(
      Array.isArray(body.violacoes_tensao) && Array.isArray(body.sobrecargas) && Array.isArray(body.defeitos),
    );
    const b = body.balanco;
    assert.ok(Math.abs(b.fonte_kw - (b.cargas_kw - b.geracao_kw + b.perdas_kw)) <= 0.001 * b.fonte_kw);
    assert.ok(Math.abs(body.perdas_totais_mw * 1000 - b.perdas_kw) < 0.1);
    assert.equal(body.telemetria.fonte, 'nenhuma');
  });

  test('day: 96 steps and the comparison with the CTMT declaration', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`,
      payload: { periodo: 'dia', detalhes: false },
    });
    assert.equal(res.statusCode, 200, res.body);
    const dia = res.json().dia;
    assert.equal(dia.passos, 96);
    assert.equal(dia.perdas_kw_por_passo.length, 96);
    const energy = dia.perdas_kw_por_passo.reduce((a: number, v: number) => a + v * 0.25, 0) / 1000;
    assert.ok(Math.abs(energy - dia.perdas_dia_mwh) < 0.01);
    assert.ok('perdas_tecnicas_dia_mwh' in dia.declarado);
  });

  test('GeoJSON form for the map', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`,
      payload: { formato: 'geojson' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const fc = res.json();
    assert.equal(fc.type, 'FeatureCollection');
    assert.ok(fc.features.length > 0);
    assert.ok(typeof fc.features[0].properties.carregamento_pct === 'number');
  });

  test('one call returns the summary and its GeoJSON (geojson: true)', async () => {
    const [both, map] = await Promise.all(
      [{ detalhes: false, geojson: true }, { formato: 'geojson' }].map((payload) =>
        app.inject({ method: 'POST', url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`, payload }),
      ),
    );
    assert.ok(both && map);
    assert.equal(both.statusCode, 200, both.body);
    const body = both.json();
    assert.equal(body.convergiu, true);
    assert.ok(Array.isArray(body.violacoes_tensao));
    assert.deepEqual(body.carregamento_linhas, [], 'detalhes: false still applies to the lists');
    assert.equal(body.geojson.type, 'FeatureCollection');
    // Same solve as the GeoJSON form: the same segments with the same loadings.
    const loading = (fc: { features: Array<{ id: string; properties: { carregamento_pct: number } }> }) =>
      new Map(fc.features.map((f) => [f.id, f.properties.carregamento_pct]));
    assert.deepEqual(loading(body.geojson), loading(map.json()));
    const plain = await app.inject({
      method: 'POST',
      url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`,
      payload: { detalhes: false },
    });
    assert.equal(plain.json().geojson, undefined, 'without the option the contract is unchanged');
  });

  test('errors in Portuguese', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: '/calculos/fluxo-carga/NAO_EXISTE',
      payload: {},
    });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().mensagem, /não encontrado/);
    const bad = await app.inject({
      method: 'POST',
      url: `/calculos/fluxo-carga/${encodeURIComponent(feeder)}`,
      payload: { mes: 13 },
    });
    assert.equal(bad.statusCode, 400);
  });

  test('Mux: both feeders solve through the API', async (t) => {
    const file = requireSharedFile(t, MUX_FILE);
    if (!file) return;
    const imported = await importBdgd({ file, pool: db.pool, databaseUrl: db.url });
    for (const ctmt of ['1_TAP2_1', '2_TAP2_1']) {
      const res = await app.inject({
        method: 'POST',
        url: `/calculos/fluxo-carga/${ctmt}`,
        payload: { importacao: imported.idImportado, mes: 6, detalhes: false },
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.convergiu, true);
      assert.ok(body.defeitos.length > 0);
    }
  });
});
