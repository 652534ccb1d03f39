// Time series: many solves over one compiled network and one factorisation; only load/generator powers
// change between steps (like a power-grid-model batch update). Each step warm-starts from the last.
import type { Network } from './compile/network.ts';
import { currentsWorkspace, edgeCurrents } from './solve/currents.ts';
import { slotAdmittance } from './solve/injections.ts';
import { branchResult, branchTable } from './solve/results.ts';
import { DEFAULT_VLOW, type IterationOptions, iterate } from './solve/solve.ts';

export interface TimeSeriesBatch {
  steps: number;
  /** Power per load terminal and step, kW / kvar, row-major [step][terminal]. Terminals are the input
   * loads' `phases` entries in order, then the generators' (generator values as produced). */
  pKw: Float64Array;
  qKvar: Float64Array;
}

export interface TimeSeriesOptions extends IterationOptions {
  /** Store |V| (pu) of every node at every step (Float32Array steps × nBus·m). Default false. */
  storeVoltages?: boolean;
  /** Series losses per group of branches at every step (`groupLossKw`): `ofBranch[i]` is the group (0 …
   * count − 1) of `net.branches[i]`, or −1 for a branch left out. */
  lossGroups?: { ofBranch: Int32Array; count: number };
}

export interface TimeSeriesResult {
  steps: number;
  converged: Uint8Array;
  iterations: Uint16Array;
  maxMismatchPu: Float64Array;
  sourceKw: Float64Array;
  sourceKvar: Float64Array;
  loadKw: Float64Array;
  /** Series losses + shunt-element balance: source − consumed loads + generation (kW). */
  lossKw: Float64Array;
  minVmPu: Float64Array;
  maxVmPu: Float64Array;
  vmPu?: Float32Array;
  /** Losses (kW) of each branch group, row-major [step][group] (with `lossGroups`). Their sum is `lossKw`
   * less the numerical leak and shunt elements outside the groups. */
  groupLossKw?: Float64Array;
}

/** Number of load terminals expected per step by runTimeSeries. */
export function terminalCount(net: Network): number {
  let n = 0;
  for (const l of net.input.loads ?? []) n += l.phases.length;
  for (const g of net.input.generators ?? []) n += g.phases.length;
  return n;
}

export function runTimeSeries(
  net: Network,
  batch: TimeSeriesBatch,
  options: TimeSeriesOptions = {},
): TimeSeriesResult {
  const nt = terminalCount(net);
  if (batch.pKw.length < batch.steps * nt || batch.qKvar.length < batch.steps * nt) {
    throw new Error(`série temporal: esperados ${batch.steps}×${nt} valores de potência`);
  }
  const steps = batch.steps;
  const m = net.m;
  const nodes = net.busCount * m;
  const out: TimeSeriesResult = {
    steps,
    converged: new Uint8Array(steps),
    iterations: new Uint16Array(steps),
    maxMismatchPu: new Float64Array(steps),
    sourceKw: new Float64Array(steps),
    sourceKvar: new Float64Array(steps),
    loadKw: new Float64Array(steps),
    lossKw: new Float64Array(steps),
    minVmPu: new Float64Array(steps),
    maxVmPu: new Float64Array(steps),
    ...(options.storeVoltages ? { vmPu: new Float32Array(steps * nodes) } : {}),
    ...(options.lossGroups ? { groupLossKw: new Float64Array(steps * options.lossGroups.count) } : {}),
  };
  const groups = options.lossGroups;
  const table = groups ? branchTable(net.branches.length) : undefined;
  const vLow = options.vLowPu ?? DEFAULT_VLOW;
  const ws = currentsWorkspace(net);
  const adm = new Float64Array(2);
  const sb = net.sBaseKva;
  const loadsFirstTerminal: number[] = [];
  let t = 0;
  for (const l of net.loads) {
    loadsFirstTerminal.push(t);
    t += m === 1 ? inputTerminals(net, l.id, l.isGenerator) : l.slotCount;
  }
  for (let s = 0; s < steps; s++) {
    const base = s * nt;
    // Apply the step's powers directly to the slots (no allocation).
    net.loads.forEach((l, li) => {
      const sign = l.isGenerator ? -1 : 1;
      const ft = base + loadsFirstTerminal[li]!;
      if (m === 1) {
        const n = inputTerminals(net, l.id, l.isGenerator);
        let p = 0;
        let q = 0;
        for (let k = 0; k < n; k++) {
          p += batch.pKw[ft + k]!;
          q += batch.qKvar[ft + k]!;
        }
        net.slotP[l.firstSlot] = (sign * p) / 3 / sb;
        net.slotQ[l.firstSlot] = (sign * q) / 3 / sb;
      } else {
        for (let k = 0; k < l.slotCount; k++) {
          net.slotP[l.firstSlot + k] = (sign * batch.pKw[ft + k]!) / sb;
          net.slotQ[l.firstSlot + k] = (sign * batch.qKvar[ft + k]!) / sb;
        }
      }
    });
    const st = iterate(net, options);
    out.converged[s] = st.converged ? 1 : 0;
    out.iterations[s] = st.iterations;
    out.maxMismatchPu[s] = st.maxMismatchPu;
    const cur = edgeCurrents(net, vLow, ws);
    const r0 = net.root * m;
    let ps = 0;
    let qs = 0;
    for (let p = 0; p < m; p++) {
      const vr = net.vRe[r0 + p]!;
      const vi = net.vIm[r0 + p]!;
      ps += vr * cur.source[2 * p]! + vi * cur.source[2 * p + 1]!;
      qs += vi * cur.source[2 * p]! - vr * cur.source[2 * p + 1]!;
    }
    let pl = 0;
    let pg = 0;
    for (let k = 0; k < net.slotP.length; k++) {
      const bus = net.slotBus[k]!;
      const a = bus * m + net.slotA[k]!;
      const bn = net.slotB[k]!;
      let vr = net.vRe[a]!;
      let vi = net.vIm[a]!;
      if (bn >= 0) {
        vr -= net.vRe[bus * m + bn]!;
        vi -= net.vIm[bus * m + bn]!;
      }
      slotAdmittance(net, k, vr, vi, vLow, adm);
      const pk = (vr * vr + vi * vi) * adm[0]!;
      if (net.slotP[k]! >= 0) pl += pk;
      else pg -= pk;
    }
    const f = m === 1 ? 3 * sb : sb;
    out.sourceKw[s] = ps * f;
    out.sourceKvar[s] = qs * f;
    out.loadKw[s] = pl * f;
    out.lossKw[s] = (ps - pl + pg) * f;
    let vmin = Number.POSITIVE_INFINITY;
    let vmax = 0;
    for (let idx = 0; idx < net.order.length; idx++) {
      const o = net.order[idx]! * m;
      for (let p = 0; p < m; p++) {
        if (!net.nodeMask[o + p]) continue;
        const vm = Math.hypot(net.vRe[o + p]!, net.vIm[o + p]!);
        if (vm < vmin) vmin = vm;
        if (vm > vmax) vmax = vm;
      }
    }
    if (groups && table && out.groupLossKw) {
      const o = s * groups.count;
      for (let bi = 0; bi < net.branches.length; bi++) {
        const g = groups.ofBranch[bi]!;
        if (g < 0) continue;
        branchResult(net, bi, cur, table);
        out.groupLossKw[o + g]! += table.lossKw[bi]!;
      }
    }
    out.minVmPu[s] = Number.isFinite(vmin) ? vmin : 0;
    out.maxVmPu[s] = vmax;
    if (out.vmPu) {
      const o = s * nodes;
      for (let i = 0; i < nodes; i++) out.vmPu[o + i] = Math.hypot(net.vRe[i]!, net.vIm[i]!);
    }
  }
  return out;
}

const terminalCache = new WeakMap<Network, Map<string, number>>();

function inputTerminals(net: Network, id: string, isGenerator: boolean): number {
  let cache = terminalCache.get(net);
  if (!cache) {
    cache = new Map();
    for (const l of net.input.loads ?? []) cache.set(`L:${l.id}`, l.phases.length);
    for (const g of net.input.generators ?? []) cache.set(`G:${g.id}`, g.phases.length);
    terminalCache.set(net, cache);
  }
  return cache.get(`${isGenerator ? 'G' : 'L'}:${id}`) ?? 0;
}
