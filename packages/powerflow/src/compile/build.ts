// buildNetwork: validates the component tables, converts to per unit, orients the radial tree and
// stamps element primitives into per-bus blocks. Throws (with a Portuguese message) on invalid data.
import { linePrimitive } from '../elements/line.ts';
import { zipFractions } from '../elements/load.ts';
import { type BranchPrimitive, identityPrimitive } from '../elements/primitive.ts';
import {
  DEFAULT_REGULATOR_MAX_STEPS,
  expandTaps,
  regulatorMatrix,
  regulatorUnits,
} from '../elements/regulator.ts';
import {
  transformerPrimitive1,
  transformerPrimitive3,
  transformerRatedCurrents,
} from '../elements/transformer.ts';
import { parsePhases, parseTerminal, phaseMask } from '../model/phases.ts';
import type { NetworkInput } from '../model/types.ts';
import { denseSolveInPlace } from '../numeric/complex-block.ts';
import {
  type BranchKind,
  type BranchRecord,
  type CapacitorRecord,
  type LoadRecord,
  Network,
  type RegulatorRecord,
  type SolveMode,
  type TransformerRecord,
} from './network.ts';
import { radialTopology } from './topology.ts';

const SQRT3 = Math.sqrt(3);
/** Admittance (pu) from every present node to ground: gives floating (delta / ungrounded) parts a reference. */
const LEAK_Y = 1e-9;

export interface BuildOptions {
  /** 'unbalanced' (phase frame, default) or 'balanced' (positive sequence, one node per bus). */
  mode?: SolveMode;
}

interface PendingBranch {
  id: string;
  kind: BranchKind;
  inputIndex: number;
  from: number;
  to: number;
  closed: boolean;
  fromPhases: number[];
  toPhases: number[];
  ratedFromA: number;
  ratedToA: number;
}

export function buildNetwork(original: NetworkInput, options: BuildOptions = {}): Network {
  const input = inBreadthFirstOrder(original);
  const mode = options.mode ?? 'unbalanced';
  const m = mode === 'balanced' ? 1 : 3;
  const sBase = input.baseKvaPerPhase ?? 1000;
  const freq = input.frequencyHz ?? 60;
  const nBus = input.buses.length;
  const busIds = input.buses.map((b) => b.id);
  const busIndex = new Map<string, number>();
  busIds.forEach((id, i) => {
    if (busIndex.has(id)) throw new Error(`barra duplicada: ${id}`);
    busIndex.set(id, i);
  });
  const bus = (id: string, ctx: string): number => {
    const i = busIndex.get(id);
    if (i === undefined) throw new Error(`${ctx}: barra inexistente '${id}'`);
    return i;
  };
  const vBaseKv = new Float64Array(nBus);
  const splitPhase = new Uint8Array(nBus);
  const declaredMask = new Uint8Array(nBus);
  const usedMask = new Uint8Array(nBus);
  input.buses.forEach((b, i) => {
    if (!(b.kvBase > 0)) throw new Error(`barra ${b.id}: kvBase deve ser positivo`);
    splitPhase[i] = b.splitPhase ? 1 : 0;
    vBaseKv[i] = b.splitPhase ? b.kvBase / 2 : b.kvBase / SQRT3;
    if (b.phases) declaredMask[i] = phaseMask(parsePhases(b.phases, `barra ${b.id}`));
  });
  const zBase = (i: number): number => (vBaseKv[i]! * vBaseKv[i]! * 1000) / sBase;

  // ---- branch elements ----
  const pending: PendingBranch[] = [];
  (input.lines ?? []).forEach((l, k) => {
    const ctx = `linha ${l.id}`;
    const ph = parsePhases(l.phases, ctx);
    const from = bus(l.fromBus, ctx);
    pending.push({
      id: l.id,
      kind: 'line',
      inputIndex: k,
      from,
      to: bus(l.toBus, ctx),
      closed: true,
      fromPhases: ph,
      toPhases: ph,
      ratedFromA: l.ratedCurrentA ?? 0,
      ratedToA: l.ratedCurrentA ?? 0,
    });
  });
  (input.switches ?? []).forEach((s, k) => {
    const ctx = `chave ${s.id}`;
    const ph = parsePhases(s.phases ?? 'abc', ctx);
    pending.push({
      id: s.id,
      kind: 'switch',
      inputIndex: k,
      from: bus(s.fromBus, ctx),
      to: bus(s.toBus, ctx),
      closed: s.closed,
      fromPhases: ph,
      toPhases: ph,
      ratedFromA: s.ratedCurrentA ?? 0,
      ratedToA: s.ratedCurrentA ?? 0,
    });
  });
  const transformers: TransformerRecord[] = [];
  (input.transformers ?? []).forEach((t, k) => {
    const ctx = `transformador ${t.id}`;
    const from = bus(t.fromBus, ctx);
    const to = bus(t.toBus, ctx);
    if (!(t.kva > 0) || !(t.kvHigh > 0) || !(t.kvLow > 0))
      throw new Error(`${ctx}: kVA e tensões devem ser positivos`);
    let hp: number[];
    let lp: number[];
    if (t.kind === 'three-phase') {
      hp = [0, 1, 2];
      lp = [0, 1, 2];
    } else {
      const [h1, h2] = parseTerminal(t.highTerminals, ctx);
      hp = h2 < 0 ? [h1] : [h1, h2];
      if (t.kind === 'center-tap') lp = [0, 1];
      else {
        const [l1, l2] = parseTerminal(t.lowTerminals, ctx);
        lp = l2 < 0 ? [l1] : [l1, l2];
      }
    }
    const rated = transformerRatedCurrents(t);
    transformers.push({ branch: pending.length, input: t });
    pending.push({
      id: t.id,
      kind: 'transformer',
      inputIndex: k,
      from,
      to,
      closed: true,
      fromPhases: hp,
      toPhases: lp,
      ratedFromA: rated.high,
      ratedToA: rated.low,
    });
  });
  const regulators: RegulatorRecord[] = [];
  (input.regulators ?? []).forEach((r, k) => {
    const ctx = `regulador ${r.id}`;
    const units = regulatorUnits(r);
    const taps = expandTaps(r, units.length);
    const maxSteps = r.maxSteps ?? DEFAULT_REGULATOR_MAX_STEPS;
    for (const t of taps)
      if (Math.abs(t) > maxSteps) throw new Error(`${ctx}: tap ${t} fora de ±${maxSteps}`);
    const ph = parsePhases(r.phases, ctx);
    regulators.push({ id: r.id, branch: pending.length, input: r, units, taps });
    pending.push({
      id: r.id,
      kind: 'regulator',
      inputIndex: k,
      from: bus(r.fromBus, ctx),
      to: bus(r.toBus, ctx),
      closed: true,
      fromPhases: ph,
      toPhases: ph,
      ratedFromA: r.ratedCurrentA ?? 0,
      ratedToA: r.ratedCurrentA ?? 0,
    });
  });
  const ids = new Set<string>();
  for (const p of pending) {
    if (ids.has(p.id)) throw new Error(`identificador de ramo duplicado: ${p.id}`);
    ids.add(p.id);
    usedMask[p.from]! |= phaseMask(p.fromPhases);
    usedMask[p.to]! |= phaseMask(p.toPhases);
  }

  // All admittance primitives live in one pooled buffer (views), avoiding thousands of small
  // ArrayBuffers that are slow to allocate and to collect.
  const primSize = 8 * m * m;
  let pool = new Float64Array(0);
  let poolUsed = 0;
  const poolView = (): Float64Array => {
    const v = pool.subarray(poolUsed, poolUsed + primSize);
    poolUsed += primSize;
    return v;
  };
  const makePrimitive = (p: PendingBranch): BranchPrimitive => {
    switch (p.kind) {
      case 'line':
        return linePrimitive(input.lines![p.inputIndex]!, m, zBase(p.from), freq, poolView());
      case 'switch':
        return identityPrimitive(m, p.fromPhases);
      case 'transformer': {
        const t = input.transformers![p.inputIndex]!;
        const bases = { vBaseHighKv: vBaseKv[p.from]!, vBaseLowKv: vBaseKv[p.to]!, sBaseKvaPerPhase: sBase };
        const prim = m === 1 ? transformerPrimitive1(t, bases) : transformerPrimitive3(t, bases);
        const view = poolView();
        view.set(prim.y);
        return { kind: 'admittance', y: view };
      }
      case 'regulator': {
        const reg = regulators.find((r) => r.branch === pendingIndex.get(p))!;
        const e = new Float64Array(m * m);
        regulatorMatrix(reg.input, reg.units, reg.taps, m, e);
        return { kind: 'ideal', e };
      }
    }
  };
  const pendingIndex = new Map(pending.map((p, i) => [p, i]));

  // ---- topology ----
  const root = bus(input.source.bus, 'fonte');
  const closed = pending.filter((p) => p.closed);
  const closedIndex = pending.map((p, i) => (p.closed ? i : -1)).filter((i) => i >= 0);
  const topo = radialTopology(nBus, root, closed, (i) => closed[i]!.id);
  const bs = 2 * m * m;
  const edgeKind = new Uint8Array(nBus);
  // Pool: one slot per admittance element plus one aggregate per bus fed by parallel elements.
  let parallelEdges = 0;
  for (let k = 0; k < nBus; k++) if (topo.feeding[k]!.length > 1) parallelEdges++;
  pool = new Float64Array(
    ((input.lines?.length ?? 0) + (input.transformers?.length ?? 0) + parallelEdges) * primSize,
  );
  const edgeOff = new Int32Array(nBus).fill(-1);
  const edgeE = new Float64Array(nBus * m * m);
  const branches: BranchRecord[] = pending.map((p) => ({
    id: p.id,
    kind: p.kind,
    inputIndex: p.inputIndex,
    fromBus: p.from,
    toBus: p.to,
    parentBus: -1,
    childBus: -1,
    reversed: false,
    fromPhases: p.fromPhases,
    toPhases: p.toPhases,
    ratedFromA: p.ratedFromA,
    ratedToA: p.ratedToA,
  }));
  for (let k = 0; k < nBus; k++) {
    const feeders = topo.feeding[k]!;
    if (feeders.length === 0) continue;
    const parent = topo.parent[k]!;
    let ideal = 0;
    const aggregate = feeders.length > 1 ? poolView() : undefined;
    for (const ci of feeders) {
      const bi = closedIndex[ci]!;
      const p = pending[bi]!;
      const rec = branches[bi]!;
      rec.parentBus = parent;
      rec.childBus = k;
      rec.reversed = p.from === k;
      if (rec.reversed && p.kind === 'regulator' && (input.regulators ?? [])[p.inputIndex]?.control) {
        throw new Error(`regulador ${p.id}: orientado contra o fluxo (from deve ser o lado da fonte)`);
      }
      const prim = orient(makePrimitive(p), rec.reversed, m);
      rec.primitive = prim;
      if (prim.kind === 'ideal') {
        ideal++;
        edgeE.set(prim.e, k * m * m);
      } else {
        if (aggregate) addInto(aggregate, 0, prim.y);
        else edgeOff[k] = prim.y.byteOffset / 8;
      }
    }
    if (ideal > 0 && feeders.length > 1) {
      const names = feeders.map((ci) => closed[ci]!.id).join(', ');
      throw new Error(`elementos ideais (chave/regulador) em paralelo com outros: ${names}`);
    }
    edgeKind[k] = ideal > 0 ? 2 : 1;
    if (aggregate) edgeOff[k] = aggregate.byteOffset / 8;
  }

  // ---- node mask ----
  const nodeMask = new Uint8Array(nBus * m);
  for (let i = 0; i < nBus; i++) {
    if (topo.depth[i]! < 0) continue;
    if (m === 1) {
      nodeMask[i] = 1;
      continue;
    }
    const mask = declaredMask[i]! | usedMask[i]!;
    for (let p = 0; p < 3; p++) nodeMask[i * 3 + p] = (mask >> p) & 1 || (i === root ? 1 : 0);
  }

  // ---- shunts: leak, absent-node identity ----
  const shunt = new Float64Array(nBus * bs);
  for (let i = 0; i < nBus; i++) {
    for (let p = 0; p < m; p++) {
      const o = i * bs + 2 * (p * m + p);
      shunt[o] = nodeMask[i * m + p] ? LEAK_Y : 1;
    }
  }
  const stamp = (busI: number, a: number, b: number, yr: number, yi: number): void => {
    const o = busI * bs;
    shunt[o + 2 * (a * m + a)]! += yr;
    shunt[o + 2 * (a * m + a) + 1]! += yi;
    if (b >= 0) {
      shunt[o + 2 * (b * m + b)]! += yr;
      shunt[o + 2 * (b * m + b) + 1]! += yi;
      shunt[o + 2 * (a * m + b)]! -= yr;
      shunt[o + 2 * (a * m + b) + 1]! -= yi;
      shunt[o + 2 * (b * m + a)]! -= yr;
      shunt[o + 2 * (b * m + a) + 1]! -= yi;
    }
  };
  const terminalVn = (busI: number, b: number, kvNominal: number | undefined): number => {
    if (kvNominal !== undefined) return kvNominal / vBaseKv[busI]!;
    if (b < 0) return 1;
    return splitPhase[busI] ? 2 : SQRT3;
  };
  const energized = (i: number): boolean => topo.depth[i]! >= 0;

  // ---- capacitors ----
  const capacitors: CapacitorRecord[] = [];
  for (const c of input.capacitors ?? []) {
    const ctx = `capacitor ${c.id}`;
    const bi = bus(c.bus, ctx);
    if (c.phases.length !== c.kvar.length) throw new Error(`${ctx}: phases e kvar com tamanhos diferentes`);
    const rec: CapacitorRecord = { id: c.id, bus: bi, nodeA: [], nodeB: [], b: [] };
    if (c.inService !== false && energized(bi)) {
      if (m === 1) {
        let q = 0;
        for (const v of c.kvar) q += v;
        rec.nodeA.push(0);
        rec.nodeB.push(-1);
        rec.b.push(q / 3 / sBase);
      } else {
        c.phases.forEach((term, k) => {
          const [a, b] = parseTerminal(term, ctx);
          const vn = terminalVn(bi, b, c.kvNominal);
          rec.nodeA.push(a);
          rec.nodeB.push(b);
          rec.b.push(c.kvar[k]! / sBase / (vn * vn));
        });
      }
      rec.nodeA.forEach((a, k) => {
        stamp(bi, a, rec.nodeB[k]!, 0, rec.b[k]!);
      });
    }
    capacitors.push(rec);
  }

  // ---- loads and generators (slots) ----
  const loads: LoadRecord[] = [];
  const consumerIds = new Set<string>();
  const sBus: number[] = [];
  const sA: number[] = [];
  const sB: number[] = [];
  const sP: number[] = [];
  const sQ: number[] = [];
  const sVn: number[] = [];
  const sZip: number[] = [];
  const sYr: number[] = [];
  const sYi: number[] = [];
  const addConsumer = (
    c: {
      id: string;
      bus: string;
      phases: readonly string[];
      pKw: readonly number[];
      qKvar: readonly number[];
      kvNominal?: number;
      inService?: boolean;
    },
    isGenerator: boolean,
    zip: number[],
  ): void => {
    const ctx = `${isGenerator ? 'gerador' : 'carga'} ${c.id}`;
    const bi = bus(c.bus, ctx);
    if (c.phases.length !== c.pKw.length || c.phases.length !== c.qKvar.length) {
      throw new Error(`${ctx}: phases, pKw e qKvar com tamanhos diferentes`);
    }
    const sign = isGenerator ? -1 : 1;
    const on = c.inService !== false && energized(bi) ? 1 : 0;
    const first = sP.length;
    const push = (a: number, b: number, p: number, q: number, vn: number): void => {
      sBus.push(bi);
      sA.push(a);
      sB.push(b);
      sP.push((on * sign * p) / sBase);
      sQ.push((on * sign * q) / sBase);
      sVn.push(vn);
      sZip.push(...zip);
      // Stamp the nominal admittance of consumers (not generators) to speed up convergence.
      const yr = isGenerator || !on ? 0 : p / sBase / (vn * vn);
      const yi = isGenerator || !on ? 0 : -q / sBase / (vn * vn);
      sYr.push(yr);
      sYi.push(yi);
      if (on) stamp(bi, a, b, yr, yi);
    };
    if (m === 1) {
      let p = 0;
      let q = 0;
      c.phases.forEach((term, k) => {
        parseTerminal(term, ctx);
        p += c.pKw[k]!;
        q += c.qKvar[k]!;
      });
      push(0, -1, p / 3, q / 3, 1);
    } else {
      c.phases.forEach((term, k) => {
        const [a, b] = parseTerminal(term, ctx);
        push(a, b, c.pKw[k]!, c.qKvar[k]!, terminalVn(bi, b, c.kvNominal));
      });
    }
    if (consumerIds.has(c.id)) throw new Error(`${ctx}: identificador duplicado`);
    consumerIds.add(c.id);
    loads.push({ id: c.id, bus: bi, firstSlot: first, slotCount: sP.length - first, isGenerator });
  };
  for (const l of input.loads ?? []) addConsumer(l, false, zipFractions(l.model, `carga ${l.id}`));
  for (const g of input.generators ?? []) addConsumer(g, true, [0, 0, 1, 0, 0, 1]);

  // ---- source ----
  const src = input.source;
  const sourceV = new Float64Array(2 * m);
  const vAt = (p: number): number =>
    Array.isArray(src.vPu) ? (src.vPu[p] ?? 1) : ((src.vPu as number) ?? 1);
  const angAt = (p: number): number => {
    if (Array.isArray(src.angleDeg)) return src.angleDeg[p] ?? 0;
    const a = (src.angleDeg as number | undefined) ?? 0;
    return a - 120 * p + (p === 2 ? 360 : 0);
  };
  for (let p = 0; p < m; p++) {
    const th = (angAt(p) * Math.PI) / 180;
    sourceV[2 * p] = vAt(p) * Math.cos(th);
    sourceV[2 * p + 1] = vAt(p) * Math.sin(th);
  }
  let sourceY: Float64Array | undefined;
  if (src.impedanceOhm) {
    const z = src.impedanceOhm;
    const zb = zBase(root);
    sourceY = new Float64Array(bs);
    if (m === 1) {
      const den = z.r1 * z.r1 + z.x1 * z.x1;
      sourceY[0] = (z.r1 / den) * zb;
      sourceY[1] = (-z.x1 / den) * zb;
    } else {
      // Y = A·diag(1/Z0, 1/Z1, 1/Z1)·A⁻¹ → self (y0 + 2y1)/3, mutual (y0 − y1)/3
      const inv = (r: number, x: number): [number, number] => {
        const d = r * r + x * x;
        return [(r / d) * zb, (-x / d) * zb];
      };
      const [y1r, y1i] = inv(z.r1, z.x1);
      const [y0r, y0i] = inv(z.r0, z.x0);
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 3; c++) {
          const self = r === c;
          sourceY[2 * (r * 3 + c)] = self ? (y0r + 2 * y1r) / 3 : (y0r - y1r) / 3;
          sourceY[2 * (r * 3 + c) + 1] = self ? (y0i + 2 * y1i) / 3 : (y0i - y1i) / 3;
        }
    }
  }

  return new Network({
    input,
    mode,
    m,
    sBaseKva: sBase,
    busIds,
    vBaseKv,
    splitPhase,
    nodeMask,
    root,
    order: topo.order,
    parent: topo.parent,
    depth: topo.depth,
    edgeKind,
    edgeY: pool,
    edgeOff,
    edgeE,
    shunt,
    leakY: LEAK_Y,
    branches,
    transformers,
    regulators,
    capacitors,
    loads,
    slots: {
      bus: Int32Array.from(sBus),
      a: Int32Array.from(sA),
      b: Int32Array.from(sB),
      p: Float64Array.from(sP),
      q: Float64Array.from(sQ),
      vn: Float64Array.from(sVn),
      zip: Float64Array.from(sZip),
      yRe: Float64Array.from(sYr),
      yIm: Float64Array.from(sYi),
    },
    sourceV,
    sourceY,
  });
}

/** Re-expresses a primitive for the tree orientation (parent → child); admittances swap in place. */
export function orient(prim: BranchPrimitive, reversed: boolean, m: number): BranchPrimitive {
  if (!reversed) return prim;
  if (prim.kind === 'admittance') {
    const s = 2 * m * m;
    const y = prim.y;
    for (let i = 0; i < s; i++) {
      const pp = y[i]!;
      y[i] = y[3 * s + i]!;
      y[3 * s + i] = pp;
      const pk = y[s + i]!;
      y[s + i] = y[2 * s + i]!;
      y[2 * s + i] = pk;
    }
    return prim;
  }
  return { kind: 'ideal', e: invertRealPattern(prim.e, m) };
}

/** Inverse of a real m×m matrix restricted to its non-zero rows/columns (absent phases stay zero). */
export function invertRealPattern(e: Float64Array, m: number): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < m; i++) {
    let nz = false;
    for (let j = 0; j < m; j++) if (e[i * m + j] !== 0 || e[j * m + i] !== 0) nz = true;
    if (nz) idx.push(i);
  }
  const n = idx.length;
  const a = new Float64Array(2 * n * n);
  const b = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) a[2 * (r * n + c)] = e[idx[r]! * m + idx[c]!]!;
    b[2 * (r * n + r)] = 1;
  }
  const out = new Float64Array(m * m);
  if (n === 0) return out;
  // Reuse the complex solver on a real matrix.
  const ok = denseSolveInPlace(a, b, n, n);
  if (!ok) throw new Error('transformação ideal singular');
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[idx[r]! * m + idx[c]!] = b[2 * (r * n + c)]!;
  return out;
}

/**
 * Returns the input with its buses renumbered in breadth-first order from the source (energised buses
 * first). Per-bus blocks are then stored in sweep order, so the solver streams through memory instead of
 * jumping around (a 10,000-bus feeder's blocks do not fit in L2 cache).
 */
function inBreadthFirstOrder(input: NetworkInput): NetworkInput {
  const index = new Map<string, number>();
  input.buses.forEach((b, i) => {
    index.set(b.id, i);
  });
  const ends: { from: number; to: number }[] = [];
  const names: string[] = [];
  const add = (id: string, from: string, to: string): void => {
    const f = index.get(from);
    const t = index.get(to);
    if (f === undefined || t === undefined) return; // reported with context by the main build
    ends.push({ from: f, to: t });
    names.push(id);
  };
  for (const l of input.lines ?? []) add(l.id, l.fromBus, l.toBus);
  for (const s of input.switches ?? []) if (s.closed) add(s.id, s.fromBus, s.toBus);
  for (const t of input.transformers ?? []) add(t.id, t.fromBus, t.toBus);
  for (const r of input.regulators ?? []) add(r.id, r.fromBus, r.toBus);
  const root = index.get(input.source.bus);
  if (root === undefined) return input;
  const { order } = radialTopology(input.buses.length, root, ends, (i) => names[i]!);
  let identity = true;
  for (let i = 0; i < order.length; i++) if (order[i] !== i) identity = false;
  if (identity) return input;
  const placed = new Uint8Array(input.buses.length);
  const buses = [];
  for (const i of order) {
    buses.push(input.buses[i]!);
    placed[i] = 1;
  }
  input.buses.forEach((b, i) => {
    if (!placed[i]) buses.push(b);
  });
  return { ...input, buses };
}

/** dst[o + i] += src[i] — kept out of buildNetwork so V8 optimises it (a once-called function stays
 * in the interpreter). */
function addInto(dst: Float64Array, o: number, src: Float64Array): void {
  for (let i = 0; i < src.length; i++) dst[o + i]! += src[i]!;
}
