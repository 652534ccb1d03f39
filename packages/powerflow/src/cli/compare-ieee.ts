// Prints a comparison of this solver against the reference solutions of the IEEE 13 and 123 feeders
// (worst bus/phase, mean error, totals), with taps fixed as published and with tap control on.
// Usage: node --import tsx packages/powerflow/src/cli/compare-ieee.ts [shared-dir]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildNetwork, type DpfFeeder, type DpfOptions, networkFromDpf, solvePowerFlow } from '../index.ts';

interface RefFile {
  kind: string;
  bus_voltages: Record<string, Record<string, { vm_pu: number; va_deg: number } | number>>;
}

const shared = resolve(
  process.argv[2] ?? process.env.SHARED_DIR ?? join(import.meta.dirname, '../../../../../shared'),
);
const read = <T>(name: string): T => JSON.parse(readFileSync(join(shared, 'powerflow', name), 'utf8')) as T;

function angleDiff(a: number, b: number): number {
  let d = (a - b) % 360;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}

function compare(feederFile: string, refFile: string, options: DpfOptions, exclude: string[] = []): void {
  const feeder = read<DpfFeeder>(feederFile);
  const ref = read<RefFile>(refFile);
  const net = buildNetwork(networkFromDpf(feeder, options));
  const t0 = performance.now();
  const res = solvePowerFlow(net);
  const ms = performance.now() - t0;
  let n = 0;
  let sumV = 0;
  let sumA = 0;
  let worstV = { d: 0, where: '' };
  let worstA = { d: 0, where: '' };
  const skipped: string[] = [];
  const excluded: string[] = [];
  for (const [bus, phases] of Object.entries(ref.bus_voltages)) {
    if (!net.busIndex.has(bus)) {
      skipped.push(bus);
      continue;
    }
    const mine = res.busVoltage(bus);
    for (const ph of ['a', 'b', 'c']) {
      const r = phases[ph];
      const v = mine[ph];
      if (r === undefined || typeof r === 'number' || !v) continue;
      const dv = v.vmPu - r.vm_pu;
      const da = angleDiff(v.vaDeg, r.va_deg);
      if (exclude.includes(bus)) {
        excluded.push(`${bus}.${ph} ΔV=${dv.toFixed(4)} Δθ=${da.toFixed(2)}°`);
        continue;
      }
      n++;
      sumV += Math.abs(dv);
      sumA += Math.abs(da);
      if (Math.abs(dv) > Math.abs(worstV.d)) worstV = { d: dv, where: `${bus}.${ph}` };
      if (Math.abs(da) > Math.abs(worstA.d)) worstA = { d: da, where: `${bus}.${ph}` };
    }
  }
  const tot = res.totals!;
  console.log(`\n${feeder.name} vs ${refFile} (${ref.kind})`);
  console.log(
    `  convergiu=${res.converged} iterações=${res.iterations} |ΔV|máx=${res.maxMismatchPu.toExponential(1)} pu  solve ${ms.toFixed(2)} ms`,
  );
  console.log('  | métrica | valor | onde |');
  console.log('  |---|---|---|');
  console.log(`  | pior |ΔV| | ${Math.abs(worstV.d).toFixed(5)} pu | ${worstV.where} |`);
  console.log(`  | pior |Δθ| | ${Math.abs(worstA.d).toFixed(3)}° | ${worstA.where} |`);
  console.log(`  | média |ΔV| | ${(sumV / n).toFixed(5)} pu | ${n} barra-fases |`);
  console.log(`  | média |Δθ| | ${(sumA / n).toFixed(3)}° | |`);
  console.log(
    `  | fonte | ${tot.sourceKw.toFixed(1)} kW, ${tot.sourceKvar.toFixed(1)} kvar | perdas ${tot.lossKw.toFixed(2)} kW |`,
  );
  if (skipped.length) console.log(`  fora do modelo: ${skipped.join(', ')}`);
  for (const e of excluded) console.log(`  excluída (secundário delta sem sequência zero): ${e}`);
}

function tapControl(feederFile: string): void {
  const feeder = read<DpfFeeder>(feederFile);
  const res = solvePowerFlow(buildNetwork(networkFromDpf(feeder, { regulatorTaps: 'zero' })), {
    regulatorControl: true,
  });
  const rows = (feeder.regulators ?? []).map((r) => {
    const pub = r.phases
      .split('')
      .map((p) => r.taps_published_solution?.[p] ?? 0)
      .join('/');
    return `${r.id}: ${res.regulatorTaps[r.id]?.join('/')} (publicado ${pub})`;
  });
  console.log(`  controle automático de taps (${res.controlIterations} rodadas): ${rows.join('; ')}`);
}

const third: DpfOptions = { distributedLoads: 'third', distributedLoadBusName: () => '670' };
compare('ieee13.json', 'ieee13_results_opendss.json', third);
compare('ieee13.json', 'ieee13_results_gridlabd.json', { distributedLoads: 'kersting' });
tapControl('ieee13.json');
compare('ieee123.json', 'ieee123_results_published.json', {}, ['610']);
compare('ieee123.json', 'ieee123_results_opendss.json', {}, ['610']);
tapControl('ieee123.json');
