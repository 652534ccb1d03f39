// One MV feeder: breaker at the head (dummy node → PAC_INI), a street-like radial tree of SSDMT spans
// (trunk + laterals, some single-phase B/C laterals), inline switches (recloser, knife switches, lateral
// fuses), a regulator bank and a capacitor bank on larger feeders, MV/LV transformers with their LV
// networks, MV consumers with customer-owned transformers, and finally the CTMT row.
import { transformerLosses } from './catalog.ts';
import { bdgdDate, type GenerationContext, type NetworkNode } from './context.ts';
import type { FieldValues } from './features.ts';
import { type LonLat, offset } from './geodesy.ts';
import { buildLvNetwork, type LvSupply } from './lowVoltage.ts';
import type { FeederManifest } from './manifest.ts';
import type { Random } from './random.ts';

export interface FeederSpec {
  manifest: FeederManifest;
  index: number;
  substationAt: LonLat;
  heading: number;
  mvSegments: number;
}

export interface FeederOutcome {
  /** Last trunk node, where a normally-open tie to the next feeder is placed. */
  trunkEnd: NetworkNode;
}

interface MvNode extends NetworkNode {
  phases: string;
}

const REGULATOR_MIN_SEGMENTS = 150;
const CAPACITOR_MIN_SEGMENTS = 100;

function stepFrom(at: LonLat, angle: number, metres: number): LonLat {
  const rad = (angle * Math.PI) / 180;
  return offset(at, metres * Math.cos(rad), metres * Math.sin(rad));
}

class FeederBuilder {
  readonly energy: number[] = new Array(12).fill(0);
  private bankPlaced = false;

  constructor(
    private readonly ctx: GenerationContext,
    private readonly spec: FeederSpec,
    private readonly r: Random,
  ) {}

  private get feeder(): FeederManifest {
    return this.spec.manifest;
  }

  private base(): FieldValues {
    return { ...this.ctx.common, CTMT: this.feeder.COD_ID, SUB: this.feeder.SUB };
  }

  writeSwitch(
    kind: keyof GenerationContext['code']['unit'],
    pac1: string,
    pac2: string,
    at: LonLat,
    open: boolean,
    phases = 'ABC',
  ): void {
    const c = this.ctx.code;
    const number = this.ctx.next('UNSEMT');
    const codId = `${kind === 'fuse' ? 'CF' : kind === 'breaker' ? 'DJ' : kind === 'recloser' ? 'RL' : 'CS'}_${number}`;
    const fuse = kind === 'fuse';
    this.ctx.sink.write(
      'UNSEMT',
      {
        ...this.base(),
        COD_ID: codId,
        PAC_1: pac1,
        PAC_2: pac2,
        FAS_CON: c.phase(phases),
        SIT_ATIV: c.active,
        TIP_UNID: c.unit[kind],
        P_N_OPE: open ? c.open : c.closed,
        CAP_ELO: fuse ? this.r.pick(c.fuseLinks) : c.solidBlade,
        COR_NOM: kind === 'breaker' ? c.current.a630 : kind === 'fuse' ? c.current.a100 : c.current.a400,
        TLCD: kind === 'recloser' || kind === 'breaker' ? 1 : 0,
        DAT_CON: bdgdDate(this.r.int(1995, this.ctx.plan.year), this.r.int(1, 12), this.r.int(1, 28)),
        POS: c.own,
      },
      { kind: 'point', at },
    );
    for (const pole of phases.split('')) {
      this.ctx.sink.write('EQSE', {
        COD_ID: String(this.ctx.next('EQSE')),
        DIST: this.ctx.plan.dist,
        TIP_INST: c.overheadUrban,
        UN_SE: codId,
        CLAS_TEN: c.insulationClass,
        ELO_FSV: fuse ? (c.fuseLinks[1] ?? c.solidBlade) : c.solidBlade,
        MEI_ISO: c.insulatingMedium,
        FAS_CON: c.phase(pole),
        COR_NOM: fuse ? c.current.a100 : c.current.a400,
        SITCONT: c.inService,
        ABER_CRG: 1,
        GRU_TEN: c.mvGroup,
      });
    }
    this.feeder.switches++;
    if (open) this.feeder.openSwitches++;
  }

  /** Inserts a closed device in series after `tip`; returns the new downstream node (same place). */
  private inline(tip: MvNode, kind: 'fuse' | 'knife' | 'recloser'): MvNode {
    const prefix = kind === 'fuse' ? 'CF' : kind === 'recloser' ? 'RL' : 'CS';
    const node: MvNode = { ...tip, pac: `${prefix}${this.ctx.next('deviceNode')}` };
    this.writeSwitch(kind, node.pac, tip.pac, tip.at, false, tip.phases);
    return node;
  }

  private regulator(tip: MvNode): MvNode {
    const c = this.ctx.code;
    const number = this.ctx.next('UNREMT');
    const codId = `RT_${number}`;
    const node: MvNode = { ...tip, pac: `RT${number}` };
    this.ctx.sink.write(
      'UNREMT',
      {
        ...this.base(),
        COD_ID: codId,
        FAS_CON: c.phase('ABC'),
        SIT_ATIV: c.active,
        TIP_UNID: c.unit.regulator,
        TIP_REGU: c.regulatorType,
        PAC_1: node.pac,
        PAC_2: tip.pac,
        DAT_CON: bdgdDate(this.r.int(2005, this.ctx.plan.year), this.r.int(1, 12), this.r.int(1, 28)),
        BANC: 1,
        POS: c.own,
      },
      { kind: 'point', at: tip.at },
    );
    for (const pair of ['AB', 'BC', 'CA']) {
      this.ctx.sink.write('EQRE', {
        COD_ID: String(this.ctx.next('EQRE')),
        DIST: this.ctx.plan.dist,
        TIP_INST: c.overheadUrban,
        UN_RE: codId,
        POT_NOM: c.regulatorKva,
        TEN_REG: 1.03,
        LIG_FAS_P: c.phase(pair),
        LIG_FAS_S: c.phase(pair),
        COR_NOM: c.current.a100,
        REL_TP: c.ptRatio,
        REL_TC: c.ctRatio,
        SITCONT: c.inService,
        DAT_IMO: bdgdDate(this.ctx.plan.year - 3, 6, 15),
        PER_FER: 630,
        PER_TOT: 2050,
        R: 1,
        XHL: 1.5,
        GRU_TEN: c.mvGroup,
      });
    }
    // Normally-open bypass between the same two nodes, as in real files.
    this.writeSwitch('knife', node.pac, tip.pac, tip.at, true);
    this.feeder.regulators++;
    return node;
  }

  private capacitor(node: MvNode): void {
    const c = this.ctx.code;
    const number = this.ctx.next('UNCRMT');
    const codId = `BC_${number}`;
    const kvar = this.r.pick([300, 600]);
    this.ctx.sink.write(
      'UNCRMT',
      {
        ...this.base(),
        COD_ID: codId,
        FAS_CON: c.phase('ABC'),
        SIT_ATIV: c.active,
        TIP_UNID: c.unit.capacitor,
        POT_NOM: this.ctx.codes.reactivePower(kvar),
        PAC_1: `CR_${node.pac}`,
        PAC_2: node.pac,
        DAT_CON: bdgdDate(this.r.int(2000, this.ctx.plan.year), this.r.int(1, 12), this.r.int(1, 28)),
        BANC: 1,
        POS: c.own,
      },
      { kind: 'point', at: node.at },
    );
    for (let u = 0; u < kvar / 100; u++) {
      this.ctx.sink.write('EQCR', {
        COD_ID: String(this.ctx.next('EQCR')),
        DIST: this.ctx.plan.dist,
        TIP_INST: c.overheadUrban,
        UN_CR: codId,
        SITCONT: c.inService,
        GRU_TEN: c.mvGroup,
      });
    }
    this.feeder.capacitors++;
  }

  /** Grows one span from `parent` in direction `angle`. */
  private span(parent: MvNode, angle: number, phases: string): MvNode {
    const at = stepFrom(parent.at, angle, this.r.range(30, 80));
    const node: MvNode = {
      pac: String(this.ctx.next('mvNode')),
      pole: this.ctx.newPole(at, this.feeder),
      at,
      angle,
      phases,
    };
    const trunk = phases === 'ABC';
    this.feeder.mvLengthMetres += this.ctx.writeSpan('SSDMT', parent, node, {
      CTMT: this.feeder.COD_ID,
      CT_COD_OP: this.feeder.COD_ID,
      SUB: this.feeder.SUB,
      FAS_CON: this.ctx.code.phase(phases),
      TIP_CND: trunk ? (this.r.chance(0.5) ? 'CA336' : 'CA4_0') : 'CAA4',
    });
    this.feeder.mvSegments++;
    return node;
  }

  private maybeTransformer(node: MvNode): void {
    if (!this.r.chance(1 / this.ctx.plan.mvSegmentsPerTransformer)) return;
    this.transformer(node);
  }

  private transformer(node: MvNode): void {
    const c = this.ctx.code;
    const plan = this.ctx.plan;
    const unitNumber = this.ctx.next('UNTRMT');
    const codId = `TR_${unitNumber}`;
    const bus = `ET${codId}`;
    const singlePhase = node.phases.length === 1;
    const bank = !singlePhase && !this.bankPlaced && this.spec.index === 0;
    let units: Array<{
      kva: number;
      phases: string;
      ligP: string;
      ligS: string;
      ligT: string;
      tenPri: string;
      tenSec: string;
    }>;
    let supply: Omit<LvSupply, 'segments'>;
    let tipTrafo: string;
    let fasS: string;
    let fasT = '0';
    let pac3 = '0';
    let tenLinSe: number;
    let mrt = 0;
    const lvBus = { pac: bus, pole: node.pole, at: node.at, angle: node.angle + 90 };
    if (singlePhase) {
      const threeWire = this.r.chance(0.6);
      const kva = this.r.pick([10, 15, 25]);
      const phase = node.phases;
      mrt = this.r.chance(0.5) ? 1 : 0;
      tipTrafo = threeWire ? c.trafoType.singlePhase3Wire : c.trafoType.singlePhase;
      fasS = threeWire ? 'AN' : `${phase}N`;
      if (threeWire) {
        fasT = 'BN';
        pac3 = bus;
      }
      tenLinSe = threeWire ? 0.44 : 0.22;
      units = [
        {
          kva,
          phases: phase,
          ligP: phase,
          ligS: fasS,
          ligT: fasT,
          tenPri: c.phaseGroundMv,
          tenSec: threeWire ? c.v440 : c.v220,
        },
      ];
      supply = {
        unitId: codId,
        feederId: this.feeder.COD_ID,
        sub: this.feeder.SUB,
        bus: lvBus,
        spanPhases: threeWire ? 'ABN' : `${phase}N`,
        dropPhases: threeWire
          ? [
              ['AN', 45],
              ['BN', 45],
              ['ABN', 10],
            ]
          : [[`${phase}N`, 1]],
        singlePhaseVoltage: c.v220,
        multiPhaseVoltage: c.v440,
      };
    } else {
      tipTrafo = bank ? c.trafoType.closedDelta : c.trafoType.threePhase;
      fasS = 'ABCN';
      tenLinSe = 0.38;
      if (bank) {
        this.bankPlaced = true;
        units = ['AB', 'BC', 'CA'].map((pair) => ({
          kva: 25,
          phases: pair,
          ligP: pair,
          ligS: 'ABCN',
          ligT: '0',
          tenPri: c.mvVoltage,
          tenSec: c.v380,
        }));
      } else {
        const kva = this.r.weighted([
          [30, 15],
          [45, 30],
          [75, 30],
          [112.5, 20],
          [150, 5],
        ] as const);
        units = [
          { kva, phases: 'ABC', ligP: 'ABC', ligS: 'ABCN', ligT: '0', tenPri: c.mvVoltage, tenSec: c.v380 },
        ];
      }
      supply = {
        unitId: codId,
        feederId: this.feeder.COD_ID,
        sub: this.feeder.SUB,
        bus: lvBus,
        spanPhases: 'ABCN',
        dropPhases: [
          ['AN', 20],
          ['BN', 20],
          ['CN', 20],
          ['ABN', 9],
          ['BCN', 8],
          ['CAN', 8],
          ['ABCN', 15],
        ],
        singlePhaseVoltage: c.v220,
        multiPhaseVoltage: c.v380,
      };
    }
    const totalKva = units.reduce((sum, u) => sum + u.kva, 0);
    let perFer = 0;
    let perTot = 0;
    for (const unit of units) {
      const losses = transformerLosses(unit.kva);
      perFer += losses.perFer;
      perTot += losses.perTot;
      this.ctx.sink.write('EQTRMT', {
        COD_ID: String(this.ctx.next('EQTRMT')),
        DIST: plan.dist,
        TIP_INST: c.overheadUrban,
        UNI_TR_MT: codId,
        CLAS_TEN: c.insulationClass,
        POT_NOM: this.ctx.codes.apparentPower(unit.kva),
        LIG: c.winding,
        FAS_CON: c.phase(unit.phases),
        TEN_PRI: unit.tenPri,
        TEN_SEC: unit.tenSec,
        TEN_TER: '0',
        LIG_FAS_P: c.phase(unit.ligP),
        LIG_FAS_S: c.phase(unit.ligS),
        LIG_FAS_T: unit.ligT === '0' ? '0' : c.phase(unit.ligT),
        SITCONT: c.inService,
        DAT_IMO: bdgdDate(this.r.int(1995, plan.year), this.r.int(1, 12), this.r.int(1, 28)),
        PER_FER: losses.perFer,
        PER_TOT: losses.perTot,
        R: Math.round(((losses.perTot - losses.perFer) / (10 * unit.kva)) * 100) / 100,
        XHL: unit.kva >= 150 ? 4.5 : 3.5,
        XHT: 0,
        XLT: 0,
      });
      this.feeder.transformerUnits++;
    }
    this.ctx.sink.write(
      'UNTRMT',
      {
        ...this.base(),
        COD_ID: codId,
        PAC_1: node.pac,
        PAC_2: bus,
        PAC_3: pac3,
        FAS_CON_P: c.phase(node.phases),
        FAS_CON_S: c.phase(fasS),
        FAS_CON_T: fasT === '0' ? '0' : c.phase(fasT),
        SIT_ATIV: c.active,
        TIP_UNID: c.unit.transformer,
        POS: c.own,
        ATRB_PER: 1,
        TEN_LIN_SE: tenLinSe,
        CAP_ELO: c.transformerFuse(totalKva),
        CAP_CHA: c.current.a100,
        TAP: 1,
        CONF: c.radial,
        POSTO: c.mounting,
        POT_NOM: totalKva,
        PER_FER: perFer,
        PER_TOT: perTot,
        DAT_CON: bdgdDate(this.r.int(1995, plan.year), this.r.int(1, 12), this.r.int(1, 28)),
        BANC: bank ? 1 : 0,
        TIP_TRAFO: tipTrafo,
        MRT: mrt,
      },
      { kind: 'point', at: node.at },
    );
    this.feeder.transformers++;
    const factor = singlePhase ? 0.35 : totalKva / 70;
    const segments = Math.max(2, Math.round(plan.lvSegmentsPerTransformer * factor * this.r.range(0.7, 1.3)));
    buildLvNetwork(this.ctx, { ...supply, segments }, this.feeder, this.energy, this.r);
  }

  /** MV consumer at `node`, supplied through a customer-owned transformer without LV network. */
  private mvConsumer(node: MvNode): void {
    const c = this.ctx.code;
    const plan = this.ctx.plan;
    const kva = this.r.pick([225, 300, 500]);
    const unitNumber = this.ctx.next('UNTRMT');
    const codId = `TR_${unitNumber}`;
    const losses = transformerLosses(kva);
    this.ctx.sink.write('EQTRMT', {
      COD_ID: String(this.ctx.next('EQTRMT')),
      DIST: plan.dist,
      TIP_INST: c.overheadUrban,
      UNI_TR_MT: codId,
      CLAS_TEN: c.insulationClass,
      POT_NOM: this.ctx.codes.apparentPower(kva),
      LIG: c.winding,
      FAS_CON: c.phase('ABC'),
      TEN_PRI: c.mvVoltage,
      TEN_SEC: c.v380,
      TEN_TER: '0',
      LIG_FAS_P: c.phase('ABC'),
      LIG_FAS_S: c.phase('ABCN'),
      LIG_FAS_T: '0',
      SITCONT: c.inService,
      PER_FER: losses.perFer,
      PER_TOT: losses.perTot,
      R: Math.round(((losses.perTot - losses.perFer) / (10 * kva)) * 100) / 100,
      XHL: 4.5,
    });
    this.ctx.sink.write(
      'UNTRMT',
      {
        ...this.base(),
        COD_ID: codId,
        PAC_1: node.pac,
        PAC_2: `ET${codId}`,
        PAC_3: '0',
        FAS_CON_P: c.phase('ABC'),
        FAS_CON_S: c.phase('ABCN'),
        FAS_CON_T: '0',
        SIT_ATIV: c.active,
        TIP_UNID: c.unit.transformer,
        POS: c.customerOwned,
        ATRB_PER: 0,
        TEN_LIN_SE: 0.38,
        CAP_ELO: c.transformerFuse(kva),
        CAP_CHA: c.current.a100,
        TAP: 1,
        CONF: c.radial,
        POSTO: c.mounting,
        POT_NOM: kva,
        PER_FER: losses.perFer,
        PER_TOT: losses.perTot,
        BANC: 0,
        TIP_TRAFO: c.trafoType.threePhase,
        MRT: 0,
      },
      { kind: 'point', at: node.at },
    );
    this.feeder.transformers++;
    this.feeder.transformerUnits++;
    const number = this.ctx.next('UCMT_tab');
    const curve = this.ctx.useCurve(`A4_${this.r.int(1, 7)}`, c.mvGroup);
    const meanKwh = kva * 730 * this.r.range(0.2, 0.4);
    const demand = Math.round(kva * 0.6);
    const values: FieldValues = {
      ...this.base(),
      PN_CON: node.pole,
      PAC: node.pac,
      BRR: 'DISTRITO INDUSTRIAL',
      CEP: '99999-000',
      CLAS_SUB: this.ctx.codes.require('CLAS_SUB_consumer_class', this.r.chance(0.5) ? 'IN' : 'CO1'),
      TIP_CC: curve,
      FAS_CON: c.phase('ABCN'),
      GRU_TEN: c.mvGroup,
      TEN_FORN: c.mvVoltage,
      GRU_TAR: c.a4,
      SIT_ATIV: c.active,
      DAT_CON: bdgdDate(this.r.int(1990, plan.year), this.r.int(1, 12), this.r.int(1, 28)),
      CAR_INST: kva * 0.9,
      DEM_CONT: demand,
      TIP_SIST: 'RD_INTERLIG',
      COD_ID: this.ctx.hashId('UCMT', number),
    };
    for (let m = 1; m <= 12; m++) {
      const kwh = Math.round(meanKwh * this.r.range(0.85, 1.15) * 100) / 100;
      const mm = String(m).padStart(2, '0');
      values[`ENE_${mm}`] = kwh;
      values[`DEM_${mm}`] = Math.round((kwh / (730 * 0.55)) * 100) / 100;
      this.energy[m - 1] = (this.energy[m - 1] ?? 0) + kwh;
    }
    this.ctx.sink.write('UCMT_tab', values);
    this.feeder.mvConsumers++;
  }

  build(): FeederOutcome {
    const { spec, r } = this;
    const m = spec.mvSegments;
    const start = stepFrom(spec.substationAt, spec.heading, 15);
    const head: MvNode = {
      pac: this.feeder.PAC_INI,
      pole: this.ctx.newPole(start, this.feeder),
      at: start,
      angle: spec.heading,
      phases: 'ABC',
    };
    this.writeSwitch('breaker', `DJ${this.feeder.COD_ID}`, head.pac, spec.substationAt, false);
    const trunkLength = Math.max(1, Math.round(m * 0.35));
    const recloserAt = trunkLength >= 6 ? Math.round(trunkLength * 0.3) : -1;
    const regulatorAt = m >= REGULATOR_MIN_SEGMENTS ? Math.round(trunkLength * 0.6) : -1;
    const capacitorAt = m >= CAPACITOR_MIN_SEGMENTS ? Math.round(trunkLength * 0.8) : -1;
    const mvConsumerAt = m >= 40 ? Math.round(trunkLength * 0.5) : -1;
    const branchable: MvNode[] = [];
    let tip = head;
    let detour = 0;
    let detourAngle = spec.heading;
    for (let i = 0; i < trunkLength; i++) {
      if (i === recloserAt) tip = this.inline(tip, 'recloser');
      else if (i === regulatorAt) tip = this.regulator(tip);
      else if (i > 2 && r.chance(1 / 30)) tip = this.inline(tip, 'knife');
      if (detour === 0 && r.chance(0.06)) {
        detour = r.int(2, 5);
        detourAngle = spec.heading + r.pick([90, -90]);
      }
      const angle = detour > 0 ? detourAngle : spec.heading;
      if (detour > 0) detour--;
      tip = this.span(tip, angle, 'ABC');
      if (i === capacitorAt) this.capacitor(tip);
      if (i === mvConsumerAt) this.mvConsumer(tip);
      else this.maybeTransformer(tip);
      branchable.push(tip);
    }
    const trunkEnd = tip;
    let remaining = m - trunkLength;
    while (remaining > 0) {
      const parent = r.pick(branchable);
      const length = Math.min(remaining, r.int(3, 20));
      const singlePhase = r.chance(0.12);
      const phases = singlePhase ? r.pick(['B', 'C']) : 'ABC';
      let angle = parent.angle + r.pick([90, -90]);
      let lateralTip: MvNode = { ...parent, phases };
      if (singlePhase || r.chance(0.6)) lateralTip = this.inline({ ...parent, phases }, 'fuse');
      else lateralTip = { ...parent };
      for (let j = 0; j < length; j++) {
        if (j > 0 && r.chance(0.1)) angle += r.pick([90, -90]);
        lateralTip = this.span(lateralTip, angle, phases);
        if (!singlePhase) {
          branchable.push(lateralTip);
          if (r.chance(1 / 400)) {
            this.mvConsumer(lateralTip);
            continue;
          }
        }
        this.maybeTransformer(lateralTip);
      }
      remaining -= length;
    }
    this.writeFeederRow();
    return { trunkEnd };
  }

  private writeFeederRow(): void {
    const lossFactor = 1.075;
    const values: FieldValues = {
      COD_ID: this.feeder.COD_ID,
      NOME: this.feeder.NOME,
      BARR: ' ',
      SUB: this.feeder.SUB,
      PAC_INI: this.feeder.PAC_INI,
      TEN_NOM: this.ctx.code.mvVoltage,
      TEN_OPE: 1.03,
      ATIP: 0,
      RECONFIG: 0,
      DIST: this.ctx.plan.dist,
    };
    let annual = 0;
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      const load = Math.max(0, this.energy[m - 1] ?? 0);
      const injected = Math.round(load * lossFactor);
      values[`ENE_${mm}`] = injected;
      values[`PNTMT_${mm}`] = Math.round(load * 0.002);
      values[`PNTBT_${mm}`] = Math.round(load * 0.01);
      annual += injected;
    }
    values.PERD_A4 = Math.round(annual * 0.025);
    values.PERD_B = Math.round(annual * 0.025);
    values.PERD_MED = Math.round(this.feeder.lvConsumers * 12 * 0.7);
    values.PERD_A4_B = Math.round(annual * 0.013);
    this.feeder.annualEnergyKwh = annual;
    this.ctx.sink.write('CTMT', values);
  }
}

export function buildFeeder(ctx: GenerationContext, spec: FeederSpec, r: Random): FeederOutcome {
  return new FeederBuilder(ctx, spec, r).build();
}

/** Normally-open tie switch between the trunk ends of two neighbouring feeders. */
export function writeTie(
  ctx: GenerationContext,
  from: FeederManifest,
  fromEnd: NetworkNode,
  toEnd: NetworkNode,
): void {
  const c = ctx.code;
  ctx.sink.write(
    'UNSEMT',
    {
      ...ctx.common,
      CTMT: from.COD_ID,
      SUB: from.SUB,
      COD_ID: `CS_${ctx.next('UNSEMT')}`,
      PAC_1: toEnd.pac,
      PAC_2: fromEnd.pac,
      FAS_CON: c.phase('ABC'),
      SIT_ATIV: c.active,
      TIP_UNID: c.unit.knife,
      P_N_OPE: c.open,
      CAP_ELO: c.solidBlade,
      COR_NOM: c.current.a400,
      TLCD: 0,
      POS: c.own,
    },
    { kind: 'point', at: fromEnd.at },
  );
  from.switches++;
  from.openSwitches++;
}
