// power-grid-model benchmark network (1,001 nodes): loads, solves unbalanced and balanced, balances.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildNetwork,
  networkFromPgmBenchmark,
  type PgmBenchmark,
  runTimeSeries,
  solvePowerFlow,
} from '../src/index.ts';
import { readSharedJson } from './helpers/reference.ts';

test('pgm-benchmark-1001: builds, converges, source = loads + losses', (t) => {
  const data = readSharedJson<PgmBenchmark>(t, 'powerflow/pgm-benchmark-1001.json');
  if (!data) return;
  const input = networkFromPgmBenchmark(data);
  assert.equal(input.buses.length, 1001);
  for (const mode of ['unbalanced', 'balanced'] as const) {
    const res = solvePowerFlow(buildNetwork(input, { mode }));
    assert.ok(res.converged, `${mode}: ${res.message}`);
    const tot = res.totals!;
    let specified = 0;
    for (const l of data.loads) for (const p of l.p_kw) specified += p;
    assert.ok(
      Math.abs(tot.loadKw - specified) < 1e-6 * specified,
      'constant power loads draw their specified kW',
    );
    const balance = tot.loadKw + tot.lossKw + tot.leakKw;
    assert.ok(
      Math.abs(tot.sourceKw - balance) < 1e-6 * tot.sourceKw,
      `${mode}: ${tot.sourceKw} vs ${balance}`,
    );
    const vmin = Math.min(...[...res.vmPu!].filter((v) => v > 0));
    assert.ok(vmin > 0.8 && vmin < 1.05);
  }
});

test('pgm-benchmark-1001: a short time series converges at every step', (t) => {
  const data = readSharedJson<PgmBenchmark>(t, 'powerflow/pgm-benchmark-1001.json');
  if (!data) return;
  const net = buildNetwork(networkFromPgmBenchmark(data));
  const steps = 5;
  const nt = data.loads.length * 3;
  const p = new Float64Array(steps * nt);
  const q = new Float64Array(steps * nt);
  for (let s = 0; s < steps; s++)
    data.loads.forEach((l, i) => {
      for (let k = 0; k < 3; k++) {
        const f = 0.5 + ((s * 7 + i * 3 + k) % 11) / 10;
        p[s * nt + 3 * i + k] = l.p_kw[k]! * f;
        q[s * nt + 3 * i + k] = l.q_kvar[k]! * f;
      }
    });
  const ts = runTimeSeries(net, { steps, pKw: p, qKvar: q });
  for (let s = 0; s < steps; s++) {
    assert.equal(ts.converged[s], 1);
    assert.ok(ts.lossKw[s]! > 0 && ts.lossKw[s]! < 0.1 * ts.sourceKw[s]!);
  }
});
