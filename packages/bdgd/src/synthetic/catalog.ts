// Equipment catalogue of the synthetic distributor: conductor types (SEGCON), transformer loss
// figures and consumer classes. Values are typical Brazilian ones; every code is resolved through the
// code tables at generation time.
import type { CodeTables } from './codeTables.ts';
import type { FieldValues } from './features.ts';

export interface ConductorSpec {
  readonly id: string;
  readonly level: 'MT' | 'BT' | 'RL';
  readonly rRegul: string;
  readonly x1: number;
  readonly cnom: number;
  readonly cmax: number;
  readonly geomCab: string;
  readonly formCab: string;
  readonly phaseSize: string;
  readonly neutralSize: string;
  readonly material: string;
  readonly insulation: string;
}

export const CONDUCTORS: readonly ConductorSpec[] = [
  {
    id: 'CA336',
    level: 'MT',
    rRegul: 'AL336_4AWG',
    x1: 0.2802,
    cnom: 479,
    cmax: 575,
    geomCab: '3',
    formCab: '1',
    phaseSize: '49',
    neutralSize: '0',
    material: '5',
    insulation: '12',
  },
  {
    id: 'CA4_0',
    level: 'MT',
    rRegul: 'AL4_0AWG',
    x1: 0.313,
    cnom: 351,
    cmax: 421,
    geomCab: '3',
    formCab: '1',
    phaseSize: '14',
    neutralSize: '0',
    material: '5',
    insulation: '12',
  },
  {
    id: 'CA1_0',
    level: 'MT',
    rRegul: 'AL1_0AWG',
    x1: 0.3879,
    cnom: 230,
    cmax: 276,
    geomCab: '3',
    formCab: '1',
    phaseSize: '11',
    neutralSize: '0',
    material: '5',
    insulation: '12',
  },
  {
    id: 'CAA4',
    level: 'MT',
    rRegul: 'AL4AWG',
    x1: 0.4495,
    cnom: 130,
    cmax: 156,
    geomCab: '3',
    formCab: '1',
    phaseSize: '3',
    neutralSize: '0',
    material: '6',
    insulation: '12',
  },
  {
    id: 'MX70',
    level: 'BT',
    rRegul: 'ALI70MM2',
    x1: 0.109,
    cnom: 166,
    cmax: 200,
    geomCab: '4',
    formCab: '4',
    phaseSize: '31',
    neutralSize: '31',
    material: '5',
    insulation: '10',
  },
  {
    id: 'MX35',
    level: 'BT',
    rRegul: 'ALI35MM2',
    x1: 0.117,
    cnom: 100,
    cmax: 120,
    geomCab: '4',
    formCab: '4',
    phaseSize: '29',
    neutralSize: '29',
    material: '5',
    insulation: '10',
  },
  {
    id: 'DX10',
    level: 'RL',
    rRegul: 'ALI10MM2',
    x1: 0.097,
    cnom: 42,
    cmax: 50,
    geomCab: '4',
    formCab: '2',
    phaseSize: '24',
    neutralSize: '24',
    material: '5',
    insulation: '10',
  },
  {
    id: 'QX16',
    level: 'RL',
    rRegul: 'ALI16MM2',
    x1: 0.115,
    cnom: 52,
    cmax: 62,
    geomCab: '4',
    formCab: '4',
    phaseSize: '25',
    neutralSize: '25',
    material: '5',
    insulation: '10',
  },
];

export function segconRow(spec: ConductorSpec, codes: CodeTables, dist: number): FieldValues {
  const regul = codes.regulatoryResistance(spec.rRegul);
  const size = codes.require('BIT_conductor_size', spec.phaseSize);
  const neutral = codes.require('BIT_conductor_size', spec.neutralSize);
  const material = codes.require('MAT_conductor_material', spec.material);
  const insulation = codes.require('ISO_conductor_insulation', spec.insulation);
  const hasNeutral = spec.neutralSize !== '0';
  return {
    COD_ID: spec.id,
    DIST: dist,
    GEOM_CAB: codes.require('GEOM_CAB_cable_geometry', spec.geomCab),
    FORM_CAB: codes.require('FORM_CAB_cable_formation', spec.formCab),
    BIT_FAS_1: size,
    BIT_FAS_2: size,
    BIT_FAS_3: spec.level === 'RL' ? '0' : size,
    BIT_NEU: neutral,
    MAT_FAS_1: material,
    MAT_FAS_2: material,
    MAT_FAS_3: spec.level === 'RL' ? '0' : material,
    MAT_NEU: hasNeutral ? material : '0',
    ISO_FAS_1: insulation,
    ISO_FAS_2: insulation,
    ISO_FAS_3: spec.level === 'RL' ? '0' : insulation,
    ISO_NEU: hasNeutral ? insulation : '0',
    CND_FAS: 1,
    R1: regul.ohmPerKm,
    X1: spec.x1,
    R_REGUL: regul.code,
    FTRCNV: 1,
    CNOM: spec.cnom,
    CMAX: spec.cmax,
    DESCR: `Condutor sintético ${spec.id}`,
  };
}

/** Typical no-load / total losses (W) of distribution transformers, 15 kV class. */
export const TRANSFORMER_LOSSES: ReadonlyArray<{
  kva: number;
  phases: 1 | 3;
  perFer: number;
  perTot: number;
}> = [
  { kva: 5, phases: 1, perFer: 30, perTot: 170 },
  { kva: 10, phases: 1, perFer: 50, perTot: 270 },
  { kva: 15, phases: 1, perFer: 65, perTot: 375 },
  { kva: 25, phases: 1, perFer: 90, perTot: 555 },
  { kva: 30, phases: 3, perFer: 150, perTot: 695 },
  { kva: 45, phases: 3, perFer: 195, perTot: 945 },
  { kva: 75, phases: 3, perFer: 295, perTot: 1395 },
  { kva: 112.5, phases: 3, perFer: 390, perTot: 1890 },
  { kva: 150, phases: 3, perFer: 485, perTot: 2335 },
  { kva: 225, phases: 3, perFer: 650, perTot: 3200 },
  { kva: 300, phases: 3, perFer: 810, perTot: 4100 },
  { kva: 500, phases: 3, perFer: 1200, perTot: 6300 },
];

export function transformerLosses(kva: number): { perFer: number; perTot: number } {
  const entry = TRANSFORMER_LOSSES.find((t) => t.kva === kva);
  if (!entry) throw new Error(`no loss data for ${kva} kVA`);
  return entry;
}

export interface ConsumerClass {
  readonly clasSub: string;
  readonly gruTar: string;
  readonly curvePrefix: string;
  readonly curveCount: number;
  /** Mean monthly energy, kWh. */
  readonly meanKwh: number;
  readonly weight: number;
}

export const LV_CONSUMER_CLASSES: readonly ConsumerClass[] = [
  { clasSub: 'RE1', gruTar: 'B1', curvePrefix: 'RES', curveCount: 15, meanKwh: 170, weight: 78 },
  { clasSub: 'CO1', gruTar: 'B3', curvePrefix: 'COM', curveCount: 11, meanKwh: 480, weight: 12 },
  { clasSub: 'IN', gruTar: 'B3', curvePrefix: 'IND', curveCount: 11, meanKwh: 1400, weight: 3 },
  { clasSub: 'RU1', gruTar: 'B2RU', curvePrefix: 'RUR', curveCount: 5, meanKwh: 320, weight: 5 },
  { clasSub: 'PP1', gruTar: 'B3', curvePrefix: 'SP', curveCount: 11, meanKwh: 900, weight: 2 },
];
