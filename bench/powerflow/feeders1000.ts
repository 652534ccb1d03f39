// 1,000 synthetic BDGD-like unbalanced feeders of 300–3,000 buses each (≈1.6 M buses in total): generate,
// build and solve every one with full per-element results, as a nightly all-feeders study would.
// Usage: node --import tsx bench/powerflow/feeders1000.ts [count]
import { buildNetwork, solvePowerFlow } from '../../packages/powerflow/src/index.ts';
import { cpuMs, fmt, loadAverage, machine, now } from './harness.ts';
import { rng, syntheticFeeder } from './synthetic-feeder.ts';

const count = Number(process.argv[2] ?? 1000);
const rand = rng(42);
let buses = 0;
let genMs = 0;
let buildMs = 0;
let solveMs = 0;
let iterations = 0;
let converged = 0;
let worstVmin = Number.POSITIVE_INFINITY;
const c0 = cpuMs();
const t0 = now();
for (let f = 0; f < count; f++) {
  const size = 300 + Math.floor(rand() * 2700);
  let t = now();
  const input = syntheticFeeder({ buses: size, seed: 1000 + f });
  genMs += now() - t;
  t = now();
  const net = buildNetwork(input);
  buildMs += now() - t;
  t = now();
  const res = solvePowerFlow(net);
  solveMs += now() - t;
  buses += net.busCount;
  iterations += res.iterations;
  if (res.converged) converged++;
  for (const v of res.vmPu!) if (v > 0 && v < worstVmin) worstVmin = v;
}
const wall = now() - t0;
const cpu = cpuMs() - c0;
console.log(`# ${count} alimentadores sintéticos — ${machine()}; carga média ${loadAverage()}`);
console.log(
  `\n${buses} barras no total, ${converged}/${count} convergidos, ${(iterations / count).toFixed(1)} iterações médias, Vmín ${worstVmin.toFixed(3)} pu`,
);
console.log('\n| etapa | tempo total |');
console.log('|---|---|');
console.log(`| geração dos dados sintéticos (fora do alvo) | ${fmt(genMs)} |`);
console.log(`| construção dos modelos | ${fmt(buildMs)} |`);
console.log(`| solução + resultados por elemento | ${fmt(solveMs)} |`);
console.log(`| construção + solução (alvo < 60 s) | ${fmt(buildMs + solveMs)} |`);
console.log(`| parede total / CPU do processo | ${fmt(wall)} / ${fmt(cpu)} |`);
