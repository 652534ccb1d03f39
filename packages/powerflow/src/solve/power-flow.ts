// Public entry point: solve a built network (optionally with regulator tap control) and report.
import type { Network } from '../compile/network.ts';
import { regulatorControlRound } from '../control/regulator-control.ts';
import { edgeCurrents } from './currents.ts';
import { computeResults, type NetworkResults, type PhaseValue } from './results.ts';
import { DEFAULT_VLOW, type IterationOptions, iterate } from './solve.ts';

export interface SolveOptions extends IterationOptions {
  /** Run automatic tap control of regulators that have `control` data (default false: taps fixed). */
  regulatorControl?: boolean;
  /** Maximum control rounds (default 30). */
  maxControlIterations?: number;
  /** Compute branch/load results (default true). Time series may turn this off. */
  results?: boolean;
}

export interface PowerFlowResult extends Partial<NetworkResults> {
  mode: 'unbalanced' | 'balanced';
  converged: boolean;
  /** Fixed-point iterations (summed over control rounds). */
  iterations: number;
  maxMismatchPu: number;
  message?: string;
  controlIterations: number;
  regulatorTaps: Record<string, number[]>;
  busIds: readonly string[];
  /** Voltages of one bus by phase letter (L1/L2 of split-phase buses as 'a'/'b'). */
  busVoltage(id: string): Record<string, PhaseValue>;
}

export function solvePowerFlow(net: Network, options: SolveOptions = {}): PowerFlowResult {
  const vLow = options.vLowPu ?? DEFAULT_VLOW;
  let status = iterate(net, options);
  let iterations = status.iterations;
  let controlIterations = 0;
  if (options.regulatorControl && status.converged && net.regulators.some((r) => r.input.control)) {
    const maxRounds = options.maxControlIterations ?? 30;
    let settled = false;
    while (controlIterations < maxRounds) {
      controlIterations++;
      const moved = regulatorControlRound(net, edgeCurrents(net, vLow));
      if (moved === 0) {
        settled = true;
        break;
      }
      status = iterate(net, options);
      iterations += status.iterations;
      if (!status.converged) break;
    }
    if (!settled && status.converged) {
      status = {
        ...status,
        converged: false,
        message: `controle de tap não estabilizou em ${maxRounds} rodadas`,
      };
    }
  }
  const regulatorTaps: Record<string, number[]> = {};
  for (const r of net.regulators) regulatorTaps[r.id] = [...r.taps];
  const detailed = options.results !== false ? computeResults(net, vLow) : undefined;
  const m = net.m;
  const busVoltage = (id: string): Record<string, PhaseValue> => {
    const k = net.busIndex.get(id);
    if (k === undefined) throw new Error(`barra desconhecida: ${id}`);
    const out: Record<string, PhaseValue> = {};
    const rad = 180 / Math.PI;
    if (m === 1) {
      const vm = Math.hypot(net.vRe[k]!, net.vIm[k]!);
      const va = vm > 0 ? Math.atan2(net.vIm[k]!, net.vRe[k]!) * rad : 0;
      out.a = { vmPu: vm, vaDeg: va };
      out.b = { vmPu: vm, vaDeg: wrap(va - 120) };
      out.c = { vmPu: vm, vaDeg: wrap(va + 120) };
      return out;
    }
    for (let p = 0; p < 3; p++) {
      if (!net.nodeMask[k * 3 + p]) continue;
      const r = net.vRe[k * 3 + p]!;
      const x = net.vIm[k * 3 + p]!;
      const vm = Math.hypot(r, x);
      out['abc'[p]!] = { vmPu: vm, vaDeg: vm > 0 ? Math.atan2(x, r) * rad : 0 };
    }
    return out;
  };
  const result: PowerFlowResult = {
    mode: net.mode,
    converged: status.converged,
    iterations,
    maxMismatchPu: status.maxMismatchPu,
    ...(status.message ? { message: status.message } : {}),
    controlIterations,
    regulatorTaps,
    busIds: net.busIds,
    busVoltage,
  };
  // Copy descriptors so the lazily materialised `branches` getter is kept.
  if (detailed) Object.defineProperties(result, Object.getOwnPropertyDescriptors(detailed));
  return result;
}

function wrap(deg: number): number {
  let d = deg;
  while (d > 180) d -= 360;
  while (d <= -180) d += 360;
  return d;
}
