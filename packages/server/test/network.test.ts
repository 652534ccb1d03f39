// Network API on the real Mux file, with expected values computed independently (ogrinfo on the source
// file, the ANEEL CSVs, SQL).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CODES_DIR } from '@rede-eletrica/bdgd';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { type Fixture, MUX_FILE, ogrSql, setupFixture } from './helpers.ts';

/** Description of a code straight from the shipped CSV (independent of the server's decoder). */
function csvDescription(file: string, code: string): string {
  const [header, ...lines] = readFileSync(CODES_DIR + file, 'utf8')
    .trim()
    .split('\n');
  const columns = (header as string).split(',');
  const codeIndex = columns.indexOf('code');
  const descrIndex = columns.indexOf('descr_pt');
  for (const line of lines) {
    const cells = line.split(',');
    if (cells[codeIndex] === code) return (cells[descrIndex] as string).replace(/^"|"$/g, '');
  }
  throw new Error(`código ${code} ausente de ${file}`);
}

describe('API de rede (Mux)', () => {
  let fx: Fixture | undefined;
  let file: string | undefined;
  before(async (t) => {
    file = requireSharedFile(t as never, MUX_FILE);
    if (file) fx = await setupFixture('rede_eletrica_test_rede', file);
  });
  after(async () => {
    await fx?.close();
  });
  const get = (url: string) => {
    if (!fx) throw new Error('fixture');
    return fx.app.inject({ url });
  };

  test('GET /alimentadores: segmentos, km e transformadores por alimentador conferem com o arquivo', async (t) => {
    if (!fx || !file) return t.skip('sem dados');
    const mt = ogrSql(file, 'SELECT CTMT, COUNT(*) AS n, SUM(COMP) AS comp FROM SSDMT GROUP BY CTMT');
    const tr = ogrSql(file, 'SELECT CTMT, COUNT(*) AS n FROM UNTRMT GROUP BY CTMT');
    const response = await get('/alimentadores');
    assert.equal(response.statusCode, 200);
    const feeders = response.json();
    assert.deepEqual(feeders.map((f: { cod_id: string }) => f.cod_id).sort(), ['1_TAP2_1', '2_TAP2_1']);
    for (const f of feeders) {
      const m = mt.find((r) => r.CTMT === f.cod_id);
      assert.ok(m);
      assert.ok(Math.abs(f.km_mt - Number(m.comp) / 1000) < 0.001, `${f.cod_id} km_mt`);
      assert.equal(f.n_transformadores, Number(tr.find((r) => r.CTMT === f.cod_id)?.n));
      assert.equal(f.sub, 'TAP2');
      assert.equal(f.bbox.length, 4);
      assert.ok(f.bbox[0] < f.bbox[2] && f.bbox[1] < f.bbox[3]);
    }
    const search = (await get('/alimentadores?busca=tjb16')).json();
    assert.deepEqual(
      search.map((f: { nome: string }) => f.nome),
      ['TJB16'],
    );
    assert.equal((await get('/alimentadores?busca=2_tap')).json()[0].cod_id, '2_TAP2_1');
    assert.equal((await get('/alimentadores?bbox=10,10,11,11')).json().length, 0);
    const box = [-51.9, -28.08, -51.8, -28.0];
    const expectedInBox = (
      await fx.pool.query<{ ctmt: string }>(
        `SELECT ctmt FROM ssdmt GROUP BY ctmt
          HAVING ST_Extent(geom)::geometry && ST_MakeEnvelope($1, $2, $3, $4, 4674) ORDER BY ctmt`,
        box,
      )
    ).rows.map((r) => r.ctmt);
    const inBox = (await get(`/alimentadores?bbox=${box.join(',')}`)).json();
    assert.deepEqual(
      inBox.map((f: { cod_id: string }) => f.cod_id),
      expectedInBox,
    );
    assert.ok(expectedInBox.length === 1, 'caixa escolhida pega só um alimentador');
    assert.equal((await get(`/alimentadores?importacao=${fx.idImportado}`)).json().length, 2);
    for (const bad of [
      'bbox=1,2,3',
      'bbox=a,b,c,d',
      'bbox=10,10,5,5',
      'bbox=-200,0,0,1',
      'importacao=0',
      'x=1',
    ]) {
      const r = await get(`/alimentadores?${bad}`);
      assert.equal(r.statusCode, 400, bad);
      assert.ok(r.json().mensagem, bad);
    }
    assert.equal((await get('/alimentadores?importacao=777')).statusCode, 404);
  });

  test('GET /alimentador/{id}: tensão por TTEN, totais por COMP, transformadores e chaves', async (t) => {
    if (!fx || !file) return t.skip('sem dados');
    const response = await get('/alimentador/1_TAP2_1?geojson=true');
    assert.equal(response.statusCode, 200);
    const f = response.json();
    const ctmt = ogrSql(
      file,
      "SELECT NOME, SUB, PAC_INI, TEN_NOM, TEN_OPE FROM CTMT WHERE COD_ID = '1_TAP2_1'",
    )[0];
    assert.ok(ctmt);
    assert.equal(f.nome, ctmt.NOME);
    assert.equal(f.pac_ini, ctmt.PAC_INI);
    assert.deepEqual(f.subestacao, { cod_id: 'TAP2', nome: 'SUBESTAÇÃO RGE TAPEJARA 2' });
    // TTEN: the CSV's volts column for the feeder's TEN_NOM code.
    const tten = readFileSync(`${CODES_DIR}TTEN_voltage.csv`, 'utf8').split('\n');
    const header = (tten[0] as string).split(',');
    const row = tten.find((l) => l.split(',')[header.indexOf('code')] === ctmt.TEN_NOM) as string;
    assert.equal(f.tensao_nominal_kv, Number(row.split(',')[header.indexOf('volts')]) / 1000);
    assert.equal(f.tensao_operacao_pu, Number(ctmt.TEN_OPE));
    const where = "WHERE CTMT = '1_TAP2_1'";
    const count = (sql: string) =>
      Number(ogrSql(file as string, sql.replace(/^SELECT (.*?) FROM/, 'SELECT $1 AS v FROM'))[0]?.v);
    assert.equal(f.totais.segmentos_mt, count(`SELECT COUNT(*) FROM SSDMT ${where}`));
    assert.ok(Math.abs(f.totais.km_mt - count(`SELECT SUM(COMP) FROM SSDMT ${where}`) / 1000) < 0.001);
    assert.ok(Math.abs(f.totais.km_bt - count(`SELECT SUM(COMP) FROM SSDBT ${where}`) / 1000) < 0.001);
    assert.equal(f.totais.transformadores, count(`SELECT COUNT(*) FROM UNTRMT ${where}`));
    assert.ok(Math.abs(f.totais.kva_instalado - count(`SELECT SUM(POT_NOM) FROM UNTRMT ${where}`)) < 0.5);
    assert.equal(f.totais.chaves, count(`SELECT COUNT(*) FROM UNSEMT ${where}`));
    assert.equal(f.totais.consumidores_bt, count(`SELECT COUNT(DISTINCT COD_ID) FROM UCBT_tab ${where}`));
    assert.equal(f.totais.consumidores_mt, count(`SELECT COUNT(DISTINCT COD_ID) FROM UCMT_tab ${where}`));
    assert.equal(f.transformadores.length, f.totais.transformadores);
    assert.equal(f.chaves.length, f.totais.chaves);
    const breaker = f.chaves.find((c: { cod_id: string }) => c.cod_id === '1DJ_15');
    assert.equal(breaker.tip_unid, '29');
    assert.equal(breaker.decodificados.TIP_UNID, csvDescription('TIP_UNID_unit_type.csv', '29'));
    assert.equal(breaker.decodificados.P_N_OPE, csvDescription('P_N_OPE_normal_state.csv', 'F'));
    assert.equal(f.segmentos_mt.type, 'FeatureCollection');
    assert.equal(f.segmentos_mt.features.length, f.totais.segmentos_mt);
    assert.match(f.segmentos_mt.features[0].geometry.type, /LineString/);
    assert.equal((await get('/alimentador/NAO_EXISTE')).statusCode, 404);
    assert.equal((await get('/alimentador/1_TAP2_1?importacao=abc')).statusCode, 400);
    assert.equal((await get('/alimentador/1_TAP2_1?importacao=555')).statusCode, 404);
  });

  test('rastreamento: montante de um transformador termina no disjuntor do alimentador; jusante do disjuntor contém todos os transformadores', async (t) => {
    if (!fx) return t.skip('sem dados');
    for (const [feeder, breaker] of [
      ['1_TAP2_1', '1DJ_15'],
      ['2_TAP2_1', '1DJ_16'],
    ] as const) {
      const transformers = (
        await fx.pool.query<{ cod_id: string }>(
          'SELECT cod_id FROM untrd WHERE ctmt = $1 AND pac_1 IS NOT NULL ORDER BY id',
          [feeder],
        )
      ).rows.map((r) => r.cod_id);
      const sample = transformers[Math.floor(transformers.length / 2)] as string;
      const up = (await get(`/rede/${encodeURIComponent(sample)}/montante`)).json();
      assert.equal(up.camada, 'untrd');
      assert.equal(up.alimentador, feeder);
      assert.equal(up.total, up.elementos.length);
      const last = up.elementos.at(-1);
      assert.equal(last.camada, 'unsemt');
      assert.equal(last.cod_id, breaker);
      assert.ok([last.pac_1, last.pac_2].includes(feeder), 'disjuntor no PAC_INI');
      // Consecutive elements share a PAC: the path is connected.
      for (let i = 1; i < up.elementos.length; i++) {
        const a = up.elementos[i - 1];
        const b = up.elementos[i];
        assert.ok(
          [a.pac_1, a.pac_2].some((p: string) => [b.pac_1, b.pac_2].includes(p)),
          `caminho contínuo em ${i}`,
        );
      }
      const down = (await get(`/rede/${breaker}/jusante`)).json();
      assert.equal(down.alimentador, feeder);
      const fed = new Set(
        down.elementos
          .filter((e: { camada: string }) => e.camada === 'untrd')
          .map((e: { cod_id: string }) => e.cod_id),
      );
      // Reachable transformers of the feeder (SQL: same CTMT) are all fed by its breaker.
      for (const cod of transformers) assert.ok(fed.has(cod), `${cod} a jusante de ${breaker}`);
      assert.equal(down.transformadores, fed.size);
      // LV consumers attach by PAC: every UCBT of the feeder whose PAC is reached is counted.
      const consumers = (
        await fx.pool.query<{ n: number }>(
          'SELECT count(DISTINCT cod_id)::int AS n FROM ucbt_tab WHERE ctmt = $1',
          [feeder],
        )
      ).rows[0]?.n as number;
      assert.ok(
        down.consumidores_bt > 0.95 * consumers && down.consumidores_bt <= consumers + 5,
        `${down.consumidores_bt} ~ ${consumers}`,
      );
    }
    const segment = (await get('/rede/905/montante?camada=ssdmt')).json();
    assert.equal(segment.camada, 'ssdmt');
    assert.equal((await get('/rede/NAO_EXISTE/montante')).statusCode, 404);
    assert.equal((await get('/rede/1DJ_15/lateral')).statusCode, 400);
    assert.equal((await get('/rede/1DJ_15/jusante?camada=sub')).statusCode, 400);
  });

  test('GET /ativos/{cod_id}: registros em todas as camadas, códigos decodificados, geometria GeoJSON', async (t) => {
    if (!fx) return t.skip('sem dados');
    const response = await get('/ativos/1DJ_15');
    assert.equal(response.statusCode, 200);
    const [asset] = response.json();
    assert.equal(asset.camada, 'unsemt');
    assert.equal(asset.atributos.COD_ID, '1DJ_15');
    assert.equal(asset.atributos.TIP_UNID, '29');
    assert.equal(asset.decodificados.TIP_UNID, csvDescription('TIP_UNID_unit_type.csv', '29'));
    assert.equal(asset.decodificados.FAS_CON, csvDescription('TFASCON_phase_connection.csv', 'ABC'));
    assert.equal(asset.geometria.type, 'Point');
    const [lon, lat] = asset.geometria.coordinates;
    assert.ok(lon > -53 && lon < -51 && lat > -29 && lat < -27);
    const feeder = (await get('/ativos/1_TAP2_1')).json();
    const ctmt = feeder.find((a: { camada: string }) => a.camada === 'ctmt');
    assert.ok(ctmt, 'CTMT (tabela sem geometria) também aparece');
    assert.equal(ctmt.geometria, undefined);
    // TTEN has no description column: the decoded text is the CSV's volts with the unit.
    const volts = Number(
      readFileSync(`${CODES_DIR}TTEN_voltage.csv`, 'utf8')
        .split('\n')
        .find((line) => line.startsWith(`${ctmt.atributos.TEN_NOM},`))
        ?.split(',')[1],
    );
    assert.equal(ctmt.decodificados.TEN_NOM, `${volts.toLocaleString('pt-BR')} V`);
    const segcon = (await fx.pool.query<{ cod_id: string }>('SELECT cod_id FROM segcon LIMIT 1')).rows[0]
      ?.cod_id as string;
    const conductor = (await get(`/ativos/${encodeURIComponent(segcon)}`))
      .json()
      .find((a: { camada: string }) => a.camada === 'segcon');
    assert.ok('CMAX' in conductor.atributos, 'cmax_bdgd volta a se chamar CMAX');
    assert.equal((await get('/ativos/NAO_EXISTE_XYZ')).statusCode, 404);
  });

  test('importações, defeitos, saúde, OpenAPI e 404', async (t) => {
    if (!fx) return t.skip('sem dados');
    const imports = (await get('/importacoes')).json();
    assert.equal(imports.length, 1);
    const defects = (await fx.pool.query('SELECT count(*)::int AS n FROM defeitos_importacao')).rows[0].n;
    assert.equal(imports[0].n_defeitos, defects);
    assert.equal(imports[0].contagens.ssdmt, 2173);
    const report = (await get(`/importacoes/${fx.idImportado}/defeitos`)).json();
    assert.equal(report.total, defects);
    assert.equal((await get('/importacoes/999/defeitos')).statusCode, 404);
    assert.equal((await get('/importacoes/abc/defeitos')).statusCode, 400);
    const health = (await get('/saude')).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.postgis.instalado, true);
    const spec = (await get('/openapi.json')).json();
    for (const path of [
      '/tiles/{layer}/{z}/{x}/{y}.pbf',
      '/tiles/{layer}.json',
      '/tiles/catalogo',
      '/alimentadores',
      '/alimentador/{id}',
      '/rede/{cod_id}/{sentido}',
      '/ativos/{cod_id}',
      '/importacoes',
      '/saude',
    ]) {
      assert.ok(spec.paths[path], `OpenAPI documenta ${path}`);
    }
    const notFound = await get('/nao/existe');
    assert.equal(notFound.statusCode, 404);
    assert.match(notFound.json().mensagem, /rota não encontrada/);
  });
});
