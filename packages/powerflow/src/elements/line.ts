// Line primitive: series impedance matrix and π shunt admittance, in per unit of the from-bus base.

import { parsePhases } from '../model/phases.ts';
import type { LineInput, Matrix3 } from '../model/types.ts';
import { denseSolveInPlace } from '../numeric/complex-block.ts';
import { type BranchPrimitive, identityPrimitive } from './primitive.ts';

/** Full 3×3 series impedance (ohm) and shunt susceptance (S) of a line, phase frame. */
export interface LinePhaseMatrices {
  zRe: Float64Array;
  zIm: Float64Array;
  b: Float64Array;
}

function matrixOf(m: Matrix3 | undefined, scale: number, out: Float64Array, context: string): void {
  if (!m) return;
  if (m.length !== 3) throw new Error(`${context}: matriz deve ser 3×3`);
  for (let i = 0; i < 3; i++) {
    const row = m[i]!;
    if (row.length !== 3) throw new Error(`${context}: matriz deve ser 3×3`);
    for (let j = 0; j < 3; j++) out[i * 3 + j] = row[j]! * scale;
  }
}

/** Phase-frame matrices of a line (ohm and siemens for its whole length). */
export function linePhaseMatrices(line: LineInput, frequencyHz: number): LinePhaseMatrices {
  const zRe = new Float64Array(9);
  const zIm = new Float64Array(9);
  const b = new Float64Array(9);
  const len = line.lengthKm;
  const ctx = `linha ${line.id}`;
  const imp = line.impedance;
  if (imp.kind === 'matrix') {
    matrixOf(imp.rOhmPerKm, len, zRe, ctx);
    matrixOf(imp.xOhmPerKm, len, zIm, ctx);
    matrixOf(imp.bMicroSiemensPerKm, len * 1e-6, b, ctx);
  } else {
    const zsR = (2 * imp.r1 + imp.r0) / 3;
    const zsX = (2 * imp.x1 + imp.x0) / 3;
    const zmR = (imp.r0 - imp.r1) / 3;
    const zmX = (imp.x0 - imp.x1) / 3;
    const w = 2 * Math.PI * frequencyHz * 1e-9;
    const b1 = w * (imp.c1NanoFaradPerKm ?? 0);
    const b0 = w * (imp.c0NanoFaradPerKm ?? 0);
    const bs = (2 * b1 + b0) / 3;
    const bm = (b0 - b1) / 3;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const self = i === j;
        zRe[i * 3 + j] = (self ? zsR : zmR) * len;
        zIm[i * 3 + j] = (self ? zsX : zmX) * len;
        b[i * 3 + j] = (self ? bs : bm) * len;
      }
    }
  }
  return { zRe, zIm, b };
}

/** Per-km series admittance (pu·km, scattered m×m) and shunt susceptance (pu/km) of one impedance. */
interface UnitLine {
  zero: boolean;
  yRe: number[];
  yIm: number[];
  b: number[];
}

interface CachedUnitLine extends UnitLine {
  zBaseOhm: number;
  frequencyHz: number;
}

// Lines sharing an impedance object (one conductor code) reuse the inverted per-km matrix:
// Y_series(ℓ) = Y_unit / ℓ and B(ℓ) = B_unit · ℓ. Slots: phase mask (1..7) × mode (m = 3 / m = 1).
const unitCache = new WeakMap<object, (CachedUnitLine | undefined)[]>();

function unitLine(
  line: LineInput,
  ph: readonly number[],
  m: number,
  zBaseOhm: number,
  frequencyHz: number,
): UnitLine {
  let mask = 0;
  for (const p of ph) mask |= 1 << p;
  const slot = 2 * mask + (m === 1 ? 1 : 0);
  let perImpedance = unitCache.get(line.impedance);
  if (!perImpedance) {
    perImpedance = [];
    unitCache.set(line.impedance, perImpedance);
  }
  const hit = perImpedance[slot];
  if (hit && hit.zBaseOhm === zBaseOhm && hit.frequencyHz === frequencyHz) return hit;
  const unit = computeUnitLine({ ...line, lengthKm: 1 }, ph, m, zBaseOhm, frequencyHz);
  perImpedance[slot] = { ...unit, zBaseOhm, frequencyHz };
  return unit;
}

function computeUnitLine(
  line: LineInput,
  ph: readonly number[],
  m: number,
  zBaseOhm: number,
  frequencyHz: number,
): UnitLine {
  const { zRe, zIm, b } = linePhaseMatrices(line, frequencyHz);
  let zero = true;
  for (const i of ph) for (const j of ph) if (zRe[i * 3 + j] !== 0 || zIm[i * 3 + j] !== 0) zero = false;
  if (zero) return { zero, yRe: [], yIm: [], b: [] };
  if (m === 1) {
    // Positive-sequence equivalent: mean self minus mean mutual among the present phases.
    let sr = 0;
    let si = 0;
    let mr = 0;
    let mi = 0;
    let sb = 0;
    let mb = 0;
    let nm = 0;
    for (const i of ph) {
      sr += zRe[i * 3 + i]!;
      si += zIm[i * 3 + i]!;
      sb += b[i * 3 + i]!;
      for (const j of ph) {
        if (i === j) continue;
        mr += zRe[i * 3 + j]!;
        mi += zIm[i * 3 + j]!;
        mb += b[i * 3 + j]!;
        nm++;
      }
    }
    const n = ph.length;
    const z1r = (sr / n - (nm ? mr / nm : 0)) / zBaseOhm;
    const z1i = (si / n - (nm ? mi / nm : 0)) / zBaseOhm;
    const b1 = (sb / n - (nm ? mb / nm : 0)) * zBaseOhm;
    const den = z1r * z1r + z1i * z1i;
    return { zero, yRe: [z1r / den], yIm: [-z1i / den], b: [b1] };
  }
  // Invert the present-phase sub-block of Z (pu).
  const n = ph.length;
  const a = new Float64Array(2 * n * n);
  const rhs = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const src = ph[r]! * 3 + ph[c]!;
      a[2 * (r * n + c)] = zRe[src]! / zBaseOhm;
      a[2 * (r * n + c) + 1] = zIm[src]! / zBaseOhm;
    }
    rhs[2 * (r * n + r)] = 1;
  }
  if (!denseSolveInPlace(a, rhs, n, n)) throw new Error(`linha ${line.id}: matriz de impedância singular`);
  const yRe: number[] = [];
  const yIm: number[] = [];
  const bPu: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      yRe.push(rhs[2 * (r * n + c)]!);
      yIm.push(rhs[2 * (r * n + c) + 1]!);
      bPu.push(b[ph[r]! * 3 + ph[c]!]! * zBaseOhm);
    }
  }
  return { zero, yRe, yIm, b: bPu };
}

/**
 * Builds the per-unit primitive. `zBaseOhm` is the from-bus impedance base (kV_LN² · 1000 / kVA_phase).
 * m = 3: phase frame restricted to the line's phases. m = 1: positive-sequence equivalent.
 */
export function linePrimitive(
  line: LineInput,
  m: number,
  zBaseOhm: number,
  frequencyHz: number,
  out?: Float64Array,
): BranchPrimitive {
  const ph = parsePhases(line.phases, `linha ${line.id}`);
  const len = line.lengthKm;
  if (!(len >= 0)) throw new Error(`linha ${line.id}: comprimento inválido`);
  const unit = unitLine(line, ph, m, zBaseOhm, frequencyHz);
  if (unit.zero || len === 0) return identityPrimitive(m, ph);
  const y = out ?? new Float64Array(8 * m * m);
  writeLineBlocks(y, m, m === 1 ? ONE_PHASE : ph, unit, len);
  return { kind: 'admittance', y };
}

const ONE_PHASE = [0];

/** π model for length ℓ: Ypp = Ykk = Y_unit/ℓ + jB_unit·ℓ/2, Ypk = Ykp = −Y_unit/ℓ, on the present phases. */
function writeLineBlocks(
  y: Float64Array,
  m: number,
  ph: readonly number[],
  unit: UnitLine,
  len: number,
): void {
  const s = 2 * m * m;
  const n = ph.length;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = r * n + c;
      const o = 2 * (ph[r]! * m + ph[c]!);
      const sr = unit.yRe[k]! / len;
      const si = unit.yIm[k]! / len;
      const half = (unit.b[k]! * len) / 2;
      y[o] = sr;
      y[o + 1] = si + half;
      y[s + o] = -sr;
      y[s + o + 1] = -si;
      y[2 * s + o] = -sr;
      y[2 * s + o + 1] = -si;
      y[3 * s + o] = sr;
      y[3 * s + o + 1] = si + half;
    }
  }
}
