// Day counts per BDGD day type (DU weekday, SA Saturday, DO Sunday or national holiday) in each month,
// as GeoPerdas/bdgd2opendss count them: weekday holidays (including Carnival Monday/Tuesday, Good Friday and
// Corpus Christi) move from DU to DO.

export type DayType = 'DU' | 'SA' | 'DO';
export const DAY_TYPES: readonly DayType[] = ['DU', 'SA', 'DO'];

/** Gregorian Easter Sunday (anonymous algorithm), as [month 1–12, day]. */
function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** National holidays (ISO dates) of a year, with Carnival (Mon/Tue) and Corpus Christi. */
export function nationalHolidays(year: number): Set<string> {
  const fixed = ['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '12-25'];
  if (year >= 2024) fixed.push('11-20'); // Dia Nacional de Zumbi e da Consciência Negra (Lei 14.759/2023)
  const days = new Set(fixed.map((md) => `${year}-${md}`));
  const [em, ed] = easter(year);
  const base = Date.UTC(year, em - 1, ed);
  for (const offset of [-48, -47, -2, 60]) days.add(iso(new Date(base + offset * 86400000)));
  return days;
}

/** Day type of a date (UTC calendar date). */
export function dayTypeOf(date: Date, holidays: Set<string>): DayType {
  if (holidays.has(iso(date))) return 'DO';
  const dow = date.getUTCDay();
  return dow === 0 ? 'DO' : dow === 6 ? 'SA' : 'DU';
}

/** Number of days of each type in month `month` (1–12) of `year`. */
export function dayCounts(year: number, month: number): Record<DayType, number> {
  const holidays = nationalHolidays(year);
  const counts: Record<DayType, number> = { DU: 0, SA: 0, DO: 0 };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (let d = 1; d <= days; d++) counts[dayTypeOf(new Date(Date.UTC(year, month - 1, d)), holidays)]++;
  return counts;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
