// Load allocation from monthly energy (ENE_xx, kWh) and CRVCRG typical curves (96 × 15 min, kW), following
// REFERENCE.md §5 "Loads" (the GeoPerdas `AtualizaDemandaCarga` logic) at the curve's own 15-minute
// resolution instead of hourly means:
//   w_d  = Σ_k c_d[k] / Σ_d' Σ_k c_d'[k]                 (share of a typical day's energy by day type)
//   E1_d = ENE_m · w_d / Σ_d' w_d'·N_d'(m)               (energy of ONE day of type d in month m, kWh)
//   P[k] = E1_d · c_d[k] / (Σ_k c_d[k] · 0.25 h)         (kW in interval k, so that Σ P·0.25 = E1_d)
// Missing curve for a day type: the DU curve of the same TIP_CC; missing TIP_CC: a flat curve (stated as a
// defect by the caller).
import { type DayType, dayCounts } from './calendar.ts';
import type { LoadCurveRow } from './rows.ts';

export const STEPS_PER_DAY = 96;
export const STEP_HOURS = 0.25;

export interface CurveSet {
  /** TIP_CC → day type → 96 values (kW). */
  byCode: Map<string, Partial<Record<DayType, Float64Array>>>;
}

const curveSets = new WeakMap<readonly LoadCurveRow[], CurveSet>();

/** Curves by TIP_CC and day type; memoised per rows array (the import catalogue shared by every feeder). */
export function curveSet(rows: readonly LoadCurveRow[]): CurveSet {
  const cached = curveSets.get(rows);
  if (cached) return cached;
  const byCode = new Map<string, Partial<Record<DayType, Float64Array>>>();
  for (const row of rows) {
    const day = row.tip_dia as DayType;
    if (day !== 'DU' && day !== 'SA' && day !== 'DO') continue;
    const values = Float64Array.from({ length: STEPS_PER_DAY }, (_, k) => Math.max(0, row.pot[k] ?? 0));
    let entry = byCode.get(row.cod_id);
    if (!entry) {
      entry = {};
      byCode.set(row.cod_id, entry);
    }
    entry[day] = values;
  }
  const set = { byCode };
  curveSets.set(rows, set);
  return set;
}

const FLAT = new Float64Array(STEPS_PER_DAY).fill(1);

const sums = new WeakMap<Float64Array, number>();

function sum(values: Float64Array): number {
  const cached = sums.get(values);
  if (cached !== undefined) return cached;
  let s = 0;
  for (const v of values) s += v;
  sums.set(values, s);
  return s;
}

const countsCache = new Map<string, Record<DayType, number>>();

function cachedDayCounts(year: number, month: number): Record<DayType, number> {
  const key = `${year}-${month}`;
  let counts = countsCache.get(key);
  if (!counts) {
    counts = dayCounts(year, month);
    countsCache.set(key, counts);
  }
  return counts;
}

/** Curve used for `code` and day type (fallbacks: DU of the same code, then flat); `found` says which. */
export function curveFor(
  curves: CurveSet,
  code: string | null,
  day: DayType,
): { values: Float64Array; found: 'exata' | 'du' | 'plana' } {
  const entry = code ? curves.byCode.get(code) : undefined;
  const exact = entry?.[day];
  if (exact && sum(exact) > 0) return { values: exact, found: 'exata' };
  const du = entry?.DU;
  if (du && sum(du) > 0) return { values: du, found: 'du' };
  return { values: FLAT, found: 'plana' };
}

/** Energy (kWh) of one day of type `day` in `month` for a consumer with monthly energy `eneMonth`. */
export function dailyEnergyKwh(
  curves: CurveSet,
  code: string | null,
  eneMonth: number,
  year: number,
  month: number,
  day: DayType,
): number {
  if (!(eneMonth > 0)) return 0;
  const counts = cachedDayCounts(year, month);
  const energy = {
    DU: sum(curveFor(curves, code, 'DU').values),
    SA: sum(curveFor(curves, code, 'SA').values),
    DO: sum(curveFor(curves, code, 'DO').values),
  };
  const total = energy.DU + energy.SA + energy.DO;
  const w = { DU: energy.DU / total, SA: energy.SA / total, DO: energy.DO / total };
  const denominator = w.DU * counts.DU + w.SA * counts.SA + w.DO * counts.DO;
  return (eneMonth * w[day]) / denominator;
}

/** Normalised shape: kW per kWh of daily energy in each 15-minute step (Σ shape·0.25 = 1). */
const shapes = new WeakMap<Float64Array, Float64Array>();

export function normalisedShape(values: Float64Array): Float64Array {
  const cached = shapes.get(values);
  if (cached) return cached;
  const total = sum(values) * STEP_HOURS;
  const shape = Float64Array.from(values, (v) => v / total);
  shapes.set(values, shape);
  return shape;
}

/** Default daily shape for distributed photovoltaic generation (none is given in the BDGD): a half-sine
 * between 06:00 and 18:00, normalised like `normalisedShape`. */
export function photovoltaicShape(): Float64Array {
  const raw = Float64Array.from({ length: STEPS_PER_DAY }, (_, k) => {
    const hour = (k + 0.5) * STEP_HOURS;
    return hour > 6 && hour < 18 ? Math.sin((Math.PI * (hour - 6)) / 12) : 0;
  });
  return normalisedShape(raw);
}

/** Step index (0–95) of a time of day "HH:MM". */
export function stepOfTime(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) throw new Error(`hora inválida: "${time}" (use HH:MM)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes < 0 || minutes >= 24 * 60) throw new Error(`hora fora do dia: "${time}"`);
  return Math.floor(minutes / 15);
}
