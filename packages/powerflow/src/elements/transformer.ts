// Transformer primitives built from single-phase units, each a star (T) equivalent: every winding w has
// a leakage impedance z_w to a common star point carrying the magnetising admittance. Winding voltages
// v_w = V(plus) − V(minus) and turns n_w (rated winding kV / bus L–N base kV). Eliminating the star point
// gives the winding admittance  Y_w,v = (δ_wv·y_w − y_w·y_v / Σy) / (n_w·n_v); node incidence and Kron
// reduction of internal nodes (floating wye neutrals) yield the 2m×2m nodal primitive. Any connection
// (Dyn, YNd, Yy, Dd, single-phase L–N / L–L / MRT, centre-tapped) is a choice of terminals.

import { parseTerminal } from '../model/phases.ts';
import type { TransformerInput, WindingConnection } from '../model/types.ts';
import { denseSolveInPlace } from '../numeric/complex-block.ts';
import type { AdmittancePrimitive } from './primitive.ts';

const SQRT3 = Math.sqrt(3);
/** Regularisation of floating wye neutrals relative to the largest winding admittance (cond ≈ 1e6). */
const FLOATING_NEUTRAL_RELATIVE = 1e-6;

/** Terminal node: 0..2 high side phases, 3..5 low side phases, ≥6 internal, −1 ground. */
interface Winding {
  plus: number;
  minus: number;
  /** Turns ratio in per unit of the bus base (rated kV / base L–N kV, including tap). */
  n: number;
  zRe: number;
  zIm: number;
}

interface Unit {
  windings: Winding[];
  ymRe: number;
  ymIm: number;
}

export interface TransformerBases {
  /** Line-to-neutral base, kV, of the high (from) and low (to) buses. */
  vBaseHighKv: number;
  vBaseLowKv: number;
  sBaseKvaPerPhase: number;
}

/** Rated current (A) used for loading: per line conductor on each side. */
export function transformerRatedCurrents(t: TransformerInput): { high: number; low: number } {
  if (t.kind === 'three-phase') return { high: t.kva / (SQRT3 * t.kvHigh), low: t.kva / (SQRT3 * t.kvLow) };
  return { high: t.kva / t.kvHigh, low: t.kva / t.kvLow };
}

function unitImpedance(t: TransformerInput, unitKva: number, sBase: number): { r: number; x: number } {
  const scale = sBase / unitKva / 100;
  return { r: t.rPct * scale, x: t.xPct * scale };
}

function magnetizing(t: TransformerInput, units: number, sBase: number): { g: number; b: number } {
  const g = (t.noLoadLossKw ?? 0) / units / sBase;
  const b = (((t.magnetizingPct ?? 0) / 100) * t.kva) / units / sBase;
  return { g, b: -b };
}

function buildUnits(t: TransformerInput, bases: TransformerBases): Unit[] {
  const sb = bases.sBaseKvaPerPhase;
  const tap = t.tapHighPu ?? 1;
  const ctx = `transformador ${t.id}`;
  if (t.kind === 'three-phase') {
    const unitKva = t.kva / 3;
    const z = unitImpedance(t, unitKva, sb);
    const mag = magnetizing(t, 3, sb);
    const shift = t.phaseShift ?? 'lag';
    const units: Unit[] = [];
    for (let k = 0; k < 3; k++) {
      const high = windingTerminals(t.connHigh, t.connLow, k, 'high', shift);
      const low = windingTerminals(t.connLow, t.connHigh, k, 'low', shift);
      const nHigh = ((t.connHigh === 'delta' ? t.kvHigh : t.kvHigh / SQRT3) * tap) / bases.vBaseHighKv;
      const nLow = (t.connLow === 'delta' ? t.kvLow : t.kvLow / SQRT3) / bases.vBaseLowKv;
      units.push({
        windings: [
          { plus: high[0], minus: high[1], n: nHigh, zRe: z.r / 2, zIm: z.x / 2 },
          {
            plus: low[0] + 3,
            minus: low[1] < 0 ? low[1] : low[1] + (low[1] >= 6 ? 0 : 3),
            n: nLow,
            zRe: z.r / 2,
            zIm: z.x / 2,
          },
        ],
        ymRe: mag.g,
        ymIm: mag.b,
      });
    }
    return units;
  }
  const [hp, hm] = parseTerminal(t.highTerminals, ctx);
  const z = unitImpedance(t, t.kva, sb);
  const mag = magnetizing(t, 1, sb);
  const nHigh = (t.kvHigh * tap) / bases.vBaseHighKv;
  if (t.kind === 'single-phase') {
    const [lp, lm] = parseTerminal(t.lowTerminals, ctx);
    return [
      {
        windings: [
          { plus: hp, minus: hm, n: nHigh, zRe: z.r / 2, zIm: z.x / 2 },
          {
            plus: lp + 3,
            minus: lm < 0 ? -1 : lm + 3,
            n: t.kvLow / bases.vBaseLowKv,
            zRe: z.r / 2,
            zIm: z.x / 2,
          },
        ],
        ymRe: mag.g,
        ymIm: mag.b,
      },
    ];
  }
  // Centre-tapped: Kersting's split of the full-winding impedance (pu on the unit rating):
  // primary 0.5·R + j0.8·X, each secondary half R + j0.4·X; L1 on slot a, L2 on slot b, neutral grounded.
  const nHalf = t.kvLow / 2 / bases.vBaseLowKv;
  return [
    {
      windings: [
        { plus: hp, minus: hm, n: nHigh, zRe: 0.5 * z.r, zIm: 0.8 * z.x },
        { plus: 3, minus: -1, n: nHalf, zRe: z.r, zIm: 0.4 * z.x },
        { plus: -1, minus: 4, n: nHalf, zRe: z.r, zIm: 0.4 * z.x },
      ],
      ymRe: mag.g,
      ymIm: mag.b,
    },
  ];
}

/**
 * Terminals of unit k's winding on one side. Delta windings span two phases chosen so that the
 * delta–wye displacement is ±30° ('lag': low side lags, ANSI / ABNT Dyn1); floating wye neutrals use an
 * internal node (6 = high neutral, 7 = low neutral). Returned indices are side-local (0..2) or internal/ground.
 */
function windingTerminals(
  conn: WindingConnection,
  other: WindingConnection,
  k: number,
  side: 'high' | 'low',
  shift: 'lag' | 'lead',
): [number, number] {
  if (conn === 'wye-grounded') return [k, -1];
  if (conn === 'wye') return [k, side === 'high' ? 6 : 7];
  // Delta winding: pair (k, k+1) by default (delta–delta); for mixed delta/wye choose the displacement.
  if (other === 'delta') return [k, (k + 1) % 3];
  const lagPair: [number, number] = side === 'high' ? [k, (k + 2) % 3] : [k, (k + 1) % 3];
  const leadPair: [number, number] = side === 'high' ? [k, (k + 1) % 3] : [k, (k + 2) % 3];
  return shift === 'lag' ? lagPair : leadPair;
}

/** Phase-frame (m = 3) nodal primitive of a transformer, element orientation high → low. */
export function transformerPrimitive3(t: TransformerInput, bases: TransformerBases): AdmittancePrimitive {
  const units = buildUnits(t, bases);
  let nNodes = 6;
  for (const u of units) for (const w of u.windings) nNodes = Math.max(nNodes, w.plus + 1, w.minus + 1);
  const yn = new Float64Array(2 * nNodes * nNodes);
  for (const u of units) stampUnit(u, yn, nNodes);
  let yMax = 0;
  for (let i = 0; i < nNodes; i++)
    yMax = Math.max(yMax, Math.hypot(yn[2 * (i * nNodes + i)]!, yn[2 * (i * nNodes + i) + 1]!));
  for (let i = 6; i < nNodes; i++) yn[2 * (i * nNodes + i)]! += FLOATING_NEUTRAL_RELATIVE * yMax;
  const reduced = kronReduce(yn, nNodes, 6);
  const y = new Float64Array(4 * 18);
  for (let r = 0; r < 6; r++) {
    for (let c = 0; c < 6; c++) {
      const block = (r < 3 ? 0 : 2) + (c < 3 ? 0 : 1);
      const o = block * 18 + 2 * ((r % 3) * 3 + (c % 3));
      y[o] = reduced[2 * (r * 6 + c)]!;
      y[o + 1] = reduced[2 * (r * 6 + c) + 1]!;
    }
  }
  return { kind: 'admittance', y };
}

function stampUnit(u: Unit, yn: Float64Array, nNodes: number): void {
  const nw = u.windings.length;
  const yr: number[] = [];
  const yi: number[] = [];
  let sumR = u.ymRe;
  let sumI = u.ymIm;
  for (const w of u.windings) {
    const den = w.zRe * w.zRe + w.zIm * w.zIm;
    if (!(den > 0)) throw new Error('transformador com impedância nula');
    yr.push(w.zRe / den);
    yi.push(-w.zIm / den);
    sumR += w.zRe / den;
    sumI += -w.zIm / den;
  }
  const sDen = sumR * sumR + sumI * sumI;
  for (let a = 0; a < nw; a++) {
    for (let b = 0; b < nw; b++) {
      // y_a·y_b / Σy
      const pr = yr[a]! * yr[b]! - yi[a]! * yi[b]!;
      const pi = yr[a]! * yi[b]! + yi[a]! * yr[b]!;
      let vr = -(pr * sumR + pi * sumI) / sDen;
      let vi = -(pi * sumR - pr * sumI) / sDen;
      if (a === b) {
        vr += yr[a]!;
        vi += yi[a]!;
      }
      const wa = u.windings[a]!;
      const wb = u.windings[b]!;
      const scale = 1 / (wa.n * wb.n);
      vr *= scale;
      vi *= scale;
      for (const [na, sa] of [
        [wa.plus, 1],
        [wa.minus, -1],
      ] as const) {
        if (na < 0) continue;
        for (const [nb, sbb] of [
          [wb.plus, 1],
          [wb.minus, -1],
        ] as const) {
          if (nb < 0) continue;
          const o = 2 * (na * nNodes + nb);
          yn[o]! += sa * sbb * vr;
          yn[o + 1]! += sa * sbb * vi;
        }
      }
    }
  }
}

/** Y_ee − Y_ei·Y_ii⁻¹·Y_ie for the first `keep` nodes. */
function kronReduce(yn: Float64Array, n: number, keep: number): Float64Array {
  const out = new Float64Array(2 * keep * keep);
  for (let r = 0; r < keep; r++)
    for (let c = 0; c < keep; c++) {
      out[2 * (r * keep + c)] = yn[2 * (r * n + c)]!;
      out[2 * (r * keep + c) + 1] = yn[2 * (r * n + c) + 1]!;
    }
  const ni = n - keep;
  if (ni === 0) return out;
  const yii = new Float64Array(2 * ni * ni);
  const x = new Float64Array(2 * ni * keep);
  for (let r = 0; r < ni; r++) {
    for (let c = 0; c < ni; c++) {
      yii[2 * (r * ni + c)] = yn[2 * ((keep + r) * n + keep + c)]!;
      yii[2 * (r * ni + c) + 1] = yn[2 * ((keep + r) * n + keep + c) + 1]!;
    }
    for (let c = 0; c < keep; c++) {
      x[2 * (r * keep + c)] = yn[2 * ((keep + r) * n + c)]!;
      x[2 * (r * keep + c) + 1] = yn[2 * ((keep + r) * n + c) + 1]!;
    }
  }
  if (!denseSolveInPlace(yii, x, ni, keep)) throw new Error('transformador: neutro flutuante singular');
  for (let r = 0; r < keep; r++) {
    for (let c = 0; c < keep; c++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < ni; k++) {
        const ar = yn[2 * (r * n + keep + k)]!;
        const ai = yn[2 * (r * n + keep + k) + 1]!;
        const br = x[2 * (k * keep + c)]!;
        const bi = x[2 * (k * keep + c) + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      out[2 * (r * keep + c)]! -= sr;
      out[2 * (r * keep + c) + 1]! -= si;
    }
  }
  return out;
}

/**
 * Positive-sequence (m = 1) primitive: series admittance with complex ratio t (magnitude from the
 * ratings and bases, ±30° for delta–wye), magnetising admittance on the high side.
 */
export function transformerPrimitive1(t: TransformerInput, bases: TransformerBases): AdmittancePrimitive {
  const sb = bases.sBaseKvaPerPhase;
  const tap = t.tapHighPu ?? 1;
  let vHighLn: number;
  let vLowLn: number;
  let shiftDeg = 0;
  if (t.kind === 'three-phase') {
    vHighLn = t.kvHigh / SQRT3;
    vLowLn = t.kvLow / SQRT3;
    const mixed = (t.connHigh === 'delta') !== (t.connLow === 'delta');
    if (mixed) shiftDeg = (t.phaseShift ?? 'lag') === 'lag' ? -30 : 30;
  } else {
    const [, hm] = parseTerminal(t.highTerminals, `transformador ${t.id}`);
    vHighLn = hm < 0 ? t.kvHigh : t.kvHigh / SQRT3;
    if (t.kind === 'single-phase') {
      const [, lm] = parseTerminal(t.lowTerminals, `transformador ${t.id}`);
      vLowLn = lm < 0 ? t.kvLow : t.kvLow / SQRT3;
    } else vLowLn = t.kvLow / 2;
  }
  const ratio = (vHighLn * tap) / bases.vBaseHighKv / (vLowLn / bases.vBaseLowKv);
  // Same T (star) equivalent as the phase frame: z/2 on each side, magnetising admittance at the star.
  const z = unitImpedance(t, t.kva / 3, sb);
  const den = z.r * z.r + z.x * z.x;
  const yh = (2 * z.r) / den; // y1 = y2 = 2/z
  const yhi = (-2 * z.x) / den;
  const mag = magnetizing(t, 3, sb);
  const sr = 2 * yh + mag.g;
  const si = 2 * yhi + mag.b;
  const sd = sr * sr + si * si;
  // y1·y2/Σy (= y1²/Σy since y1 = y2)
  const pr = yh * yh - yhi * yhi;
  const pi = 2 * yh * yhi;
  const qr = (pr * sr + pi * si) / sd;
  const qi = (pi * sr - pr * si) / sd;
  const selfR = yh - qr;
  const selfI = yhi - qi;
  const th = (-shiftDeg * Math.PI) / 180; // v2 = v1/t: the ratio carries the opposite angle
  const tr = ratio * Math.cos(th);
  const ti = ratio * Math.sin(th);
  const t2 = ratio * ratio;
  const y = new Float64Array(8);
  // Star-frame 2×2 [[self, −q], [−q, self]] with u1 = v1/t, i1 = i_star/conj(t):
  // pp = self/|t|², pk = −q/conj(t) = −q·t/|t|², kp = −q/t = −q·conj(t)/|t|², kk = self.
  y[0] = selfR / t2;
  y[1] = selfI / t2;
  y[2] = -(qr * tr - qi * ti) / t2;
  y[3] = -(qr * ti + qi * tr) / t2;
  y[4] = -(qr * tr + qi * ti) / t2;
  y[5] = -(qi * tr - qr * ti) / t2;
  y[6] = selfR;
  y[7] = selfI;
  return { kind: 'admittance', y };
}
