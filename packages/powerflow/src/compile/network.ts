// Compiled network: everything the solver needs, in typed arrays indexed by bus (blocks of m×m complex
// entries, m = 3 phase frame or m = 1 positive sequence). Built once by `buildNetwork`; loads can be
// updated in place and the network re-solved many times over the same factorisation.

import type { BranchPrimitive } from '../elements/primitive.ts';
import type { RegulatorUnit } from '../elements/regulator.ts';
import type { NetworkInput, RegulatorInput, TransformerInput } from '../model/types.ts';

export type SolveMode = 'unbalanced' | 'balanced';

export type BranchKind = 'line' | 'switch' | 'transformer' | 'regulator';

export interface BranchRecord {
  id: string;
  kind: BranchKind;
  /** Index in its input table. */
  inputIndex: number;
  fromBus: number;
  toBus: number;
  /** Parent/child buses in the radial tree (−1 when the element is open or de-energised). */
  parentBus: number;
  childBus: number;
  /** True when the element's from-bus is the downstream (child) bus. */
  reversed: boolean;
  /** Primitive in tree orientation (parent → child); undefined for open / isolated elements. */
  primitive?: BranchPrimitive;
  /** Present phases (indices) of the element on its from and to side. */
  fromPhases: number[];
  toPhases: number[];
  /** Rated current (A) on the from and to side, 0 when unknown. */
  ratedFromA: number;
  ratedToA: number;
}

export interface LoadRecord {
  id: string;
  bus: number;
  firstSlot: number;
  slotCount: number;
  isGenerator: boolean;
}

export interface CapacitorRecord {
  id: string;
  bus: number;
  /** Terminal nodes and susceptance (pu) of each terminal. */
  nodeA: number[];
  nodeB: number[];
  b: number[];
}

export interface RegulatorRecord {
  id: string;
  branch: number;
  input: RegulatorInput;
  units: RegulatorUnit[];
  taps: number[];
}

export interface TransformerRecord {
  branch: number;
  input: TransformerInput;
}

export class Network {
  readonly input: NetworkInput;
  readonly mode: SolveMode;
  /** Nodes per bus: 3 (phase frame) or 1 (positive sequence). */
  readonly m: number;
  readonly sBaseKva: number;
  readonly busIds: string[];
  readonly busIndex: Map<string, number>;
  /** Line-to-neutral voltage base per bus, kV. */
  readonly vBaseKv: Float64Array;
  readonly splitPhase: Uint8Array;
  /** Present nodes, nBus·m. */
  readonly nodeMask: Uint8Array;
  readonly root: number;
  readonly order: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** Per bus: 0 = source / de-energised, 1 = fed through admittance elements, 2 = through an ideal element. */
  readonly edgeKind: Uint8Array;
  /** Admittance blocks (pp, pk, kp, kk) of the elements feeding each bus, pooled: the blocks of bus k
   * start at edgeOff[k] (the element's own primitive, or an aggregate for parallel elements). */
  readonly edgeY: Float64Array;
  readonly edgeOff: Int32Array;
  /** Ideal transformation of the feeding element, real m×m per bus. */
  readonly edgeE: Float64Array;
  /** Bus shunt block: capacitors, nominal load admittances, grounding leak; identity on absent nodes. */
  readonly shunt: Float64Array;
  /** Grounding leak admittance added to every present node (pu). */
  readonly leakY: number;
  /** Common-mode grounding (pu) added at buses whose common-mode (zero-sequence) voltage floats — e.g. a
   * delta secondary — found while factorising; (g/n)·J on the n present nodes, accounted as leak. */
  readonly groundingY: Float64Array;
  readonly branches: BranchRecord[];
  private branchIndexCache: Map<string, number> | undefined;
  readonly transformers: TransformerRecord[];
  readonly regulators: RegulatorRecord[];
  readonly capacitors: CapacitorRecord[];
  readonly loads: LoadRecord[];
  readonly loadIndex: Map<string, number>;
  /** Load slots (one per load terminal). */
  readonly slotBus: Int32Array;
  readonly slotA: Int32Array;
  readonly slotB: Int32Array;
  /** Current specified power per slot, pu (positive = consumption); mutate through setLoad*. */
  readonly slotP: Float64Array;
  readonly slotQ: Float64Array;
  /** Nominal voltage magnitude across the slot, pu. */
  readonly slotVn: Float64Array;
  /** ZIP fractions, 6 per slot: pZ pI pP qZ qI qP. */
  readonly slotZip: Float64Array;
  /** Nominal admittance stamped into the bus shunt (pu). */
  readonly slotYRe: Float64Array;
  readonly slotYIm: Float64Array;
  /** Source EMF per node (pu) and optional Thévenin admittance block. */
  readonly sourceV: Float64Array;
  readonly sourceY: Float64Array | undefined;
  // ---- factorisation (filled by factorize) ----
  readonly dTilde: Float64Array;
  readonly dInv: Float64Array;
  readonly gBlock: Float64Array;
  readonly hBlock: Float64Array;
  factorized = false;
  factorError: string | undefined;
  // ---- state ----
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  hasSolution = false;
  // ---- solver scratch (reused across solves; no allocation in the iteration loop) ----
  readonly workC: Float64Array;
  readonly workRe: Float64Array;
  readonly workIm: Float64Array;

  constructor(init: {
    input: NetworkInput;
    mode: SolveMode;
    m: number;
    sBaseKva: number;
    busIds: string[];
    vBaseKv: Float64Array;
    splitPhase: Uint8Array;
    nodeMask: Uint8Array;
    root: number;
    order: Int32Array;
    parent: Int32Array;
    depth: Int32Array;
    edgeKind: Uint8Array;
    edgeY: Float64Array;
    edgeOff: Int32Array;
    edgeE: Float64Array;
    shunt: Float64Array;
    leakY: number;
    branches: BranchRecord[];
    transformers: TransformerRecord[];
    regulators: RegulatorRecord[];
    capacitors: CapacitorRecord[];
    loads: LoadRecord[];
    slots: {
      bus: Int32Array;
      a: Int32Array;
      b: Int32Array;
      p: Float64Array;
      q: Float64Array;
      vn: Float64Array;
      zip: Float64Array;
      yRe: Float64Array;
      yIm: Float64Array;
    };
    sourceV: Float64Array;
    sourceY: Float64Array | undefined;
  }) {
    this.input = init.input;
    this.mode = init.mode;
    this.m = init.m;
    this.sBaseKva = init.sBaseKva;
    this.busIds = init.busIds;
    this.busIndex = new Map(init.busIds.map((id, i) => [id, i]));
    this.vBaseKv = init.vBaseKv;
    this.splitPhase = init.splitPhase;
    this.nodeMask = init.nodeMask;
    this.root = init.root;
    this.order = init.order;
    this.parent = init.parent;
    this.depth = init.depth;
    this.edgeKind = init.edgeKind;
    this.edgeY = init.edgeY;
    this.edgeOff = init.edgeOff;
    this.edgeE = init.edgeE;
    this.shunt = init.shunt;
    this.leakY = init.leakY;
    this.groundingY = new Float64Array(init.busIds.length);
    this.branches = init.branches;

    this.transformers = init.transformers;
    this.regulators = init.regulators;
    this.capacitors = init.capacitors;
    this.loads = init.loads;
    this.loadIndex = new Map(init.loads.map((l, i) => [l.id, i]));
    this.slotBus = init.slots.bus;
    this.slotA = init.slots.a;
    this.slotB = init.slots.b;
    this.slotP = init.slots.p;
    this.slotQ = init.slots.q;
    this.slotVn = init.slots.vn;
    this.slotZip = init.slots.zip;
    this.slotYRe = init.slots.yRe;
    this.slotYIm = init.slots.yIm;
    this.sourceV = init.sourceV;
    this.sourceY = init.sourceY;
    const nb = init.busIds.length;
    const bs = 2 * init.m * init.m;
    this.dTilde = new Float64Array(nb * bs);
    this.dInv = new Float64Array(nb * bs);
    this.gBlock = new Float64Array(nb * bs);
    this.hBlock = new Float64Array(nb * bs);
    this.vRe = new Float64Array(nb * init.m);
    this.vIm = new Float64Array(nb * init.m);
    this.workC = new Float64Array(nb * 2 * init.m);
    this.workRe = new Float64Array(nb * init.m);
    this.workIm = new Float64Array(nb * init.m);
  }

  /** Branch position by id (built on first use). */
  get branchIndex(): Map<string, number> {
    this.branchIndexCache ??= new Map(this.branches.map((b, i) => [b.id, i]));
    return this.branchIndexCache;
  }

  get busCount(): number {
    return this.busIds.length;
  }

  get slotCount(): number {
    return this.slotP.length;
  }

  /** Sets the power of every terminal of a load or generator (kW, kvar; generator values as produced). */
  setLoadPower(id: string, pKw: readonly number[], qKvar: readonly number[]): void {
    const li = this.loadIndex.get(id);
    if (li === undefined) throw new Error(`carga desconhecida: ${id}`);
    const rec = this.loads[li]!;
    const sign = rec.isGenerator ? -1 : 1;
    const share = this.m === 1 ? 1 / 3 : 1;
    if (this.m === 1) {
      let p = 0;
      let q = 0;
      for (const v of pKw) p += v;
      for (const v of qKvar) q += v;
      this.slotP[rec.firstSlot] = (sign * p * share) / this.sBaseKva;
      this.slotQ[rec.firstSlot] = (sign * q * share) / this.sBaseKva;
      return;
    }
    for (let i = 0; i < rec.slotCount; i++) {
      this.slotP[rec.firstSlot + i] = (sign * (pKw[i] ?? 0)) / this.sBaseKva;
      this.slotQ[rec.firstSlot + i] = (sign * (qKvar[i] ?? 0)) / this.sBaseKva;
    }
  }

  /** Marks the factorisation stale (after changing taps, switch states are fixed at build). */
  invalidateFactorization(): void {
    this.factorized = false;
  }
}
