// What a generation run reports: exact row counts per layer (as written, after defect injection),
// per-feeder counts of the generated network (before defects) and the list of injected defects.
import type { LayerName } from './schema.ts';

export interface FeederManifest {
  COD_ID: string;
  NOME: string;
  SUB: string;
  PAC_INI: string;
  mvSegments: number;
  lvSegments: number;
  serviceDrops: number;
  /** UNTRMT rows (including customer-owned units of MV consumers). */
  transformers: number;
  /** EQTRMT rows (a bank has several). */
  transformerUnits: number;
  /** UNSEMT rows whose CTMT is this feeder (breaker, recloser, fuses, knives, regulator bypass, ties). */
  switches: number;
  openSwitches: number;
  regulators: number;
  capacitors: number;
  lvConsumers: number;
  mvConsumers: number;
  lvGenerators: number;
  publicLighting: number;
  poles: number;
  mvLengthMetres: number;
  lvLengthMetres: number;
  annualEnergyKwh: number;
}

export type DefectType = 'dropLayer' | 'duplicateCodId' | 'invalidGeometry' | 'danglingPac' | 'unknownCtmt';

export interface InjectedDefect {
  type: DefectType;
  layer: LayerName;
  /** COD_ID of the affected row (the duplicated id for duplicateCodId). */
  codId?: string;
  field?: string;
  /** The value written in place of the correct one (WKT for geometries). */
  value?: string;
}

export interface GenerateResult {
  gdbPath: string;
  zipPath?: string;
  seed: number;
  layers: Record<LayerName, number>;
  /** Layers absent from the output (dropLayers defect). */
  droppedLayers: LayerName[];
  feeders: FeederManifest[];
  totals: {
    substations: number;
    feeders: number;
    mvSegments: number;
    lvSegments: number;
    segments: number;
    serviceDrops: number;
    transformers: number;
    lvConsumers: number;
    mvConsumers: number;
  };
  defects: InjectedDefect[];
  timings: { generateMs: number; convertMs: number; zipMs: number; totalMs: number };
  gdbBytes: number;
  zipBytes?: number;
}

export function emptyFeederManifest(codId: string, nome: string, sub: string): FeederManifest {
  return {
    COD_ID: codId,
    NOME: nome,
    SUB: sub,
    PAC_INI: codId,
    mvSegments: 0,
    lvSegments: 0,
    serviceDrops: 0,
    transformers: 0,
    transformerUnits: 0,
    switches: 0,
    openSwitches: 0,
    regulators: 0,
    capacitors: 0,
    lvConsumers: 0,
    mvConsumers: 0,
    lvGenerators: 0,
    publicLighting: 0,
    poles: 0,
    mvLengthMetres: 0,
    lvLengthMetres: 0,
    annualEnergyKwh: 0,
  };
}
