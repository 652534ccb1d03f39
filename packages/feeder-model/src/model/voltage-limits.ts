// Adequate steady-state voltage ranges of ANEEL PRODIST Módulo 8 (tables of the annex on voltage in steady
// state), in pu of the bus phase-to-neutral base used by the power flow.
// MV (1 kV < Vn < 69 kV): 0.93 ≤ TL ≤ 1.05 pu of the contracted/nominal voltage.
// LV (Vn ≤ 1 kV), adequate range by nominal system (phase-to-neutral limits used here):
//   220/127 V: TL 202–231 V, TF 117–133 V      380/220 V: TL 350–399 V, TF 202–231 V
//   440/220 V: TL 403–462 V, TF 201–231 V      254/127 V: TL 234–267 V, TF 117–133 V
//   230/115 V: TL 212–242 V, TF 105–121 V      240/120 V: TL 221–252 V, TF 110–126 V
// Other LV systems: 0.92–1.05 pu (stated as "faixa genérica").
import type { BusInfo } from './build-feeder.ts';

export interface VoltageRange {
  min: number;
  max: number;
  /** Which PRODIST system the range comes from. */
  sistema: string;
}

const LV_SYSTEMS: { phaseV: number; lineV: number; min: number; max: number; name: string }[] = [
  { phaseV: 127, lineV: 220, min: 117, max: 133, name: '220/127 V' },
  { phaseV: 220, lineV: 380, min: 202, max: 231, name: '380/220 V' },
  { phaseV: 220, lineV: 440, min: 201, max: 231, name: '440/220 V' },
  { phaseV: 127, lineV: 254, min: 117, max: 133, name: '254/127 V' },
  { phaseV: 115, lineV: 230, min: 105, max: 121, name: '230/115 V' },
  { phaseV: 120, lineV: 240, min: 110, max: 126, name: '240/120 V' },
];

export function adequateRange(bus: Pick<BusInfo, 'kvBase' | 'splitPhase'>): VoltageRange {
  if (bus.kvBase > 1) return { min: 0.93, max: 1.05, sistema: 'MT (1 kV < Vn < 69 kV)' };
  const lineV = bus.kvBase * 1000;
  const phaseV = bus.splitPhase ? lineV / 2 : lineV / Math.sqrt(3);
  const match = LV_SYSTEMS.find(
    (s) => Math.abs(s.lineV - lineV) / s.lineV < 0.03 && Math.abs(s.phaseV - phaseV) / s.phaseV < 0.03,
  );
  if (match) return { min: match.min / match.phaseV, max: match.max / match.phaseV, sistema: match.name };
  return { min: 0.92, max: 1.05, sistema: `BT ${Math.round(lineV)} V (faixa genérica)` };
}
