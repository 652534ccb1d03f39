// Feeder model on the real Mux BDGD (when the shared file is present) and on a small synthetic file:
// both feeders solve, the power balance closes, the allocated load equals an independent ENE × CRVCRG
// computation, defects are listed, and a transformer's loading matches its current over its kVA.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { listFeeders, readFeederRows } from '../src/load/read-feeder.ts';
import { dayCounts } from '../src/model/calendar.ts';
import { runFeeder } from '../src/run-feeder.ts';

const MUX = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';
const MONTH = 6;
const STEP = 76; // 19:00

/** Σ kW of every consumer at (month, DU, step), computed here from ENE_xx and the CRVCRG rows directly. */
async function expectedLoadKw(db: TestDatabase, id: number, ctmt: string): Promise<number> {
  const rows = await readFeederRows(db.pool, id, ctmt);
  const counts = dayCounts(rows.year, MONTH);
  const curves = new Map<string, Map<string, number[]>>();
  for (const c of rows.curves) {
    if (!curves.has(c.cod_id)) curves.set(c.cod_id, new Map());
    curves.get(c.cod_id)?.set(c.tip_dia, c.pot);
  }
  const reached = new Set<string>(); // consumers attach by PAC; the model reports the unattached ones
  for (const s of rows.segments) for (const p of [s.pac_1, s.pac_2]) if (p) reached.add(p);
  let total = 0;
  for (const u of rows.consumers) {
    const ene = u.ene[MONTH - 1] ?? 0;
    const annual = u.ene.reduce((a, b) => a + b, 0);
    if (!(ene > 0) || !(annual > 0) || !u.pac || !reached.has(u.pac)) continue;
    const byDay = curves.get(u.tip_cc ?? '');
    const du = byDay?.get('DU');
    const get = (d: string) => byDay?.get(d) ?? du ?? new Array(96).fill(1);
    const energy = (c: number[]) => c.reduce((a, b) => a + b, 0);
    const eDU = energy(get('DU'));
    const eSA = energy(get('SA'));
    const eDO = energy(get('DO'));
    const sum = eDU + eSA + eDO;
    const daily =
      (ene * (eDU / sum)) / ((eDU / sum) * counts.DU + (eSA / sum) * counts.SA + (eDO / sum) * counts.DO);
    total += (daily * (get('DU')[STEP] as number)) / (eDU * 0.25);
  }
  return total;
}

async function checkFeeder(db: TestDatabase, id: number, ctmt: string) {
  const run = await runFeeder(db.pool, id, ctmt, { month: MONTH, dayType: 'DU', step: STEP, day: true });
  const r = run.resultado;
  assert.equal(r.convergiu, true, `${ctmt}: ${r.mensagem}`);
  // power balance at the source: loads − generation + losses within 0.1 %
  const b = r.balanco;
  const rhs = b.cargas_kw - b.geracao_kw + b.perdas_kw;
  assert.ok(Math.abs(b.fonte_kw - rhs) <= 0.001 * Math.abs(b.fonte_kw), `${ctmt}: ${b.fonte_kw} vs ${rhs}`);
  assert.ok(r.perdas_totais_mw > 0);
  assert.ok(Math.abs(r.perdas_totais_mw - b.perdas_kw / 1000) < 1e-4);
  // allocated load (nominal kW in the model) = independent ENE × CRVCRG computation
  const modelLoad = (run.model.input.loads ?? []).reduce((s, l) => s + l.pKw.reduce((a, v) => a + v, 0), 0);
  const expected = await expectedLoadKw(db, id, ctmt);
  assert.ok(Math.abs(modelLoad - expected) <= 1e-6 * expected + 1e-6, `${ctmt}: ${modelLoad} vs ${expected}`);
  // a transformer's loading = its largest HV phase current over the rated current from its kVA
  const tr = (run.model.input.transformers ?? []).find((t) => t.kind === 'three-phase');
  if (tr && tr.kind === 'three-phase') {
    const loading = r.carregamento_linhas.find((l) => l.id === tr.id);
    assert.ok(loading);
    const ratedHigh = tr.kva / (Math.sqrt(3) * tr.kvHigh);
    const ratedLow = tr.kva / (Math.sqrt(3) * tr.kvLow);
    const expected = 100 * Math.max(loading.corrente_a / ratedHigh, loading.corrente_jusante_a / ratedLow);
    assert.ok(
      Math.abs(loading.carregamento_pct - expected) < 0.001 * expected + 0.01,
      `${loading.carregamento_pct} vs ${expected}`,
    );
  }
  // the day: 96 steps converge, daily losses positive and below the day's source energy
  assert.equal(run.dia?.convergiram, 96);
  assert.ok(
    (run.dia?.perdas_dia_mwh ?? 0) > 0 && (run.dia?.perdas_dia_mwh ?? 0) < (run.dia?.energia_fonte_mwh ?? 0),
  );
  return run;
}

describe('feeder model', { concurrency: false }, () => {
  let db: TestDatabase;
  let work: string;
  before(async () => {
    db = await freshDatabase('feeder_model');
    work = mkdtempSync(join(tmpdir(), 'feeder-model-'));
  });
  after(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('synthetic BDGD: every feeder solves with a closed power balance', async () => {
    const generated = await generateBdgd({
      outputDir: work,
      name: 'Sintetica_FM',
      seed: 7,
      feeders: 2,
      zip: true,
    });
    assert.ok(generated.zipPath);
    const imported = await importBdgd({ file: generated.zipPath, pool: db.pool, databaseUrl: db.url });
    const feeders = await listFeeders(db.pool, imported.idImportado);
    assert.equal(feeders.length, 2);
    for (const ctmt of feeders) await checkFeeder(db, imported.idImportado, ctmt);
  });

  test('Mux BDGD: both feeders solve (MV and LV), defects listed, power balance closes', async (t) => {
    const file = requireSharedFile(t, MUX);
    if (!file) return;
    const imported = await importBdgd({ file, pool: db.pool, databaseUrl: db.url });
    for (const ctmt of ['1_TAP2_1', '2_TAP2_1']) {
      const run = await checkFeeder(db, imported.idImportado, ctmt);
      assert.ok((run.model.counts.transformadores ?? 0) > 100, 'LV networks modelled under the transformers');
      assert.ok((run.model.counts.linhas ?? 0) > 6000);
      const kinds = new Set(run.model.defects.map((d) => d.tipo));
      assert.ok(kinds.has('energia_nula'), 'consumers with zero annual energy are reported');
      assert.ok(
        kinds.has('transformador_sem_carga'),
        'customer transformers without LV network are reported',
      );
      assert.ok(run.model.declared.perdasTecnicasAnuaisKwh > 0);
    }
  });
});
