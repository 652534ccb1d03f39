// Synthetic 10,000-bus unbalanced feeder (BDGD-like: 3/2/1-phase and MRT branches, Dyn, single-phase and
// centre-tapped transformers, regulator, capacitors, ZIP loads, DG): build, factorise, solve, memory.
// Usage: node --import tsx --expose-gc bench/powerflow/feeder10k.ts   (--expose-gc optional: memory)
import { buildNetwork, solvePowerFlow } from '../../packages/powerflow/src/index.ts';
import { collect, cpuMs, fmt, heapMiB, loadAverage, machine, median, now, timeRuns } from './harness.ts';
import { syntheticFeeder } from './synthetic-feeder.ts';

const size = Number(process.argv[2] ?? 10_000);
const input = syntheticFeeder({ buses: size, seed: 7 });
const counts = {
  buses: input.buses.length,
  lines: input.lines?.length ?? 0,
  transformers: input.transformers?.length ?? 0,
  loads: input.loads?.length ?? 0,
  generators: input.generators?.length ?? 0,
};

const gc = collect();
const heap0 = heapMiB();
let t0 = now();
const net = buildNetwork(input);
const coldBuild = now() - t0;
collect();
const heapNet = heapMiB() - heap0;
t0 = now();
const first = solvePowerFlow(net, { results: false });
const coldSolve = now() - t0;
if (!first.converged) throw new Error(`não convergiu: ${first.message}`);

const builds = timeRuns(
  () => {
    buildNetwork(input);
  },
  5,
  1,
);
const solves = timeRuns(() => {
  solvePowerFlow(net, { results: false, flatStart: true });
}, 20);
const c0 = cpuMs();
for (let i = 0; i < 20; i++) solvePowerFlow(net, { results: false, flatStart: true });
const solveCpu = (cpuMs() - c0) / 20;
const refactor = timeRuns(() => {
  net.invalidateFactorization();
  solvePowerFlow(net, { results: false, flatStart: true });
}, 10);
const withResults = timeRuns(() => {
  solvePowerFlow(net, { flatStart: true });
}, 5);
const balancedNet = buildNetwork(input, { mode: 'balanced' });
const balanced = timeRuns(() => {
  solvePowerFlow(balancedNet, { results: false, flatStart: true });
}, 20);
const res = solvePowerFlow(net);
let vmin = Number.POSITIVE_INFINITY;
let vmax = 0;
for (const v of res.vmPu!) {
  if (v <= 0) continue;
  vmin = Math.min(vmin, v);
  vmax = Math.max(vmax, v);
}
let typedBytes = 0;
for (const v of Object.values(net)) if (ArrayBuffer.isView(v)) typedBytes += v.byteLength;

console.log(`# alimentador sintético de ${counts.buses} barras — ${machine()}; carga média ${loadAverage()}`);
console.log(
  `\n${counts.lines} linhas, ${counts.transformers} transformadores, ${counts.loads} cargas, ${counts.generators} GD; ` +
    `${first.iterations} iterações (tolerância 1e-9 pu), V ${vmin.toFixed(3)}–${vmax.toFixed(3)} pu, ` +
    `fonte ${res.totals!.sourceKw.toFixed(0)} kW, perdas ${res.totals!.lossKw.toFixed(1)} kW`,
);
console.log('\n| etapa | tempo |');
console.log('|---|---|');
console.log(`| construção do modelo (1ª, JIT frio) | ${fmt(coldBuild)} |`);
console.log(`| construção do modelo (mediana de 5) | ${fmt(median(builds))} |`);
console.log(`| 1ª solução (fatoração + JIT frio) | ${fmt(coldSolve)} |`);
console.log(
  `| solução desequilibrada, partida plana (mediana de 20; alvo < 50 ms) | ${fmt(median(solves))} (CPU ${fmt(solveCpu)}) |`,
);
console.log(`| refatoração + solução (mediana de 10) | ${fmt(median(refactor))} |`);
console.log(`| solução + resultados por elemento | ${fmt(median(withResults))} |`);
console.log(`| solução equilibrada (sequência positiva) | ${fmt(median(balanced))} |`);
console.log('\n| memória | valor |');
console.log('|---|---|');
console.log(
  `| arrays tipados do modelo compilado | ${(typedBytes / 2 ** 20).toFixed(1)} MiB (${(typedBytes / counts.buses).toFixed(0)} B/barra) |`,
);
console.log(
  gc
    ? `| heap JS após construir (inclui registros por elemento) | ${heapNet.toFixed(1)} MiB |`
    : '| heap JS após construir | (rode com --expose-gc) |',
);
console.log(`| RSS do processo | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB |`);
