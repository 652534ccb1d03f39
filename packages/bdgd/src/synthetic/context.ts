// Shared state of one generation run: resolved codes, id counters, common field values and the
// helpers that write poles and segments consistently (PAC_2 upstream, geometry PN_CON_2 → PN_CON_1,
// COMP = geodesic length).
import { createHash } from 'node:crypto';
import type { CodeTables } from './codeTables.ts';
import type { FeatureSink, FieldValues } from './features.ts';
import { distanceMetres, type LonLat } from './geodesy.ts';
import type { FeederManifest } from './manifest.ts';

export interface NetworkPlan {
  seed: number;
  dist: number;
  year: number;
  feeders: number;
  mvSegmentsPerFeeder: number;
  mvSegmentsPerTransformer: number;
  lvSegmentsPerTransformer: number;
  feedersPerSubstation: number;
  origin: LonLat;
  municipality: string;
}

/** Codes resolved once from the code tables. */
export function resolveCodes(codes: CodeTables) {
  const phase = (code: string) => codes.require('TFASCON_phase_connection', code);
  return {
    mvVoltage: codes.voltage(13800),
    phaseGroundMv: codes.voltage(7960),
    v220: codes.voltage(220),
    v380: codes.voltage(380),
    v440: codes.voltage(440),
    unit: {
      knife: codes.unitType('Chave faca'),
      fuse: codes.unitType('Chave fusível'),
      breaker: codes.unitType('Disjuntor'),
      recloser: codes.unitType('Religador'),
      transformer: codes.unitType('Transformador de distribuição'),
      capacitor: codes.unitType('Banco de capacitores paralelo'),
      regulator: codes.unitType('Regulador automático de tensão'),
    },
    current: { a100: codes.ratedCurrent(100), a400: codes.ratedCurrent(400), a630: codes.ratedCurrent(630) },
    open: codes.require('P_N_OPE_normal_state', 'A'),
    closed: codes.require('P_N_OPE_normal_state', 'F'),
    solidBlade: codes.require('CAP_ELO_fuse_link', 'LAM'),
    fuseLinks: ['6K', '10K', '15K', '25K', '40K'].map((c) => codes.require('CAP_ELO_fuse_link', c)),
    transformerFuse: (kva: number) =>
      codes.require('CAP_ELO_fuse_link', kva <= 15 ? '1H' : kva <= 45 ? '3H' : kva <= 112.5 ? '6K' : '10K'),
    trafoType: {
      threePhase: codes.require('TIP_TRAFO_transformer_type', 'T'),
      singlePhase: codes.require('TIP_TRAFO_transformer_type', 'M'),
      singlePhase3Wire: codes.require('TIP_TRAFO_transformer_type', 'MT'),
      closedDelta: codes.require('TIP_TRAFO_transformer_type', 'DF'),
    },
    regulatorType: codes.require('TIP_REGU_regulator_type', 'DF'),
    winding: codes.require('LIG_winding_connection', '2'),
    insulationClass: codes.require('CLAS_TEN_insulation_class', '4'),
    insulatingMedium: codes.require('MEI_ISO_switch_insulating_medium', 'SE'),
    pole: codes.require('TIP_PN_notable_point_type', 'POS'),
    mounting: codes.require('POSTO_transformer_mounting', 'PT'),
    radial: codes.require('CONF_configuration', 'RA'),
    own: codes.require('POS_ownership', 'PD'),
    customerOwned: codes.require('POS_ownership', 'CS'),
    active: codes.require('SIT_ATIV_activity', 'AT'),
    urban: codes.require('ARE_LOC_area', 'UB'),
    overheadUrban: codes.require('TIP_INST_installation_type', 'RD_AER_URB'),
    inService: codes.require('SITCONT_accounting_status', 'AT1'),
    mvGroup: codes.require('GRU_TEN_voltage_group', 'MT'),
    lvGroup: codes.require('GRU_TEN_voltage_group', 'BT'),
    a4: codes.require('GRU_TAR_tariff_group', 'A4'),
    lighting: {
      clasSub: codes.require('CLAS_SUB_consumer_class', 'IP'),
      gruTar: codes.require('GRU_TAR_tariff_group', 'B4A'),
      lamp: codes.require('TIPO_LAMP_lamp_type', '1'),
    },
    ptRatio: codes.ptRatio(115),
    ctRatio: codes.ctRatio(400),
    regulatorKva: codes.apparentPower(138),
    phase,
  };
}

export type ResolvedCodes = ReturnType<typeof resolveCodes>;

export interface NetworkNode {
  pac: string;
  pole: string;
  at: LonLat;
  /** Street direction at this node, degrees from east. */
  angle: number;
}

export class GenerationContext {
  private readonly counters = new Map<string, number>();
  readonly usedCurves = new Map<string, string>();
  readonly extent = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  readonly common: FieldValues;

  constructor(
    readonly plan: NetworkPlan,
    readonly codes: CodeTables,
    readonly code: ResolvedCodes,
    readonly sink: FeatureSink,
  ) {
    this.common = { DIST: plan.dist, CONJ: 1, MUN: plan.municipality, ARE_LOC: code.urban };
  }

  /** Next value of a named counter (1, 2, 3 …). */
  next(kind: string): number {
    const value = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, value);
    return value;
  }

  /** 64-hex consumer/generator id, like the anonymised ids of 2024 public files. */
  hashId(kind: string, n: number): string {
    return createHash('sha256').update(`${this.plan.seed}:${kind}:${n}`).digest('hex');
  }

  useCurve(id: string, voltageGroup: string): string {
    this.usedCurves.set(id, voltageGroup);
    return id;
  }

  newPole(at: LonLat, feeder: FeederManifest): string {
    const id = String(this.next('pole'));
    this.sink.write(
      'PONNOT',
      {
        COD_ID: id,
        DIST: this.plan.dist,
        TIP_PN: this.code.pole,
        TIP_INST: this.code.overheadUrban,
        POS: this.code.own,
        ARE_LOC: this.code.urban,
        CONJ: 1,
        MUN: this.plan.municipality,
        SITCONT: this.code.inService,
      },
      { kind: 'point', at },
    );
    feeder.poles++;
    const e = this.extent;
    if (at.lon < e.minLon) e.minLon = at.lon;
    if (at.lon > e.maxLon) e.maxLon = at.lon;
    if (at.lat < e.minLat) e.minLat = at.lat;
    if (at.lat > e.maxLat) e.maxLat = at.lat;
    return id;
  }

  /** Writes an SSDMT/SSDBT span from `upstream` to `downstream`; returns its length in metres. */
  writeSpan(
    layer: 'SSDMT' | 'SSDBT',
    upstream: NetworkNode,
    downstream: NetworkNode,
    values: FieldValues,
  ): number {
    const comp = Math.round(distanceMetres(upstream.at, downstream.at) * 100) / 100;
    this.sink.write(
      layer,
      {
        ...this.common,
        COD_ID: String(this.next(layer)),
        PN_CON_1: downstream.pole,
        PN_CON_2: upstream.pole,
        PAC_1: downstream.pac,
        PAC_2: upstream.pac,
        TIP_INST: this.code.overheadUrban,
        POS: this.code.own,
        SITCONT: this.code.inService,
        COMP: comp,
        ...values,
      },
      { kind: 'line', points: [upstream.at, downstream.at] },
    );
    return comp;
  }
}

/** dd/mm/yyyy, the date format of BDGD string dates. */
export function bdgdDate(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
