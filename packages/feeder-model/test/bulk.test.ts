// Bulk path of `--todos` (worker threads, one query per layer for a chunk of feeders) against the single-feeder
// path (`runFeeder`, the API's): the same summary, bus voltages, branch loadings and losses for every feeder of
// a synthetic BDGD and of the real Mux BDGD (when the shared file is present); the lean summary of the CLI
// (without the per-bus / per-branch lists) equals the full one minus those lists; and the CLI interrupted with
// SIGINT stops after the feeders in progress, reports it and exits with 130.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { type BulkFeederResult, runAllFeeders } from '../src/bulk/run-all.ts';
import { listFeeders } from '../src/load/read-feeder.ts';
import { runFeeder } from '../src/run-feeder.ts';

const MUX = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';
const RUN = { month: 6, dayType: 'DU' as const, step: 76 };
const root = new URL('../../../', import.meta.url).pathname;

/** Bulk results (2 workers, chunks of 2 feeders) and single-feeder runs must agree exactly. */
async function compareBulkAndSingle(db: TestDatabase, id: number): Promise<BulkFeederResult[]> {
  const feeders = await listFeeders(db.pool, id);
  const bulk: BulkFeederResult[] = [];
  const summary = await runAllFeeders({
    databaseUrl: db.url,
    idImportado: id,
    feeders,
    run: RUN,
    workers: 2,
    chunkSize: 2,
    onResult: (r) => bulk.push(r),
  });
  assert.equal(summary.done, feeders.length);
  assert.equal(summary.interrupted, false);
  assert.deepEqual(bulk.map((r) => r.ctmt).sort(), [...feeders].sort());
  for (const r of bulk) {
    assert.equal(r.erro, undefined, `${r.ctmt}: ${r.erro}`);
    const single = await runFeeder(db.pool, id, r.ctmt, RUN);
    assert.ok(r.resultado && single.resultado.tensoes_barras.length > 0);
    assert.deepEqual(r.resultado, single.resultado, `${r.ctmt}: bulk and single-feeder results differ`);
    assert.deepEqual(r.counts, single.model.counts);
    assert.deepEqual(r.regulatorTaps, single.regulatorTaps);
    // the CLI's lean summary (no per-bus / per-branch lists) keeps everything else, overloads included
    const lean = await runFeeder(db.pool, id, r.ctmt, {
      ...RUN,
      includeBuses: false,
      includeBranches: false,
    });
    assert.deepEqual(lean.resultado, { ...single.resultado, carregamento_linhas: [], tensoes_barras: [] });
    assert.equal(
      r.defeitos,
      single.model.defects.reduce((a, d) => a + d.quantidade, 0),
    );
  }
  return bulk;
}

describe('bulk power flow of every feeder', { concurrency: false }, () => {
  let db: TestDatabase;
  let work: string;
  let syntheticId: number;
  before(async () => {
    db = await freshDatabase('feeder_model_bulk');
    work = mkdtempSync(join(tmpdir(), 'feeder-model-bulk-'));
    const generated = await generateBdgd({
      outputDir: work,
      name: 'Sintetica_Lote',
      seed: 11,
      feeders: 6,
      mvSegmentsPerFeeder: 60,
      zip: true,
    });
    const imported = await importBdgd({
      file: generated.zipPath as string,
      pool: db.pool,
      databaseUrl: db.url,
    });
    syntheticId = imported.idImportado;
  });
  after(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('synthetic BDGD: bulk = single-feeder path for every feeder', async () => {
    const bulk = await compareBulkAndSingle(db, syntheticId);
    assert.equal(bulk.length, 6);
  });

  test('Mux BDGD: bulk = single-feeder path (voltages, loadings, losses)', async (t) => {
    const file = requireSharedFile(t, MUX);
    if (!file) return;
    const imported = await importBdgd({ file, pool: db.pool, databaseUrl: db.url });
    const bulk = await compareBulkAndSingle(db, imported.idImportado);
    assert.deepEqual(bulk.map((r) => r.ctmt).sort(), ['1_TAP2_1', '2_TAP2_1']);
  });

  test('CLI --todos: Ctrl-C stops after the feeders in progress and exits with 130', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'packages/feeder-model/src/cli/run-feeders.ts',
        '--todos',
        '--importacao',
        String(syntheticId),
        '--workers',
        '1',
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // interrupt as soon as the first feeder is reported
      if (!signalled && /\[1\/6\]/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.ok(signalled, stderr);
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrompido/);
    const match = /(\d+) de 6 alimentadores em [\d.]+ s; \d+ sem convergência\/erro \(interrompido\)/.exec(
      stderr,
    );
    assert.ok(match, stderr);
    const done = Number(match[1]);
    assert.ok(done >= 1 && done < 6, `${done} feeders done`);
    // header + one complete TSV line per feeder done
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, 1 + done);
    for (const line of lines.slice(1)) assert.equal(line.split('\t').length, 17);
  });
});
