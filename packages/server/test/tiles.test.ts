// Vector tiles on the real Mux file: contents checked against SQL, generalisation, 4xx, ETag/304, gzip,
// TileJSON and cache invalidation after a re-import.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { decodeTile, densestTile, type Fixture, idsInTile, MUX_FILE, setupFixture } from './helpers.ts';

describe('tiles vetoriais (Mux)', () => {
  let fx: Fixture | undefined;
  let file: string | undefined;

  before(async (t) => {
    file = requireSharedFile(t as never, MUX_FILE);
    if (file) fx = await setupFixture('rede_eletrica_test_tiles', file);
  });
  after(async () => {
    await fx?.close();
  });

  const tile = async (url: string, headers: Record<string, string> = {}) => {
    if (!fx) throw new Error('fixture');
    return fx.app.inject({ url, headers });
  };

  test('tile z14 sobre a cidade contém os segmentos MT e transformadores que o SQL diz intersectar', async (t) => {
    if (!fx) return t.skip('sem dados');
    const z14 = await densestTile(fx.pool, 'ssdbt', 14);
    for (const table of ['ssdmt', 'untrd', 'unsemt', 'ssdbt']) {
      const response = await tile(`/tiles/${table}/${z14.z}/${z14.x}/${z14.y}.pbf`);
      assert.equal(response.statusCode, 200, table);
      assert.equal(response.headers['content-type'], 'application/vnd.mapbox-vector-tile');
      const layers = decodeTile(response.rawPayload);
      assert.deepEqual([...layers.keys()], [table], 'camada MVT com o nome da tabela');
      const features = layers.get(table) ?? [];
      const got = new Set(features.map((f) => Number(f.properties.id)));
      const expected = await idsInTile(fx.pool, table, z14);
      assert.ok(expected.length > 0, `SQL encontra ${table} no tile`);
      // Lines shorter than one tile unit can collapse; at z14 one unit ≈ 0.6 m.
      const long = (
        await fx.pool.query<{ id: string }>(
          `SELECT id FROM public.${table} WHERE id = ANY($1) AND (ST_Dimension(geom_3857) = 0 OR ST_Length(geom_3857) > 2)`,
          [expected],
        )
      ).rows.map((r) => Number(r.id));
      for (const id of long) assert.ok(got.has(id), `${table} id ${id} deveria estar no tile`);
      const withBuffer = new Set(
        (
          await fx.pool.query<{ id: string }>(
            `SELECT id FROM public.${table} WHERE geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 0.016)`,
            [z14.z, z14.x, z14.y],
          )
        ).rows.map((r) => Number(r.id)),
      );
      for (const id of got) assert.ok(withBuffer.has(id), `${table} id ${id} não intersecta o tile`);
      const sample = features[0]?.properties ?? {};
      assert.equal(sample.id_importado, fx.idImportado);
      assert.ok('cod_id' in sample && 'ctmt' in sample, 'propriedades de estilo');
      if (table === 'untrd') assert.ok('pot_nom' in sample && 'tip_trafo' in sample);
      if (table === 'unsemt') assert.ok('p_n_ope' in sample && 'tip_unid' in sample);
      if (table === 'ssdmt') assert.ok('fas_con' in sample && 'comp' in sample && 'tip_cnd' in sample);
    }
  });

  test('tile z16: conjunto exato de transformadores e chaves', async (t) => {
    if (!fx) return t.skip('sem dados');
    for (const table of ['untrd', 'unsemt']) {
      const z16 = await densestTile(fx.pool, table, 16);
      const response = await tile(`/tiles/${table}/16/${z16.x}/${z16.y}.pbf`);
      assert.equal(response.statusCode, 200);
      const ids = (decodeTile(response.rawPayload).get(table) ?? [])
        .map((f) => Number(f.properties.id))
        .sort((a, b) => a - b);
      const inside = await idsInTile(fx.pool, table, z16);
      for (const id of inside) assert.ok(ids.includes(id), `${table} ${id}`);
    }
  });

  test('zoom baixo: MT vem da rede generalizada (um registro por alimentador); BT e pontos vazios', async (t) => {
    if (!fx) return t.skip('sem dados');
    const z8 = await densestTile(fx.pool, 'ssdmt', 8);
    const response = await tile(`/tiles/ssdmt/8/${z8.x}/${z8.y}.pbf`);
    assert.equal(response.statusCode, 200);
    const features = decodeTile(response.rawPayload).get('ssdmt') ?? [];
    assert.deepEqual(features.map((f) => f.properties.ctmt).sort(), ['1_TAP2_1', '2_TAP2_1']);
    for (const f of features) {
      assert.equal(f.properties.generalizado, true);
      assert.equal(f.properties.nivel, 1);
    }
    const z11 = await densestTile(fx.pool, 'ssdmt', 11);
    const medium =
      decodeTile((await tile(`/tiles/ssdmt/11/${z11.x}/${z11.y}.pbf`)).rawPayload).get('ssdmt') ?? [];
    assert.ok(medium.length > 0 && medium.every((f) => f.properties.nivel === 2));
    assert.equal((await tile(`/tiles/ssdbt/11/${z11.x}/${z11.y}.pbf`)).statusCode, 204);
    assert.equal((await tile(`/tiles/untrd/8/${z8.x}/${z8.y}.pbf`)).statusCode, 204);
  });

  test('filtro por importação; importação inexistente → 404', async (t) => {
    if (!fx) return t.skip('sem dados');
    const z14 = await densestTile(fx.pool, 'ssdmt', 14);
    const ok = await tile(`/tiles/ssdmt/14/${z14.x}/${z14.y}.pbf?importacao=${fx.idImportado}`);
    assert.equal(ok.statusCode, 200);
    assert.equal((await tile(`/tiles/ssdmt/14/${z14.x}/${z14.y}.pbf?importacao=999`)).statusCode, 404);
  });

  test('entradas inválidas → 4xx com mensagem em português, nunca 500; contadas em /metricas', async (t) => {
    if (!fx) return t.skip('sem dados');
    const before = (await tile('/metricas')).json().contadores.rejeitadas ?? 0;
    const cases: [string, number][] = [
      ['/tiles/segcon/1/0/0.pbf', 400],
      ['/tiles/nada/1/0/0.pbf', 400],
      ['/tiles/ssdmt/23/0/0.pbf', 400],
      ['/tiles/ssdmt/-1/0/0.pbf', 400],
      ['/tiles/ssdmt/2/4/0.pbf', 400],
      ['/tiles/ssdmt/2/0/4.pbf', 400],
      ['/tiles/ssdmt/2/1.5/0.pbf', 400],
      ['/tiles/ssdmt/a/0/0.pbf', 400],
      ['/tiles/ssdmt/2/0/0.pbf?importacao=abc', 400],
      ['/tiles/ssdmt/2/0/0.pbf?outro=1', 400],
      ['/tiles/ssdmt/2/0/0.png', 404],
      ['/tiles/segcon.json', 400],
    ];
    for (const [url, status] of cases) {
      const response = await tile(url);
      assert.equal(response.statusCode, status, url);
      const body = response.json();
      assert.equal(typeof body.mensagem, 'string', url);
      assert.match(body.mensagem, /[a-zãçéíóú]/);
    }
    const afterCount = (await tile('/metricas')).json().contadores.rejeitadas;
    assert.equal(afterCount - before, cases.length);
  });

  test('ETag/304, Cache-Control, gzip', async (t) => {
    if (!fx) return t.skip('sem dados');
    const z14 = await densestTile(fx.pool, 'ssdmt', 14);
    const url = `/tiles/ssdmt/14/${z14.x}/${z14.y}.pbf`;
    const plain = await tile(url);
    const etag = plain.headers.etag as string;
    assert.ok(etag);
    assert.match(String(plain.headers['cache-control']), /max-age=\d+/);
    const gz = await tile(url, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.etag, etag);
    assert.deepEqual(gunzipSync(gz.rawPayload), plain.rawPayload);
    const notModified = await tile(url, { 'if-none-match': etag });
    assert.equal(notModified.statusCode, 304);
    assert.equal(notModified.rawPayload.length, 0);
    assert.equal((await tile(url, { 'if-none-match': 'W/"outro"' })).statusCode, 200);
  });

  test('TileJSON e catálogo', async (t) => {
    if (!fx) return t.skip('sem dados');
    const response = await tile('/tiles/ssdmt.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.equal(doc.tilejson, '3.0.0');
    assert.match(doc.tiles[0], /\/tiles\/ssdmt\/\{z\}\/\{x\}\/\{y\}\.pbf$/);
    const extent = (
      await fx.pool.query(
        'SELECT ST_XMin(e) a, ST_YMin(e) b, ST_XMax(e) c, ST_YMax(e) d FROM (SELECT ST_Extent(geom) e FROM ssdmt) x',
      )
    ).rows[0];
    const expected = [extent.a, extent.b, extent.c, extent.d];
    (doc.bounds as number[]).forEach((v, i) => {
      assert.ok(Math.abs(v - (expected[i] as number)) < 0.001, `bounds[${i}]`);
    });
    assert.equal(doc.vector_layers[0].id, 'ssdmt');
    assert.equal(doc.vector_layers[0].fields.comp, 'Number');
    assert.equal(doc.vector_layers[0].fields.cod_id, 'String');
    const catalogo = (await tile('/tiles/catalogo')).json();
    const names = catalogo.camadas.map((c: { camada: string }) => c.camada);
    for (const name of ['ssdmt', 'ssdbt', 'ssdat', 'untrd', 'untrs', 'unsemt', 'sub'])
      assert.ok(names.includes(name), name);
    assert.ok(!names.includes('segcon'), 'segcon não tem geometria');
  });

  test('reimportação invalida cache e ETag', async (t) => {
    if (!fx || !file) return t.skip('sem dados');
    const z14 = await densestTile(fx.pool, 'untrd', 14);
    const url = `/tiles/untrd/14/${z14.x}/${z14.y}.pbf`;
    const first = await tile(url);
    const etag = first.headers.etag as string;
    assert.equal((await tile(url, { 'if-none-match': etag })).statusCode, 304);
    const { importBdgd } = await import('@rede-eletrica/bdgd');
    await importBdgd({ file, pool: fx.pool, databaseUrl: fx.url });
    // After the re-import (new generation) change a value in the new partition: the tile must be re-rendered.
    await fx.pool.query(
      `UPDATE public.untrd SET pot_nom = 9999 WHERE id = (SELECT min(id) FROM public.untrd
      WHERE geom_3857 && ST_TileEnvelope($1, $2, $3))`,
      [z14.z, z14.x, z14.y],
    );
    const second = await tile(url, { 'if-none-match': etag });
    assert.equal(second.statusCode, 200, 'ETag antigo não vale após reimportação');
    assert.notEqual(second.headers.etag, etag);
    const pots = (decodeTile(second.rawPayload).get('untrd') ?? []).map((f) => Number(f.properties.pot_nom));
    assert.ok(pots.includes(9999), 'tile renderizado de novo com os dados atuais');
  });
});
