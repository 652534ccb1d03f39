// Step-voltage regulators as ideal type-B autotransformer banks. Unit u has ratio a_u = 1 + step·tap_u
// (applied from the source side to the load side). Wye: V_x = a·V_X. Closed delta (Kersting): unit on
// X–Y with series winding in line x gives V_x = a·V_X + (1 − a)·V_Y; open delta likewise with the
// common phase passed straight through. Currents follow from power conservation: I_in = Eᵀ·I_out.
import { parsePhases, phaseIndex } from '../model/phases.ts';
import type { RegulatorInput } from '../model/types.ts';

export const DEFAULT_REGULATOR_STEP = 0.00625;
export const DEFAULT_REGULATOR_MAX_STEPS = 16;

/** One single-phase unit: output phase (series winding) and the reference phase of its PT (−1 = neutral). */
export interface RegulatorUnit {
  phase: number;
  reference: number;
}

export function regulatorUnits(r: RegulatorInput): RegulatorUnit[] {
  const ctx = `regulador ${r.id}`;
  const ph = parsePhases(r.phases, ctx);
  if (r.connection === 'wye') return ph.map((p) => ({ phase: p, reference: -1 }));
  if (r.connection === 'closed-delta') {
    if (ph.length !== 3) throw new Error(`${ctx}: delta fechado exige três fases`);
    return [0, 1, 2].map((p) => ({ phase: p, reference: (p + 1) % 3 }));
  }
  const common = phaseIndex(r.commonPhase ?? 'b', ctx);
  return [0, 1, 2].filter((p) => p !== common).map((p) => ({ phase: p, reference: common }));
}

/** Per-unit tap vector (expanding a single value, or the ganged tap, to every unit). */
export function expandTaps(r: RegulatorInput, nUnits: number): number[] {
  const out: number[] = [];
  for (let u = 0; u < nUnits; u++) {
    const v = r.ganged ? r.taps[0] : (r.taps[u] ?? r.taps[0]);
    out.push(v ?? 0);
  }
  return out;
}

/** Transformation matrix E (real, m×m) for the given taps. */
export function regulatorMatrix(
  r: RegulatorInput,
  units: readonly RegulatorUnit[],
  taps: readonly number[],
  m: number,
  out: Float64Array,
): void {
  const step = r.stepPu ?? DEFAULT_REGULATOR_STEP;
  out.fill(0);
  if (m === 1) {
    let sum = 0;
    for (const t of taps) sum += 1 + step * t;
    out[0] = taps.length ? sum / taps.length : 1;
    return;
  }
  if (r.connection !== 'wye') {
    for (let p = 0; p < 3; p++) out[p * 3 + p] = 1; // common phase of an open delta passes through
  }
  units.forEach((u, i) => {
    const a = 1 + step * (taps[i] ?? 0);
    out[u.phase * 3 + u.phase] = a;
    if (u.reference >= 0) out[u.phase * 3 + u.reference] = 1 - a;
  });
}
