// Imports synthetic BDGDs made by the project's generator: clean files must match the generator's manifest
// exactly; files with injected defects must import their good data and report each defect.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { layerForSourceName } from '../src/catalogue.ts';
import { BdgdFileError } from '../src/gdal/inspect.ts';
import { importBdgd } from '../src/import/import-bdgd.ts';
import { generateBdgd } from '../src/synthetic/index.ts';
import { analyseTopologyDefects } from '../src/topology/import-check.ts';

describe('importação de BDGD sintética', () => {
  let db: TestDatabase;
  const work = mkdtempSync(join(tmpdir(), 'rede-import-sint-'));
  before(async () => {
    db = await freshDatabase('import_synthetic');
  });
  after(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });
  const run = (file: string) =>
    importBdgd({ file, pool: db.pool, databaseUrl: db.url, extraChecks: [analyseTopologyDefects] });

  test('a clean file matches the manifest layer by layer and feeder by feeder, with no defects', async () => {
    const generated = await generateBdgd({
      outputDir: join(work, 'limpo'),
      name: 'Limpa_9999',
      seed: 3,
      feeders: 3,
      zip: true,
    });
    assert.ok(generated.zipPath);
    const result = await run(generated.zipPath);
    for (const [layer, count] of Object.entries(generated.layers)) {
      const table = layerForSourceName(layer)?.table as string;
      assert.equal(result.counts[table], count, `${layer} → ${table}`);
    }
    for (const feeder of generated.feeders) {
      const { rows } = await db.pool.query(
        `SELECT (SELECT count(*)::int FROM ssdmt WHERE id_importado = $1 AND ctmt = $2) AS mt,
                (SELECT count(*)::int FROM untrd WHERE id_importado = $1 AND ctmt = $2) AS trafos,
                (SELECT round(sum(comp)) FROM ssdmt WHERE id_importado = $1 AND ctmt = $2) AS comp`,
        [result.idImportado, feeder.COD_ID],
      );
      assert.equal(rows[0].mt, feeder.mvSegments, feeder.COD_ID);
      assert.equal(rows[0].trafos, feeder.transformers, feeder.COD_ID);
      assert.equal(Number(rows[0].comp), Math.round(feeder.mvLengthMetres), feeder.COD_ID);
    }
    assert.deepEqual(result.defects, []);
  });

  test('duplicate ids, invalid geometries, dangling PACs and unknown feeders are imported and reported', async () => {
    const generated = await generateBdgd({
      outputDir: join(work, 'defeitos'),
      name: 'Defeituosa_9998',
      seed: 4,
      feeders: 2,
      defects: {
        duplicateCodIds: [{ layer: 'SSDMT', count: 3 }],
        invalidGeometries: [
          { layer: 'SSDBT', count: 2, kind: 'empty' },
          { layer: 'UNTRMT', count: 2, kind: 'null' },
        ],
        danglingPacs: [{ layer: 'UCBT_tab', count: 4 }],
        unknownCtmt: [{ layer: 'SSDMT', count: 2 }],
      },
    });
    const result = await run(generated.gdbPath);
    // Nothing good is lost: every row of every layer is there.
    for (const [layer, count] of Object.entries(generated.layers)) {
      assert.equal(result.counts[layerForSourceName(layer)?.table as string], count, layer);
    }
    const report = (tipo: string, camada: string) =>
      result.defects.find((d) => d.tipo === tipo && d.camada === camada)?.quantidade;
    assert.equal(report('identificador_duplicado', 'ssdmt'), 3);
    assert.equal(report('geometria_vazia', 'ssdbt'), 2);
    assert.equal(report('geometria_vazia', 'untrd'), 2);
    assert.equal(report('pac_inexistente', 'ucbt_tab'), 4);
    assert.equal(report('ctmt_inexistente', 'ssdmt'), 2);
    const stored = await db.pool.query(
      'SELECT count(*)::int AS n FROM defeitos_importacao WHERE id_importado = $1',
      [result.idImportado],
    );
    assert.equal(stored.rows[0].n, result.defects.length);
  });

  test('a file without a required layer is refused', async () => {
    const generated = await generateBdgd({
      outputDir: join(work, 'sem-segcon'),
      name: 'SemSegcon_9997',
      feeders: 1,
      defects: { dropLayers: ['SEGCON'] },
    });
    await assert.rejects(
      run(generated.gdbPath),
      (err: Error) => err instanceof BdgdFileError && /SEGCON/.test(err.message),
    );
  });
});
