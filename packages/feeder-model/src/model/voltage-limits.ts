// Adequate steady-state voltage ranges of ANEEL PRODIST Módulo 8 (annex tables of steady-state voltage, by point of
// connection), in pu of the bus phase-to-neutral base used by the power flow.
// MV (1 kV < Vn < 69 kV): 0.93 ≤ TL ≤ 1.05 pu of the reference voltage.
// LV (Vn ≤ 1 kV), adequate range "line / phase" (TL = tensão de leitura, V):
//   220/127: 202–231 / 117–133     380/220: 350–399 / 202–231     254/127: 234–267 / 117–133
//   440/220: 405–462 / 202–231     230/115: 212–242 / 106–121     240/120: 221–252 / 110–126
// Source and how the values were checked: docs/FEEDER-MODEL.md ("Limites de tensão"). The power flow applies
// the phase-to-neutral range (L1/L2 to neutral on split-phase buses). Other LV systems: 0.92–1.05 pu (generic).
import type { BusInfo } from './build-feeder.ts';

export interface VoltageRange {
  min: number;
  max: number;
  /** Which PRODIST system the range comes from. */
  sistema: string;
}

export interface LvSystemRange {
  name: string;
  lineV: number;
  phaseV: number;
  /** Adequate range of the line-to-line reading, V. */
  line: [number, number];
  /** Adequate range of the phase-to-neutral reading, V. */
  phase: [number, number];
}

export const PRODIST_LV_SYSTEMS: readonly LvSystemRange[] = [
  { name: '220/127 V', lineV: 220, phaseV: 127, line: [202, 231], phase: [117, 133] },
  { name: '380/220 V', lineV: 380, phaseV: 220, line: [350, 399], phase: [202, 231] },
  { name: '254/127 V', lineV: 254, phaseV: 127, line: [234, 267], phase: [117, 133] },
  { name: '440/220 V', lineV: 440, phaseV: 220, line: [405, 462], phase: [202, 231] },
  { name: '230/115 V', lineV: 230, phaseV: 115, line: [212, 242], phase: [106, 121] },
  { name: '240/120 V', lineV: 240, phaseV: 120, line: [221, 252], phase: [110, 126] },
];

export const MV_ADEQUATE: VoltageRange = { min: 0.93, max: 1.05, sistema: 'MT (1 kV < Vn < 69 kV)' };

export function adequateRange(bus: Pick<BusInfo, 'kvBase' | 'splitPhase'>): VoltageRange {
  if (bus.kvBase > 1) return MV_ADEQUATE;
  const lineV = bus.kvBase * 1000;
  const phaseV = bus.splitPhase ? lineV / 2 : lineV / Math.sqrt(3);
  const match = PRODIST_LV_SYSTEMS.find(
    (s) => Math.abs(s.lineV - lineV) / s.lineV < 0.03 && Math.abs(s.phaseV - phaseV) / s.phaseV < 0.03,
  );
  if (match) {
    // the power flow's phase base is the bus base (e.g. 380/√3 = 219.4 V), not the rounded nominal 220 V
    return { min: match.phase[0] / phaseV, max: match.phase[1] / phaseV, sistema: match.name };
  }
  return { min: 0.92, max: 1.05, sistema: `BT ${Math.round(lineV)} V (faixa genérica)` };
}
