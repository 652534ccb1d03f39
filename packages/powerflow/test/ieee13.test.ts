// IEEE 13 node test feeder against the OpenDSS solution (taps fixed at 10/8/11), power balance, and
// regulator tap control landing on the published taps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNetwork, type DpfFeeder, networkFromDpf, solvePowerFlow } from '../src/index.ts';
import { compareVoltages, describe, type ReferenceResults, readSharedJson } from './helpers/reference.ts';

test('IEEE 13: every bus and phase within 0.002 pu and 0.2° of OpenDSS', (t) => {
  const feeder = readSharedJson<DpfFeeder>(t, 'powerflow/ieee13.json');
  const ref = readSharedJson<ReferenceResults>(t, 'powerflow/ieee13_results_opendss.json');
  if (!feeder || !ref) return;
  // OpenDSS lumps the distributed load 632–671 at bus 670, one third along the line: model it the same way.
  const net = buildNetwork(
    networkFromDpf(feeder, { distributedLoads: 'third', distributedLoadBusName: () => '670' }),
  );
  const res = solvePowerFlow(net);
  assert.ok(res.converged, res.message);
  const { deviations, missing } = compareVoltages(res, ref, (id) => net.busIndex.has(id));
  // SOURCEBUS is the 115 kV side of the substation transformer, which the published case leaves out.
  assert.deepEqual(missing, ['SOURCEBUS']);
  assert.ok(deviations.length >= 38, `only ${deviations.length} bus-phases compared`);
  for (const d of deviations) {
    assert.ok(Math.abs(d.dvPu) <= 0.002, describe(d));
    assert.ok(Math.abs(d.daDeg) <= 0.2, describe(d));
  }
});

test('IEEE 13: source power equals loads + capacitors + losses (1e-6 relative)', (t) => {
  const feeder = readSharedJson<DpfFeeder>(t, 'powerflow/ieee13.json');
  if (!feeder) return;
  const res = solvePowerFlow(buildNetwork(networkFromDpf(feeder)));
  assert.ok(res.converged);
  const tot = res.totals!;
  const p = tot.loadKw - tot.generationKw + tot.lossKw + tot.leakKw;
  const q = tot.loadKvar - tot.generationKvar - tot.capacitorKvar + tot.lossKvar + tot.leakKvar;
  assert.ok(Math.abs(tot.sourceKw - p) <= 1e-6 * tot.sourceKw, `P: ${tot.sourceKw} vs ${p}`);
  assert.ok(Math.abs(tot.sourceKvar - q) <= 1e-6 * Math.abs(tot.sourceKvar), `Q: ${tot.sourceKvar} vs ${q}`);
  // Per element: series losses are non-negative for lines and the transformer.
  for (const b of res.branches!) assert.ok(b.lossKw >= -1e-9, `${b.id} loss ${b.lossKw}`);
});

test('IEEE 13: regulator tap control from tap 0 lands on/near the published taps 10/8/11', (t) => {
  const feeder = readSharedJson<DpfFeeder>(t, 'powerflow/ieee13.json');
  if (!feeder) return;
  const published = feeder.regulators?.[0]?.taps_published_solution ?? {};
  const net = buildNetwork(networkFromDpf(feeder, { regulatorTaps: 'zero' }));
  const res = solvePowerFlow(net, { regulatorControl: true });
  assert.ok(res.converged, res.message);
  const taps = res.regulatorTaps.RG60!;
  ['a', 'b', 'c'].forEach((ph, i) => {
    assert.ok(
      Math.abs(taps[i]! - published[ph]!) <= 1,
      `fase ${ph}: tap ${taps[i]} vs publicado ${published[ph]}`,
    );
  });
  assert.ok(res.controlIterations >= 2);
});
