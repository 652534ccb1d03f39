// Imports the real Mux Energia 2024 BDGD and checks the database against GDAL's own reading of the file.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot, requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { layerForSourceName } from '../src/catalogue.ts';
import { BdgdFileError, gdalPath } from '../src/gdal/inspect.ts';
import { type ImportResult, importBdgd } from '../src/import/import-bdgd.ts';
import { analyseTopologyDefects } from '../src/topology/import-check.ts';
import { ogrLayerCounts, ogrSql } from './ogr.ts';

const MUX = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';

describe('importação do BDGD real (Mux Energia 2024)', () => {
  let db: TestDatabase;
  let file: string | undefined;
  let first: ImportResult;
  const work = mkdtempSync(join(tmpdir(), 'rede-import-'));

  before(async () => {
    db = await freshDatabase('import_real');
  });
  after(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  const run = (path: string, signal?: AbortSignal) =>
    importBdgd({
      file: path,
      pool: db.pool,
      databaseUrl: db.url,
      signal,
      extraChecks: [analyseTopologyDefects],
    });

  const snapshot = async () => {
    const importados = await db.pool.query(
      'SELECT id_importado, nome, importado_em FROM importados ORDER BY 1',
    );
    const rows = await db.pool.query(
      'SELECT id_importado, count(*)::int AS n FROM ssdmt GROUP BY 1 ORDER BY 1',
    );
    const schemas = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'importacao\\_%'`,
    );
    return { importados: importados.rows, ssdmt: rows.rows, workSchemas: schemas.rows[0].n };
  };

  test('every layer has exactly the rows ogrinfo reports', async (t) => {
    file = requireSharedFile(t, MUX);
    if (!file) return;
    first = await run(file);
    const expected = ogrLayerCounts(gdalPath(file));
    assert.equal(Object.keys(expected).length, 43);
    for (const [layer, count] of Object.entries(expected)) {
      const table = layerForSourceName(layer)?.table;
      assert.ok(table, `camada ${layer} sem tabela no catálogo`);
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM ${table} WHERE id_importado = $1`,
        [first.idImportado],
      );
      assert.equal(rows[0].n, count, `${layer} → ${table}`);
    }
    assert.deepEqual(first.ignoredLayers, []);
  });

  test('both feeders have the MV segments and transformers the file has', async (t) => {
    if (!file) return t.skip('sem arquivo');
    for (const [layer, table] of [
      ['SSDMT', 'ssdmt'],
      ['UNTRMT', 'untrd'],
    ]) {
      const expected: Array<{ ctmt: string | undefined; n: number }> = ogrSql(
        gdalPath(file),
        `SELECT CTMT, COUNT(*) AS N FROM ${layer} GROUP BY CTMT ORDER BY CTMT`,
      ).map((r) => ({ ctmt: r.CTMT, n: Number(r.N) }));
      assert.deepEqual(
        expected.map((e) => e.ctmt),
        ['1_TAP2_1', '2_TAP2_1'],
      );
      const { rows } = await db.pool.query(
        `SELECT ctmt, count(*)::int AS n FROM ${table} WHERE id_importado = $1 GROUP BY ctmt ORDER BY ctmt`,
        [first.idImportado],
      );
      assert.deepEqual(rows, expected, table);
    }
  });

  test('identifiers stay text as written and blank strings become NULL', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const source = ogrSql(gdalPath(file), 'SELECT COD_ID FROM UCBT_tab ORDER BY COD_ID LIMIT 3').map(
      (r) => r.COD_ID,
    );
    const { rows } = await db.pool.query(
      'SELECT cod_id FROM ucbt_tab WHERE id_importado = $1 ORDER BY cod_id COLLATE "C" LIMIT 3',
      [first.idImportado],
    );
    assert.deepEqual(
      rows.map((r) => r.cod_id),
      source,
    );
    assert.match(rows[0].cod_id, /^[0-9a-f]{64}$/i);
    const blanks = Number(
      ogrSql(gdalPath(file), `SELECT COUNT(*) AS N FROM SSDMT WHERE DESCR = ' '`)[0]?.N ?? Number.NaN,
    );
    const nulls = await db.pool.query(
      'SELECT count(*)::int AS n FROM ssdmt WHERE id_importado = $1 AND descr IS NULL',
      [first.idImportado],
    );
    assert.equal(nulls.rows[0].n, blanks);
    // SEGCON.CMAX clashes with a PostgreSQL system column and is kept as cmax_bdgd.
    const cmax = await db.pool.query(
      `SELECT cmax_bdgd FROM segcon WHERE id_importado = $1 AND cod_id = '2'`,
      [first.idImportado],
    );
    const sourceCmax = ogrSql(gdalPath(file), `SELECT CMAX FROM SEGCON WHERE COD_ID = '2'`)[0]?.CMAX;
    assert.equal(cmax.rows[0].cmax_bdgd, Number(sourceCmax));
  });

  test('the defect report lists what the reference documents for this file', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const { rows } = await db.pool.query(
      'SELECT tipo, camada, campo, quantidade FROM defeitos_importacao WHERE id_importado = $1',
      [first.idImportado],
    );
    const find = (tipo: string, camada: string) => rows.find((r) => r.tipo === tipo && r.camada === camada);
    // REFERENCE.md §2: 3 EQSE rows point to a missing UNSEMT; UCBT_tab has 334 repeated keys, UCMT_tab 3.
    assert.equal(find('referencia_inexistente', 'eqse')?.quantidade, 3);
    assert.equal(find('identificador_duplicado', 'ucbt_tab')?.quantidade, 334);
    assert.equal(find('identificador_duplicado', 'ucmt_tab')?.quantidade, 3);
    // §3.3: every branch is reachable except one isolated open fuse.
    assert.equal(find('topologia_inalcancavel', 'unsemt')?.quantidade, 1);
    assert.equal(find('topologia_inalcancavel', 'ssdmt'), undefined);
    // Every code used in the file exists in DDA-2022 except TIP_UNID 57, which the shipped table adds.
    assert.equal(rows.filter((r) => r.tipo === 'codigo_desconhecido').length, 0);
  });

  test('re-importing replaces the partition atomically; readers never see half', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const before = await snapshot();
    const observed = new Set<number>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM ssdmt WHERE id_importado = $1', [
          first.idImportado,
        ]);
        observed.add(rows[0].n);
      }
    })();
    const again = await run(file);
    polling = false;
    await poller;
    assert.equal(again.idImportado, first.idImportado);
    assert.equal(again.replaced, true);
    assert.deepEqual(again.counts, first.counts);
    assert.deepEqual([...observed], [first.counts.ssdmt]);
    const afterwards = await snapshot();
    assert.deepEqual(afterwards.ssdmt, before.ssdmt);
    assert.equal(afterwards.workSchemas, 0);
  });

  test("a second utility's file becomes a second partition beside the first", async (t) => {
    if (!file) return t.skip('sem arquivo');
    const other = join(work, 'Outra_Distribuidora_999_2024-12-31.gdb.zip');
    copyFileSync(file, other);
    const second = await run(other);
    assert.notEqual(second.idImportado, first.idImportado);
    const { rows } = await db.pool.query(
      'SELECT id_importado, count(*)::int AS n FROM untrd GROUP BY 1 ORDER BY 1',
    );
    assert.deepEqual(rows, [
      { id_importado: first.idImportado, n: first.counts.untrd },
      { id_importado: second.idImportado, n: first.counts.untrd },
    ]);
    const views = await db.pool.query('SELECT count(*)::int AS n FROM untrmt');
    assert.equal(views.rows[0].n, 2 * (first.counts.untrd ?? 0));
  });

  test('a truncated zip gets a clear error and changes nothing', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const truncated = join(work, 'truncado.gdb.zip');
    writeFileSync(truncated, readFileSync(file).subarray(0, 1_000_000));
    const before = await snapshot();
    await assert.rejects(
      run(truncated),
      (err: Error) => err instanceof BdgdFileError && /corrompido|truncado/.test(err.message),
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('a geodatabase without a required layer is refused and changes nothing', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const layers = Object.keys(ogrLayerCounts(gdalPath(file))).filter((l) => l !== 'CTMT');
    const out = join(work, 'sem_ctmt.gdb');
    execFileSync('ogr2ogr', ['-f', 'OpenFileGDB', out, gdalPath(file), ...layers], { stdio: 'ignore' });
    const before = await snapshot();
    await assert.rejects(run(out), (err: Error) => err instanceof BdgdFileError && /CTMT/.test(err.message));
    assert.deepEqual(await snapshot(), before);
  });

  test('Ctrl-C during an import leaves the database as it was', async (t) => {
    if (!file) return t.skip('sem arquivo');
    const copy = join(work, 'Interrompida.gdb.zip');
    copyFileSync(file, copy);
    const before = await snapshot();
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/bdgd/src/cli/import.ts', copy], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const interrupted = new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // Interrupt shortly after the file was opened, while layers are being copied or partitions built.
        if (/camadas encontradas/.test(output) && !child.killed) setTimeout(() => child.kill('SIGINT'), 800);
      });
      child.on('close', (code) => resolve(code));
    });
    child.stderr.resume();
    assert.equal(await interrupted, 130);
    assert.deepEqual(await snapshot(), before);
    assert.match(output, /camadas encontradas/);
  });
});
