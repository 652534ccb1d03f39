// Test helpers: read the shared reference JSON and compare a solution bus by bus, phase by phase.
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { requireSharedFile } from '../../../../scripts/shared-data.ts';
import type { PowerFlowResult } from '../../src/index.ts';

export function readSharedJson<T>(t: TestContext, relative: string): T | undefined {
  const path = requireSharedFile(t, relative);
  if (!path) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface ReferenceResults {
  bus_voltages: Record<string, Record<string, { vm_pu: number; va_deg: number } | number>>;
}

export interface Deviation {
  bus: string;
  phase: string;
  dvPu: number;
  daDeg: number;
}

/** Signed angle difference wrapped to (−180, 180]. */
export function angleDiff(a: number, b: number): number {
  let d = (a - b) % 360;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}

/** Deviations for every reference bus/phase present in the model; lists reference buses not modelled. */
export function compareVoltages(
  res: PowerFlowResult,
  ref: ReferenceResults,
  hasBus: (id: string) => boolean,
): { deviations: Deviation[]; missing: string[] } {
  const deviations: Deviation[] = [];
  const missing: string[] = [];
  for (const [bus, phases] of Object.entries(ref.bus_voltages)) {
    if (!hasBus(bus)) {
      missing.push(bus);
      continue;
    }
    const mine = res.busVoltage(bus);
    for (const ph of ['a', 'b', 'c']) {
      const r = phases[ph];
      if (r === undefined || typeof r === 'number') continue;
      const v = mine[ph];
      if (!v) {
        missing.push(`${bus}.${ph}`);
        continue;
      }
      deviations.push({ bus, phase: ph, dvPu: v.vmPu - r.vm_pu, daDeg: angleDiff(v.vaDeg, r.va_deg) });
    }
  }
  return { deviations, missing };
}

export function describe(d: Deviation): string {
  return `${d.bus}.${d.phase}: ΔV=${d.dvPu.toFixed(5)} pu Δθ=${d.daDeg.toFixed(3)}°`;
}
