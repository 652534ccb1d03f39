// Solver behaviour: open switches and de-energised islands, non-convergence without exceptions or NaN,
// mesh rejection, balanced mode vs phase frame, time series = independent solves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNetwork, type NetworkInput, runTimeSeries, solvePowerFlow } from '../src/index.ts';

const seqLine = (id: string, from: string, to: string, km = 2) => ({
  id,
  fromBus: from,
  toBus: to,
  phases: 'abc',
  lengthKm: km,
  impedance: {
    kind: 'sequence' as const,
    r1: 0.25,
    x1: 0.4,
    r0: 0.55,
    x0: 1.4,
    c1NanoFaradPerKm: 10,
    c0NanoFaradPerKm: 5,
  },
  ratedCurrentA: 300,
});

function feeder(loadScale = 1): NetworkInput {
  return {
    buses: [
      { id: 'S', kvBase: 13.8 },
      { id: 'A', kvBase: 13.8 },
      { id: 'B', kvBase: 13.8 },
      { id: 'C', kvBase: 13.8 },
      { id: 'LV', kvBase: 0.38 },
    ],
    source: { bus: 'S', vPu: 1.02, angleDeg: 0 },
    lines: [seqLine('SA', 'S', 'A'), seqLine('AB', 'A', 'B'), seqLine('BC', 'B', 'C')],
    switches: [{ id: 'tie', fromBus: 'C', toBus: 'S', closed: false }],
    transformers: [
      {
        id: 'T',
        kind: 'three-phase',
        fromBus: 'B',
        toBus: 'LV',
        kva: 500,
        kvHigh: 13.8,
        kvLow: 0.38,
        connHigh: 'delta',
        connLow: 'wye-grounded',
        rPct: 1.2,
        xPct: 4.5,
        noLoadLossKw: 1.2,
      },
    ],
    loads: [
      {
        id: 'a',
        bus: 'A',
        phases: ['a', 'b', 'c'],
        pKw: [300, 300, 300].map((x) => x * loadScale),
        qKvar: [100, 100, 100],
      },
      {
        id: 'c',
        bus: 'C',
        phases: ['a', 'b', 'c'],
        pKw: [200, 200, 200].map((x) => x * loadScale),
        qKvar: [60, 60, 60],
        model: 'I',
      },
      {
        id: 'lv',
        bus: 'LV',
        phases: ['a', 'b', 'c'],
        pKw: [100, 100, 100].map((x) => x * loadScale),
        qKvar: [30, 30, 30],
        model: 'Z',
      },
    ],
  };
}

test('balanced network: positive-sequence mode equals the phase-frame solution', () => {
  const u = solvePowerFlow(buildNetwork(feeder()));
  const b = solvePowerFlow(buildNetwork(feeder(), { mode: 'balanced' }));
  assert.ok(u.converged && b.converged);
  for (const bus of ['A', 'B', 'C', 'LV']) {
    for (const ph of ['a', 'b', 'c']) {
      assert.ok(Math.abs(u.busVoltage(bus)[ph]!.vmPu - b.busVoltage(bus)[ph]!.vmPu) < 1e-9, `${bus}.${ph}`);
      const d = Math.abs(u.busVoltage(bus)[ph]!.vaDeg - b.busVoltage(bus)[ph]!.vaDeg) % 360;
      assert.ok(Math.min(d, 360 - d) < 1e-7, `${bus}.${ph} angle`);
    }
  }
  assert.ok(Math.abs(u.totals!.lossKw - b.totals!.lossKw) < 1e-6);
  assert.ok(Math.abs(u.totals!.sourceKw - b.totals!.sourceKw) < 1e-6);
  // Balanced set: zero unbalance.
  assert.ok(u.vUnbalancePct![u.busIds.indexOf('C')]! < 1e-9);
});

test('open switch: the island behind it is de-energised, currents zero, results finite', () => {
  const input = feeder();
  const res = solvePowerFlow(
    buildNetwork({
      ...input,
      lines: input.lines!.filter((l) => l.id !== 'BC'),
      switches: [{ id: 'sw', fromBus: 'B', toBus: 'C', closed: false }],
    }),
  );
  assert.ok(res.converged);
  assert.deepEqual(res.busVoltage('C'), {}, 'a de-energised bus has no live phase');
  assert.equal(res.vmPu![res.busIds.indexOf('C') * 3], 0);
  const load = res.loads!.find((l) => l.id === 'c')!;
  assert.equal(load.pKw, 0);
  const sw = res.branches!.find((b) => b.id === 'sw')!;
  assert.equal(sw.energized, false);
  for (const v of res.vmPu!) assert.ok(Number.isFinite(v));
});

test('closing a tie that makes a loop is rejected with the elements named', () => {
  const input = feeder();
  assert.throws(
    () => buildNetwork({ ...input, switches: [{ id: 'tie', fromBus: 'C', toBus: 'S', closed: true }] }),
    /rede malhada \(laço fechado por (tie|BC)\)/,
  );
});

test('non-convergence is reported, never thrown, and no NaN leaks', () => {
  const limited = solvePowerFlow(buildNetwork(feeder()), { maxIterations: 1 });
  assert.equal(limited.converged, false);
  assert.match(limited.message ?? '', /não convergiu/);
  const heavy = solvePowerFlow(buildNetwork(feeder(400)), { maxIterations: 30 });
  for (const arr of [heavy.vmPu!, heavy.vaDeg!]) for (const v of arr) assert.ok(Number.isFinite(v));
  for (const b of heavy.branches!)
    for (const v of [...b.iFromA, b.lossKw, b.loadingPct]) assert.ok(Number.isFinite(v));
  assert.ok(Number.isFinite(heavy.totals!.sourceKw));
  assert.ok(Number.isFinite(heavy.maxMismatchPu));
});

test('time series over one factorisation equals independent solves', () => {
  const net = buildNetwork(feeder());
  const steps = 4;
  const nt = 9;
  const p = new Float64Array(steps * nt);
  const q = new Float64Array(steps * nt);
  const scale = [0.5, 1.3, 0.8, 1.1];
  const baseP = [300, 300, 300, 200, 200, 200, 100, 100, 100];
  const baseQ = [100, 100, 100, 60, 60, 60, 30, 30, 30];
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < nt; k++) {
      p[s * nt + k] = baseP[k]! * scale[s]! * (1 + 0.1 * (k % 3));
      q[s * nt + k] = baseQ[k]! * scale[s]!;
    }
  }
  const ts = runTimeSeries(net, { steps, pKw: p, qKvar: q });
  for (let s = 0; s < steps; s++) {
    const input = feeder();
    const loads = input.loads!.map((l, li) => ({
      ...l,
      pKw: [0, 1, 2].map((k) => p[s * nt + li * 3 + k]!),
      qKvar: [0, 1, 2].map((k) => q[s * nt + li * 3 + k]!),
    }));
    const ref = solvePowerFlow(buildNetwork({ ...input, loads }));
    assert.equal(ts.converged[s], 1);
    assert.ok(Math.abs(ts.sourceKw[s]! - ref.totals!.sourceKw) < 1e-6, `step ${s}`);
    assert.ok(Math.abs(ts.lossKw[s]! - (ref.totals!.lossKw + ref.totals!.leakKw)) < 1e-6, `step ${s} losses`);
    let vmin = Number.POSITIVE_INFINITY;
    for (const v of ref.vmPu!) if (v > 0) vmin = Math.min(vmin, v);
    assert.ok(Math.abs(ts.minVmPu[s]! - vmin) < 1e-9);
  }
});
