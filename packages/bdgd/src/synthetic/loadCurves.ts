// Typical daily load curves (CRVCRG): 96 quarter-hour average powers (kW) per TIP_CC and day type.
// Shapes are smooth synthetic profiles per family (residential evening peak, commercial business
// hours, industrial two shifts, rural early morning, public lighting at night, MV customers daytime).
import type { FieldValues } from './features.ts';

export const DAY_TYPES = ['DU', 'SA', 'DO'] as const;
export type DayType = (typeof DAY_TYPES)[number];

function bump(hour: number, centre: number, width: number): number {
  const d = (hour - centre) / width;
  return Math.exp(-0.5 * d * d);
}

/** Average power (kW) of the typical consumer of curve `id` at hour `hour` (0–24). */
export function curvePower(id: string, day: DayType, hour: number): number {
  const [prefix = '', indexText = '1'] = id.split('_');
  const index = Number(indexText) || 1;
  const scale = 0.6 + 0.15 * index;
  const weekend = day === 'DU' ? 1 : day === 'SA' ? 0.75 : 0.55;
  switch (prefix) {
    case 'RES':
      return (
        scale *
        (0.12 + 0.1 * bump(hour, 7, 1.2) + 0.18 * bump(hour, 12.5, 1.5) + 0.45 * bump(hour, 19.5, 1.8)) *
        (day === 'DU' ? 1 : 1.08)
      );
    case 'COM':
    case 'SP':
      return scale * (0.15 + weekend * 0.85 * (bump(hour, 10.5, 2.2) + bump(hour, 15.5, 2.2)) * 0.6);
    case 'IND':
      return scale * 2 * (0.25 + weekend * 0.75 * (hour >= 6 && hour < 22 ? 0.9 : 0.2));
    case 'RUR':
      return scale * (0.1 + 0.35 * bump(hour, 6, 1.2) + 0.3 * bump(hour, 18.5, 1.6));
    case 'IP':
      return hour < 6 || hour >= 18 ? 1 : 0;
    case 'A4':
      return scale * 30 * (0.3 + weekend * 0.7 * (bump(hour, 11, 3) + bump(hour, 16, 3)) * 0.55);
    default:
      return scale * 0.5;
  }
}

export function crvcrgRow(id: string, day: DayType, voltageGroup: string, dist: number): FieldValues {
  const row: FieldValues = { COD_ID: id, DIST: dist, TIP_DIA: day, GRU_TEN: voltageGroup };
  for (let q = 0; q < 96; q++) {
    const hour = (q + 0.5) / 4;
    row[`POT_${String(q + 1).padStart(2, '0')}`] = Math.round(curvePower(id, day, hour) * 10000) / 10000;
  }
  return row;
}
