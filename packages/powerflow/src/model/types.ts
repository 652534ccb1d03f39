// Input data model: typed component tables in the spirit of power-grid-model / pandapower.
// Engineering units at the boundary (kV, kVA, kW, ohm, A); the compiler converts to per unit.
// Phase letters: 'a' | 'b' | 'c'. A terminal string of one letter means phase-to-neutral (ground),
// two letters ('ab', 'bc', 'ca', …) mean phase-to-phase.

/** 3×3 matrix in phase order a, b, c; rows/columns of absent phases are zero. */
export type Matrix3 = readonly (readonly number[])[];

export interface BusInput {
  id: string;
  /** Nominal line-to-line voltage, kV. For split-phase (centre-tapped) buses: the L1–L2 voltage. */
  kvBase: number;
  /** Phases present ('abc', 'ab', 'c', …). Defaults to the union of the phases of connected elements. */
  phases?: string;
  /** Split-phase secondary (L1 on slot 'a', L2 on slot 'b', neutral grounded); base L–N = kvBase / 2. */
  splitPhase?: boolean;
}

export interface SourceInput {
  bus: string;
  /** Voltage magnitude, pu of the bus line-to-neutral base; one value or per phase a, b, c. */
  vPu?: number | readonly number[];
  /** Angle of phase a (or per phase a, b, c), degrees; a single value implies a balanced set. */
  angleDeg?: number | readonly number[];
  /** Optional Thévenin impedance (ohm, sequence components). Omitted: ideal source. */
  impedanceOhm?: { r1: number; x1: number; r0: number; x0: number };
}

/** Line impedance as a phase-frame matrix (Kron-reduced, ohm/km; shunt µS/km). */
export interface MatrixImpedance {
  kind: 'matrix';
  rOhmPerKm: Matrix3;
  xOhmPerKm: Matrix3;
  /** Total shunt susceptance, µS/km (phase frame). */
  bMicroSiemensPerKm?: Matrix3;
}

/** Line impedance from positive/zero sequence data (ohm/km, nF/km); a single-phase line made from it is a
 * single wire with earth return (self impedance (2·Z1 + Z0)/3). */
export interface SequenceImpedance {
  kind: 'sequence';
  r1: number;
  x1: number;
  r0: number;
  x0: number;
  c1NanoFaradPerKm?: number;
  c0NanoFaradPerKm?: number;
}

export interface LineInput {
  id: string;
  fromBus: string;
  toBus: string;
  phases: string;
  lengthKm: number;
  impedance: MatrixImpedance | SequenceImpedance;
  ratedCurrentA?: number;
}

export interface SwitchInput {
  id: string;
  fromBus: string;
  toBus: string;
  phases?: string;
  closed: boolean;
  ratedCurrentA?: number;
}

export type WindingConnection = 'delta' | 'wye-grounded' | 'wye';

interface TransformerCommon {
  id: string;
  /** High-voltage (winding 1) side bus. */
  fromBus: string;
  /** Low-voltage (winding 2) side bus. */
  toBus: string;
  /** Total rating of the unit or bank, kVA. */
  kva: number;
  /** Series resistance and reactance, % on the rating (for a bank: on each unit's rating). */
  rPct: number;
  xPct: number;
  /** No-load (core) losses, kW, total. */
  noLoadLossKw?: number;
  /** Magnetising current, % of rated current (reactive no-load power). */
  magnetizingPct?: number;
  /** Off-load tap of the high winding, pu of its rated voltage (1.0 = nominal). */
  tapHighPu?: number;
}

/** Three-phase transformer (or bank of three single-phase units). kvHigh/kvLow are line-to-line. */
export interface ThreePhaseTransformerInput extends TransformerCommon {
  kind: 'three-phase';
  kvHigh: number;
  kvLow: number;
  connHigh: WindingConnection;
  connLow: WindingConnection;
  /** Phase displacement for delta–wye / wye–delta: 'lag' = low side lags 30° (ANSI, ABNT Dyn1). */
  phaseShift?: 'lag' | 'lead';
}

/** Single-phase two-winding unit. kvHigh/kvLow are the winding voltages. `highTerminals` 'a' = phase to
 * ground (including single-wire earth return, MRT), 'ab' = phase to phase; likewise `lowTerminals`. */
export interface SinglePhaseTransformerInput extends TransformerCommon {
  kind: 'single-phase';
  kvHigh: number;
  kvLow: number;
  highTerminals: string;
  lowTerminals: string;
}

/** Single-phase centre-tapped unit (split-phase 3-wire secondary on slots a = L1, b = L2; neutral grounded).
 * kvLow is the full L1–L2 voltage; each half is rated kvLow / 2. */
export interface CenterTapTransformerInput extends TransformerCommon {
  kind: 'center-tap';
  kvHigh: number;
  kvLow: number;
  highTerminals: string;
}

export type TransformerInput =
  | ThreePhaseTransformerInput
  | SinglePhaseTransformerInput
  | CenterTapTransformerInput;

export interface RegulatorControlInput {
  /** Regulated voltage on the 120 V PT secondary base, V. */
  vregV: number;
  bandwidthV: number;
  ptRatio: number;
  ctPrimaryA: number;
  /** Line-drop compensator settings, volts, one per unit (a single value applies to all). */
  rV: readonly number[];
  xV: readonly number[];
}

/** Step-voltage regulator (bank of single-phase type-B units, ideal ratio 1 + step·tap from → to). */
export interface RegulatorInput {
  id: string;
  fromBus: string;
  toBus: string;
  /** 'wye': one unit per phase, phase to neutral; 'closed-delta': units ab, bc, ca (series winding in a, b, c);
   * 'open-delta': two units from the non-common phases to `commonPhase`. */
  connection: 'wye' | 'closed-delta' | 'open-delta';
  phases: string;
  commonPhase?: 'a' | 'b' | 'c';
  /** Tap position per unit (wye: in the order of `phases`; closed-delta: ab, bc, ca; open-delta: non-common
   * phases in a-b-c order). A single value applies to all units. */
  taps: readonly number[];
  stepPu?: number;
  maxSteps?: number;
  /** One tap for all units, controlled from `monitoredPhase` (default first unit). */
  ganged?: boolean;
  /** Automatic tap control (used when solving with `regulatorControl: true`). */
  control?: RegulatorControlInput;
  ratedCurrentA?: number;
}

export interface CapacitorInput {
  id: string;
  bus: string;
  /** Terminals: ['a','b','c'] wye-grounded, ['ab','bc','ca'] delta. */
  phases: readonly string[];
  /** Reactive power at nominal voltage per terminal, kvar. */
  kvar: readonly number[];
  /** Nominal voltage across each terminal, kV (default: bus base L–N, or L–L for phase-to-phase). */
  kvNominal?: number;
  inService?: boolean;
}

/** ZIP fractions [constant impedance, constant current, constant power] (sum 1). */
export interface ZipModel {
  p: readonly [number, number, number];
  q: readonly [number, number, number];
}

export type LoadModel = 'PQ' | 'I' | 'Z' | ZipModel;

export interface LoadInput {
  id: string;
  bus: string;
  /** Terminals: 'a' phase-to-neutral (wye), 'ab' phase-to-phase (delta); one entry per value below. */
  phases: readonly string[];
  pKw: readonly number[];
  qKvar: readonly number[];
  model?: LoadModel;
  /** Nominal voltage across each terminal, kV (default: bus base L–N, or L–L for phase-to-phase). */
  kvNominal?: number;
  inService?: boolean;
}

/** Distributed generation as a constant-power injection (negative PQ load). */
export interface GeneratorInput {
  id: string;
  bus: string;
  phases: readonly string[];
  pKw: readonly number[];
  qKvar: readonly number[];
  inService?: boolean;
}

export interface NetworkInput {
  name?: string;
  frequencyHz?: number;
  /** Per-phase power base, kVA (default 1000). Only affects conditioning, never results. */
  baseKvaPerPhase?: number;
  buses: readonly BusInput[];
  source: SourceInput;
  lines?: readonly LineInput[];
  switches?: readonly SwitchInput[];
  transformers?: readonly TransformerInput[];
  regulators?: readonly RegulatorInput[];
  capacitors?: readonly CapacitorInput[];
  loads?: readonly LoadInput[];
  generators?: readonly GeneratorInput[];
}
