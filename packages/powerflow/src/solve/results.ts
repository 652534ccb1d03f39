// Post-processing of a solved network into engineering results: bus voltages (pu, degrees, L–N base),
// per-branch per-phase currents (A), powers, losses, loading, voltage unbalance, source power, totals.
import type { Network } from '../compile/network.ts';
import { blockOffsets } from '../elements/primitive.ts';
import { type EdgeCurrents, edgeCurrents } from './currents.ts';
import { slotAdmittance } from './injections.ts';

const RAD = 180 / Math.PI;

export interface PhaseValue {
  vmPu: number;
  vaDeg: number;
}

export interface BranchResult {
  id: string;
  kind: 'line' | 'switch' | 'transformer' | 'regulator';
  fromBus: string;
  toBus: string;
  /** False when open or not reachable from the source. */
  energized: boolean;
  /** Per phase a, b, c (0 for absent phases): current entering the element at each end, A and degrees. */
  iFromA: number[];
  iFromDeg: number[];
  iToA: number[];
  iToDeg: number[];
  /** Power entering the element at each end, per phase (kW, kvar); at the to end it is negative when the element delivers. */
  pFromKw: number[];
  qFromKvar: number[];
  pToKw: number[];
  qToKvar: number[];
  lossKw: number;
  lossKvar: number;
  /** Largest phase current over the rating, % (0 when no rating is known). */
  loadingPct: number;
}

export interface LoadResult {
  id: string;
  bus: string;
  isGenerator: boolean;
  /** Power consumed (generators: negative), total over terminals. */
  pKw: number;
  qKvar: number;
  /** Per terminal, in the order of the input `phases`. */
  terminalKw: number[];
  terminalKvar: number[];
}

export interface Totals {
  sourceKw: number;
  sourceKvar: number;
  loadKw: number;
  loadKvar: number;
  generationKw: number;
  generationKvar: number;
  /** Reactive power supplied by shunt capacitors (positive). */
  capacitorKvar: number;
  lossKw: number;
  lossKvar: number;
  /** Power through the numerical grounding (1e-9 pu leak per node, common-mode grounding of floating
   * delta buses); part of the balance, normally < 1e-6 kW. */
  leakKw: number;
  leakKvar: number;
}

export interface NetworkResults {
  /** Node voltages (nBus·m): magnitude pu of the bus L–N base, angle degrees; 0 for absent / de-energised. */
  vmPu: Float64Array;
  vaDeg: Float64Array;
  /** Voltage unbalance factor |V2|/|V1| in % per bus (0 where the bus is not three-phase). */
  vUnbalancePct: Float64Array;
  /** Per-element results as objects (materialised on first access from `branchTable`). */
  readonly branches: BranchResult[];
  /** The same results column-oriented (typed arrays, index = position in `net.branches`). */
  branchTable: BranchTable;
  /** Id and kind of each row of `branchTable` (reading the table without materialising `branches`). */
  branchIds: readonly string[];
  branchKinds: readonly BranchResult['kind'][];
  loads: LoadResult[];
  /** Power delivered by the source into the network, per phase (balanced mode: total/3 in each). */
  sourceKw: number[];
  sourceKvar: number[];
  totals: Totals;
}

export function computeResults(net: Network, vLowPu: number): NetworkResults {
  const m = net.m;
  const nb = net.busCount;
  const sb = net.sBaseKva;
  const { vRe, vIm } = net;
  const vmPu = new Float64Array(nb * m);
  const vaDeg = new Float64Array(nb * m);
  for (let i = 0; i < nb * m; i++) {
    const r = vRe[i]!;
    const x = vIm[i]!;
    vmPu[i] = Math.sqrt(r * r + x * x);
    vaDeg[i] = vmPu[i]! > 0 ? Math.atan2(x, r) * RAD : 0;
  }
  const vUnbalancePct = new Float64Array(nb);
  if (m === 3) {
    const c = Math.cos((2 * Math.PI) / 3);
    const s = Math.sin((2 * Math.PI) / 3);
    for (let k = 0; k < nb; k++) {
      if (net.splitPhase[k] || !net.nodeMask[3 * k] || !net.nodeMask[3 * k + 1] || !net.nodeMask[3 * k + 2])
        continue;
      const ar = vRe[3 * k]!;
      const ai = vIm[3 * k]!;
      const br = vRe[3 * k + 1]!;
      const bi = vIm[3 * k + 1]!;
      const cr = vRe[3 * k + 2]!;
      const ci = vIm[3 * k + 2]!;
      // a·Vb with a = 1∠120°, a²·Vc etc.
      const v1r = ar + (c * br - s * bi) + (c * cr + s * ci);
      const v1i = ai + (c * bi + s * br) + (c * ci - s * cr);
      const v2r = ar + (c * br + s * bi) + (c * cr - s * ci);
      const v2i = ai + (c * bi - s * br) + (c * ci + s * cr);
      const v1 = Math.hypot(v1r, v1i);
      vUnbalancePct[k] = v1 > 0 ? (100 * Math.hypot(v2r, v2i)) / v1 : 0;
    }
  }
  const cur = edgeCurrents(net, vLowPu);
  const table = branchTable(net.branches.length);
  for (let bi = 0; bi < net.branches.length; bi++) branchResult(net, bi, cur, table);
  const loads: LoadResult[] = [];
  const adm = new Float64Array(2);
  let loadKw = 0;
  let loadKvar = 0;
  let genKw = 0;
  let genKvar = 0;
  for (const l of net.loads) {
    const terminalKw: number[] = [];
    const terminalKvar: number[] = [];
    let p = 0;
    let q = 0;
    for (let s = l.firstSlot; s < l.firstSlot + l.slotCount; s++) {
      const bus = net.slotBus[s]!;
      const a = bus * m + net.slotA[s]!;
      const bn = net.slotB[s]!;
      let vr = vRe[a]!;
      let vi = vIm[a]!;
      if (bn >= 0) {
        vr -= vRe[bus * m + bn]!;
        vi -= vIm[bus * m + bn]!;
      }
      slotAdmittance(net, s, vr, vi, vLowPu, adm);
      // S = v·conj(A·v) = |v|²·conj(A)
      const v2 = vr * vr + vi * vi;
      const tp = v2 * adm[0]! * sb;
      const tq = -v2 * adm[1]! * sb;
      terminalKw.push(tp);
      terminalKvar.push(tq);
      p += tp;
      q += tq;
    }
    if (m === 1) {
      // One balanced slot carries a third of the load.
      p *= 3;
      q *= 3;
      terminalKw[0] = p;
      terminalKvar[0] = q;
    }
    if (l.isGenerator) {
      genKw -= p;
      genKvar -= q;
    } else {
      loadKw += p;
      loadKvar += q;
    }
    loads.push({
      id: l.id,
      bus: net.busIds[l.bus]!,
      isGenerator: l.isGenerator,
      pKw: p,
      qKvar: q,
      terminalKw,
      terminalKvar,
    });
  }
  const phaseFactor = m === 1 ? 3 : 1;
  let capKvar = 0;
  for (const cap of net.capacitors) {
    cap.nodeA.forEach((a, i) => {
      const bn = cap.nodeB[i]!;
      let vr = vRe[cap.bus * m + a]!;
      let vi = vIm[cap.bus * m + a]!;
      if (bn >= 0) {
        vr -= vRe[cap.bus * m + bn]!;
        vi -= vIm[cap.bus * m + bn]!;
      }
      capKvar += (vr * vr + vi * vi) * cap.b[i]! * sb * phaseFactor;
    });
  }
  let leakKw = 0;
  for (let idx = 0; idx < net.order.length; idx++) {
    const k = net.order[idx]!;
    for (let p = 0; p < m; p++) {
      if (!net.nodeMask[k * m + p]) continue;
      leakKw += (vRe[k * m + p]! ** 2 + vIm[k * m + p]! ** 2) * net.leakY * sb * phaseFactor;
    }
    const g = net.groundingY[k]!;
    if (g > 0) {
      // (g/n)·J on the n present nodes: power n·g·|mean V|²... = g·|ΣV|²/n
      let cr = 0;
      let ci = 0;
      let n = 0;
      for (let p = 0; p < m; p++) {
        if (!net.nodeMask[k * m + p]) continue;
        cr += vRe[k * m + p]!;
        ci += vIm[k * m + p]!;
        n++;
      }
      leakKw += ((g * (cr * cr + ci * ci)) / n) * sb;
    }
  }
  const sourceKw: number[] = [];
  const sourceKvar: number[] = [];
  const r0 = net.root * m;
  for (let p = 0; p < m; p++) {
    const vr = vRe[r0 + p]!;
    const vi = vIm[r0 + p]!;
    const ir = cur.source[2 * p]!;
    const ii = cur.source[2 * p + 1]!;
    sourceKw.push((vr * ir + vi * ii) * sb);
    sourceKvar.push((vi * ir - vr * ii) * sb);
  }
  if (m === 1) {
    sourceKw.push(sourceKw[0]!, sourceKw[0]!);
    sourceKvar.push(sourceKvar[0]!, sourceKvar[0]!);
  }
  let lossKw = 0;
  let lossKvar = 0;
  for (let bi = 0; bi < net.branches.length; bi++) {
    lossKw += table.lossKw[bi]!;
    lossKvar += table.lossKvar[bi]!;
  }
  const totals: Totals = {
    sourceKw: sourceKw.reduce((x, y) => x + y, 0),
    sourceKvar: sourceKvar.reduce((x, y) => x + y, 0),
    loadKw,
    loadKvar,
    generationKw: genKw,
    generationKvar: genKvar,
    capacitorKvar: capKvar,
    lossKw,
    lossKvar,
    leakKw,
    leakKvar: 0,
  };
  let branchesCache: BranchResult[] | undefined;
  const out: Omit<NetworkResults, 'branches'> = {
    vmPu,
    vaDeg,
    vUnbalancePct,
    branchTable: table,
    branchIds: net.branches.map((b) => b.id),
    branchKinds: net.branches.map((b) => b.kind),
    loads,
    sourceKw,
    sourceKvar,
    totals,
  };
  Object.defineProperty(out, 'branches', {
    enumerable: true,
    get: (): BranchResult[] => {
      branchesCache ??= net.branches.map((_, bi) => branchObject(net, table, bi));
      return branchesCache;
    },
  });
  return out as NetworkResults;
}

/** Column-oriented branch results (per phase arrays are nBranches·3, phase-major within a branch). */
export interface BranchTable {
  energized: Uint8Array;
  iFromA: Float64Array;
  iFromDeg: Float64Array;
  iToA: Float64Array;
  iToDeg: Float64Array;
  pFromKw: Float64Array;
  qFromKvar: Float64Array;
  pToKw: Float64Array;
  qToKvar: Float64Array;
  lossKw: Float64Array;
  lossKvar: Float64Array;
  loadingPct: Float64Array;
}

export function branchTable(n: number): BranchTable {
  const per = (): Float64Array => new Float64Array(3 * n);
  return {
    energized: new Uint8Array(n),
    iFromA: per(),
    iFromDeg: per(),
    iToA: per(),
    iToDeg: per(),
    pFromKw: per(),
    qFromKvar: per(),
    pToKw: per(),
    qToKvar: per(),
    lossKw: new Float64Array(n),
    lossKvar: new Float64Array(n),
    loadingPct: new Float64Array(n),
  };
}

/** Fills row `bi` of the table (currents, powers at both ends, losses, loading) from the solved voltages. */
export function branchResult(net: Network, bi: number, cur: EdgeCurrents, t: BranchTable): void {
  const m = net.m;
  const b = net.branches[bi]!;
  const prim = b.primitive;
  if (!prim || b.childBus < 0) return;
  t.energized[bi] = 1;
  const p = b.parentBus;
  const k = b.childBus;
  // Currents into the element at the parent side (ip) and at the child side (ik), pu.
  const ip = scratchP;
  const ik = scratchK;
  ip.fill(0);
  ik.fill(0);
  const { vRe, vIm } = net;
  if (prim.kind === 'admittance') {
    const off = blockOffsets(m);
    blockTimesVoltage(prim.y, off.pp, vRe, vIm, p * m, ip, m);
    blockTimesVoltage(prim.y, off.pk, vRe, vIm, k * m, ip, m);
    blockTimesVoltage(prim.y, off.kp, vRe, vIm, p * m, ik, m);
    blockTimesVoltage(prim.y, off.kk, vRe, vIm, k * m, ik, m);
  } else {
    for (let r = 0; r < 2 * m; r++) {
      ip[r] = cur.drawn[2 * m * k + r]!;
      ik[r] = -cur.delivered[2 * m * k + r]!;
    }
  }
  const o = 3 * bi;
  fillEnd(net, b.reversed ? k : p, b.reversed ? ik : ip, o, t.iFromA, t.iFromDeg, t.pFromKw, t.qFromKvar);
  fillEnd(net, b.reversed ? p : k, b.reversed ? ip : ik, o, t.iToA, t.iToDeg, t.pToKw, t.qToKvar);
  let lp = 0;
  let lq = 0;
  let loading = 0;
  for (let ph = 0; ph < 3; ph++) {
    lp += t.pFromKw[o + ph]! + t.pToKw[o + ph]!;
    lq += t.qFromKvar[o + ph]! + t.qToKvar[o + ph]!;
    if (b.ratedFromA > 0) loading = Math.max(loading, (100 * t.iFromA[o + ph]!) / b.ratedFromA);
    if (b.ratedToA > 0) loading = Math.max(loading, (100 * t.iToA[o + ph]!) / b.ratedToA);
  }
  t.lossKw[bi] = lp;
  t.lossKvar[bi] = lq;
  t.loadingPct[bi] = loading;
}

/** Materialises one branch's row of the table as an object. */
function branchObject(net: Network, t: BranchTable, bi: number): BranchResult {
  const b = net.branches[bi]!;
  const o = 3 * bi;
  const row = (a: Float64Array): number[] => [a[o]!, a[o + 1]!, a[o + 2]!];
  return {
    id: b.id,
    kind: b.kind,
    fromBus: net.busIds[b.fromBus]!,
    toBus: net.busIds[b.toBus]!,
    energized: t.energized[bi] === 1,
    iFromA: row(t.iFromA),
    iFromDeg: row(t.iFromDeg),
    iToA: row(t.iToA),
    iToDeg: row(t.iToDeg),
    pFromKw: row(t.pFromKw),
    qFromKvar: row(t.qFromKvar),
    pToKw: row(t.pToKw),
    qToKvar: row(t.qToKvar),
    lossKw: t.lossKw[bi]!,
    lossKvar: t.lossKvar[bi]!,
    loadingPct: t.loadingPct[bi]!,
  };
}

const scratchP = new Float64Array(6);
const scratchK = new Float64Array(6);

/** out += block(at bo) · V(bus nodes at vo). */
function blockTimesVoltage(
  y: Float64Array,
  bo: number,
  vRe: Float64Array,
  vIm: Float64Array,
  vo: number,
  out: Float64Array,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < m; j++) {
      const o = bo + 2 * (r * m + j);
      const xr = vRe[vo + j]!;
      const xi = vIm[vo + j]!;
      sr += y[o]! * xr - y[o + 1]! * xi;
      si += y[o]! * xi + y[o + 1]! * xr;
    }
    out[2 * r]! += sr;
    out[2 * r + 1]! += si;
  }
}

/** Engineering values at one end of a branch: current (A, deg) and power (kW, kvar) per phase. */
function fillEnd(
  net: Network,
  bus: number,
  i: Float64Array,
  o: number,
  amps: Float64Array,
  deg: Float64Array,
  pk: Float64Array,
  qk: Float64Array,
): void {
  const m = net.m;
  const sb = net.sBaseKva;
  const ibase = sb / net.vBaseKv[bus]!;
  for (let ph = 0; ph < m; ph++) {
    const ir = i[2 * ph]!;
    const ii = i[2 * ph + 1]!;
    const vr = net.vRe[bus * m + ph]!;
    const vi = net.vIm[bus * m + ph]!;
    const mag = Math.sqrt(ir * ir + ii * ii);
    amps[o + ph] = mag * ibase;
    deg[o + ph] = mag > 0 ? Math.atan2(ii, ir) * RAD : 0;
    pk[o + ph] = (vr * ir + vi * ii) * sb;
    qk[o + ph] = (vi * ir - vr * ii) * sb;
  }
  if (m === 1) {
    amps[o + 1] = amps[o]!;
    amps[o + 2] = amps[o]!;
    pk[o + 1] = pk[o]!;
    pk[o + 2] = pk[o]!;
    qk[o + 1] = qk[o]!;
    qk[o + 2] = qk[o]!;
    deg[o + 1] = deg[o]! - 120;
    deg[o + 2] = deg[o]! + 120;
  }
}
