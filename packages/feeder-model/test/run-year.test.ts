// Annualised run (12 months × 3 day types) on a synthetic feeder: every step converges, the annual figures are
// the day-count-weighted sums of the 36 days, the nominal load energy allocated over the year equals the
// consumers' Σ ENE_01..12 (computed here from the rows), the declared figures are the CTMT's own sums, and the
// losses split by segment type sum to the total (per day and over the year).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { listFeeders, readFeederRows } from '../src/load/read-feeder.ts';
import { dayCounts } from '../src/model/calendar.ts';
import { runYear } from '../src/run-year.ts';

let db: TestDatabase;
let work: string;
before(async () => {
  db = await freshDatabase('feeder_model_year');
  work = mkdtempSync(join(tmpdir(), 'feeder-model-year-'));
});
after(async () => {
  await db.close();
  rmSync(work, { recursive: true, force: true });
});

test('annual losses: 36 days weighted by their day counts, compared with the CTMT declaration', async () => {
  const generated = await generateBdgd({
    outputDir: work,
    name: 'Sintetica_Ano',
    seed: 3,
    feeders: 1,
    zip: true,
  });
  const imported = await importBdgd({
    file: generated.zipPath as string,
    pool: db.pool,
    databaseUrl: db.url,
  });
  const ctmt = (await listFeeders(db.pool, imported.idImportado))[0] as string;
  const y = await runYear(db.pool, imported.idImportado, ctmt, { loadModel: 'PQ' });
  const rows = await readFeederRows(db.pool, imported.idImportado, ctmt);

  // every (month, day type) present in the calendar, with its day count
  let expectedDays = 0;
  for (let m = 1; m <= 12; m++) {
    const c = dayCounts(rows.year, m);
    for (const d of ['DU', 'SA', 'DO'] as const) if (c[d] > 0) expectedDays++;
  }
  assert.equal(y.dias.length, expectedDays);
  assert.equal(
    y.dias.reduce((s, d) => s + d.dias, 0),
    new Date(Date.UTC(rows.year, 1, 29)).getUTCMonth() === 1 ? 366 : 365,
  );
  assert.equal(y.passos_sem_convergencia, 0);
  const weighted = (f: (d: (typeof y.dias)[number]) => number) =>
    y.dias.reduce((s, d) => s + d.dias * f(d), 0);
  assert.ok(Math.abs(weighted((d) => d.perdas_mwh) - y.perdas_anuais_mwh) < 0.01);
  assert.ok(y.perdas_anuais_mwh > 0 && y.perdas_anuais_mwh < y.energia_fonte_anual_mwh);

  // losses by segment type: each day's parts sum to its losses (rounding: total to 1 kWh, parts to 1 Wh; the
  // numerical leak is < 1 Wh), the annual parts are the day-count-weighted sums and sum to the annual losses
  const sumParts = (p: typeof y.perdas_anuais_por_segmento_mwh) =>
    p.linhas_mt_mwh + p.linhas_bt_mwh + p.ramais_mwh + p.transformadores_mwh + p.outros_mwh;
  for (const d of y.dias) {
    const p = d.perdas_por_segmento_mwh;
    assert.ok(
      Math.abs(sumParts(p) - d.perdas_mwh) <= 0.0005 + 1e-5,
      `${d.mes} ${d.tipo_dia}: ${sumParts(p)}`,
    );
    assert.ok(p.linhas_mt_mwh > 0 && p.linhas_bt_mwh > 0 && p.ramais_mwh > 0 && p.transformadores_mwh > 0);
    assert.ok(Math.abs(p.outros_mwh) < 1e-5, 'switches and regulators are ideal');
  }
  const annualParts = y.perdas_anuais_por_segmento_mwh;
  for (const key of Object.keys(annualParts) as (keyof typeof annualParts)[])
    assert.ok(Math.abs(weighted((d) => d.perdas_por_segmento_mwh[key]) - annualParts[key]) < 0.001, key);
  const days = y.dias.reduce((s, d) => s + d.dias, 0);
  assert.ok(Math.abs(sumParts(annualParts) - y.perdas_anuais_mwh) <= days * (0.0005 + 1e-5) + 0.003);

  // constant-power loads: the energy consumed over the year is the billed energy of every consumer with a load
  const reached = new Set(rows.segments.flatMap((s) => [s.pac_1, s.pac_2]));
  for (const t of rows.transformers) reached.add(t.pac_2);
  let billedMwh = 0;
  for (const c of rows.consumers) {
    const annual = c.ene.reduce((a, b) => a + Math.max(b, 0), 0);
    if (annual > 0 && c.pac && reached.has(c.pac)) billedMwh += annual / 1000;
  }
  assert.ok(
    Math.abs(y.energia_cargas_anual_mwh - billedMwh) < 0.002 * billedMwh,
    `${y.energia_cargas_anual_mwh} vs Σ ENE ${billedMwh}`,
  );

  // declared: Σ CTMT.ENE and PERD_A4 + PERD_B + PERD_A4_B
  const f = rows.feeder;
  const declaredEnergy = f.ene.reduce((a, b) => a + b, 0) / 1000;
  const declaredLoss = ((f.perd_a4 ?? 0) + (f.perd_b ?? 0) + (f.perd_a4_b ?? 0)) / 1000;
  assert.ok(Math.abs(y.declarado.energia_injetada_anual_mwh - declaredEnergy) < 0.001);
  assert.ok(Math.abs(y.declarado.perdas_tecnicas_anuais_mwh - declaredLoss) < 0.001);
});
