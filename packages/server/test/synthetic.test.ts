// Core assertions on a small synthetic BDGD (made by @rede-eletrica/bdgd/synthetic), so that the server is
// tested without the shared reference data. Expected values come from the generator's manifest.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type GenerateResult, generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { decodeTile, densestTile, type Fixture, idsInTile, setupFixture } from './helpers.ts';

describe('servidor sobre BDGD sintética', () => {
  let fx: Fixture;
  let generated: GenerateResult;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rede-server-sintetica-'));
    generated = await generateBdgd({ outputDir: dir, seed: 11, feeders: 3, mvSegmentsPerFeeder: 80 });
    fx = await setupFixture('rede_eletrica_test_sintetica', generated.gdbPath);
  });
  after(async () => {
    await fx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('alimentadores: transformadores e km de MT conferem com o manifesto', async () => {
    const feeders = (await fx.app.inject({ url: '/alimentadores' })).json();
    assert.equal(feeders.length, generated.feeders.length);
    for (const expected of generated.feeders) {
      const f = feeders.find((x: { cod_id: string }) => x.cod_id === expected.COD_ID);
      assert.ok(f, expected.COD_ID);
      assert.equal(f.nome, expected.NOME);
      assert.equal(f.n_transformadores, expected.transformers);
      assert.ok(
        Math.abs(f.km_mt - expected.mvLengthMetres / 1000) < 0.01,
        `${f.km_mt} vs ${expected.mvLengthMetres}`,
      );
      const detail = (
        await fx.app.inject({ url: `/alimentador/${encodeURIComponent(expected.COD_ID)}` })
      ).json();
      assert.equal(detail.totais.segmentos_mt, expected.mvSegments);
      assert.equal(detail.totais.chaves, expected.switches);
      assert.equal(detail.pac_ini, expected.PAC_INI);
    }
  });

  test('jusante do dispositivo de cabeça contém todos os transformadores do alimentador; montante termina nele', async () => {
    for (const expected of generated.feeders) {
      const head = (
        await fx.pool.query<{ cod_id: string }>(
          `SELECT cod_id FROM unsemt WHERE ctmt = $1 AND $2 IN (pac_1, pac_2) ORDER BY id LIMIT 1`,
          [expected.COD_ID, expected.PAC_INI],
        )
      ).rows[0]?.cod_id;
      assert.ok(head, `chave no PAC_INI de ${expected.COD_ID}`);
      const down = (
        await fx.app.inject({ url: `/rede/${encodeURIComponent(head)}/jusante?camada=unsemt` })
      ).json();
      assert.equal(down.alimentador, expected.COD_ID);
      assert.equal(down.transformadores, expected.transformers);
      const transformer = (
        await fx.pool.query<{ cod_id: string }>(
          'SELECT cod_id FROM untrd WHERE ctmt = $1 ORDER BY id DESC LIMIT 1',
          [expected.COD_ID],
        )
      ).rows[0]?.cod_id as string;
      const up = (
        await fx.app.inject({ url: `/rede/${encodeURIComponent(transformer)}/montante?camada=untrd` })
      ).json();
      assert.equal(up.elementos.at(-1).cod_id, head);
    }
  });

  test('tile z16 contém os transformadores que o SQL diz intersectar', async () => {
    const tile = await densestTile(fx.pool, 'untrd', 16);
    const response = await fx.app.inject({ url: `/tiles/untrd/16/${tile.x}/${tile.y}.pbf` });
    assert.equal(response.statusCode, 200);
    const ids = new Set(
      (decodeTile(response.rawPayload).get('untrd') ?? []).map((f) => Number(f.properties.id)),
    );
    const expected = await idsInTile(fx.pool, 'untrd', tile);
    assert.ok(expected.length > 0);
    for (const id of expected) assert.ok(ids.has(id), String(id));
  });
});
