// Fixed-point current-injection power flow over the factorised radial tree (see docs/POWERFLOW.md).
// V⁽ⁱ⁺¹⁾ = Y⁻¹·(I_source + (Y_nom − A(V⁽ⁱ⁾))·V⁽ⁱ⁾), started from the linear solution with every load at
// its nominal admittance. Never throws for numerical trouble: returns converged = false instead.
import type { Network } from '../compile/network.ts';
import { factorize } from './factorize.ts';
import { loadInjections } from './injections.ts';
import { sweep } from './sweep.ts';

export interface IterationOptions {
  /** Maximum fixed-point iterations (default 100). */
  maxIterations?: number;
  /** Convergence tolerance on the largest node-voltage update, pu (default 1e-9). */
  tolerance?: number;
  /** Below this fraction of nominal voltage, constant-P/I parts become constant impedance (default 0.5). */
  vLowPu?: number;
  /** Ignore the previous solution and restart from the nominal-admittance linear solution. */
  flatStart?: boolean;
}

export interface IterationStatus {
  converged: boolean;
  iterations: number;
  /** Largest |ΔV| (pu) of the last iteration: the convergence mismatch. */
  maxMismatchPu: number;
  message?: string;
}

export const DEFAULT_TOLERANCE = 1e-9;
export const DEFAULT_MAX_ITERATIONS = 100;
export const DEFAULT_VLOW = 0.5;

/** Runs the iteration, leaving the voltages in net.vRe / net.vIm. */
export function iterate(net: Network, options: IterationOptions = {}): IterationStatus {
  const maxIt = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tol = options.tolerance ?? DEFAULT_TOLERANCE;
  const vLow = options.vLowPu ?? DEFAULT_VLOW;
  if (!net.factorized && !factorize(net)) {
    net.vRe.fill(0);
    net.vIm.fill(0);
    net.hasSolution = false;
    return { converged: false, iterations: 0, maxMismatchPu: 0, message: net.factorError };
  }
  const { vRe, vIm, workC: c, workRe: nRe, workIm: nIm } = net;
  if (options.flatStart || !net.hasSolution) {
    c.fill(0);
    sweep(net, c, vRe, vIm);
  }
  const m = net.m;
  const order = net.order;
  let delta = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIt; it++) {
    loadInjections(net, vRe, vIm, c, vLow);
    sweep(net, c, nRe, nIm);
    delta = 0;
    let finite = true;
    for (let idx = 0; idx < order.length; idx++) {
      const o = order[idx]! * m;
      for (let p = 0; p < m; p++) {
        const dr = nRe[o + p]! - vRe[o + p]!;
        const di = nIm[o + p]! - vIm[o + p]!;
        const d = dr * dr + di * di;
        if (d > delta) delta = d;
        else if (Number.isNaN(d)) finite = false;
        vRe[o + p] = nRe[o + p]!;
        vIm[o + p] = nIm[o + p]!;
      }
    }
    delta = Math.sqrt(delta);
    if (!finite || !Number.isFinite(delta) || delta > 1e6) {
      vRe.fill(0);
      vIm.fill(0);
      net.hasSolution = false;
      return {
        converged: false,
        iterations: it,
        maxMismatchPu: Number.isFinite(delta) ? delta : Number.MAX_VALUE,
        message: 'divergência numérica: tensões não finitas',
      };
    }
    if (delta < tol) {
      net.hasSolution = true;
      return { converged: true, iterations: it, maxMismatchPu: delta };
    }
  }
  // Keep the last (finite) iterate as a warm start but report non-convergence.
  net.hasSolution = false;
  return {
    converged: false,
    iterations: maxIt,
    maxMismatchPu: delta,
    message: `não convergiu em ${maxIt} iterações (|ΔV| = ${delta.toExponential(2)} pu)`,
  };
}
