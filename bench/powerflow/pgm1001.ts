// power-grid-model benchmark network (1,001 nodes, 100 feeders × 10 nodes, asymmetric constant-power loads):
// one unbalanced solve (with and without model construction) and a 1,000-step time series with each load
// and phase scaled by an independent U[0.5, 1.5] factor, beside the figures published in the JSON.
// Usage: node --import tsx bench/powerflow/pgm1001.ts
import { readFileSync } from 'node:fs';
import {
  buildNetwork,
  networkFromPgmBenchmark,
  type PgmBenchmark,
  runTimeSeries,
  solvePowerFlow,
} from '../../packages/powerflow/src/index.ts';
import { sharedPath } from '../../scripts/shared-data.ts';
import { fmt, loadAverage, machine, median, now, timeRuns } from './harness.ts';
import { rng } from './synthetic-feeder.ts';

interface Published {
  published_timings_ms: {
    note: string;
    single_asym_pf_with_init: Record<string, number>;
    asym_time_series_1000_steps_s: Record<string, number>;
  };
}

const data = JSON.parse(
  readFileSync(sharedPath('powerflow/pgm-benchmark-1001.json'), 'utf8'),
) as PgmBenchmark & Published;
const input = networkFromPgmBenchmark(data);

// Cold: first build + solve in this process (includes JIT warm-up).
let t0 = now();
const cold = solvePowerFlow(buildNetwork(input));
const coldMs = now() - t0;
if (!cold.converged) throw new Error(`não convergiu: ${cold.message}`);

const withInit = timeRuns(() => {
  solvePowerFlow(buildNetwork(input), { results: false });
}, 20);
const net = buildNetwork(input);
const solveOnly = timeRuns(() => {
  solvePowerFlow(net, { results: false, flatStart: true });
}, 50);
const withResults = timeRuns(() => {
  solvePowerFlow(net, { flatStart: true });
}, 20);
const iterations = solvePowerFlow(net, { flatStart: true, results: false }).iterations;

// Time series: 1,000 steps × 3,000 load terminals, factors U[0.5, 1.5].
const steps = data.time_series?.steps ?? 1000;
const nt = data.loads.length * 3;
const p = new Float64Array(steps * nt);
const q = new Float64Array(steps * nt);
const rand = rng(2025);
for (let s = 0; s < steps; s++) {
  data.loads.forEach((l, i) => {
    for (let k = 0; k < 3; k++) {
      const f = 0.5 + rand();
      p[s * nt + 3 * i + k] = l.p_kw[k]! * f;
      q[s * nt + 3 * i + k] = l.q_kvar[k]! * f;
    }
  });
}
const tsNet = buildNetwork(input);
t0 = now();
const ts = runTimeSeries(tsNet, { steps, pKw: p, qKvar: q });
const tsMs = now() - t0;
let tsIter = 0;
let tsConv = 0;
for (let s = 0; s < steps; s++) {
  tsIter += ts.iterations[s]!;
  tsConv += ts.converged[s]!;
}
const balNet = buildNetwork(input, { mode: 'balanced' });
const balSolve = timeRuns(() => {
  solvePowerFlow(balNet, { results: false, flatStart: true });
}, 50);
t0 = now();
runTimeSeries(buildNetwork(input, { mode: 'balanced' }), { steps, pKw: p, qKvar: q });
const balTsMs = now() - t0;

const pub = data.published_timings_ms;
console.log(`# pgm-benchmark-1001 — ${machine()}; carga média ${loadAverage()}`);
console.log(
  `\nsolução: ${iterations} iterações, fonte ${cold.totals!.sourceKw.toFixed(0)} kW, perdas ${cold.totals!.lossKw.toFixed(1)} kW`,
);
console.log('\n| caso | rede-eletrica | power-grid-model | OpenDSS | pandapower |');
console.log('|---|---|---|---|---|');
const pf = pub.single_asym_pf_with_init;
const tsp = pub.asym_time_series_1000_steps_s;
console.log(
  `| 1 fluxo desequilibrado, com construção do modelo (mediana de 20) | ${fmt(median(withInit))} | ${pf['power-grid-model']} ms | ${pf.OpenDSS} ms | ${pf.pandapower} ms |`,
);
console.log(`| 1 fluxo desequilibrado, só solução (mediana de 50) | ${fmt(median(solveOnly))} | | | |`);
console.log(`| 1 fluxo desequilibrado + resultados por elemento | ${fmt(median(withResults))} | | | |`);
console.log(
  `| 1ª execução no processo (JIT frio, construção + solução + resultados) | ${fmt(coldMs)} | | | |`,
);
console.log(
  `| série temporal 1.000 passos, desequilibrada | ${fmt(tsMs)} (${(tsIter / steps).toFixed(1)} it/passo, ${tsConv}/${steps} convergidos) | ${tsp['power-grid-model']} s | ${tsp.OpenDSS} s | ${tsp.pandapower} s |`,
);
console.log(`| 1 fluxo equilibrado (sequência positiva), só solução | ${fmt(median(balSolve))} | | | |`);
console.log(`| série temporal 1.000 passos, equilibrada | ${fmt(balTsMs)} | | | |`);
console.log(`\nReferências publicadas: ${pub.note}`);
