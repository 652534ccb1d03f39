// LV side of one MV/LV transformer: the SSDBT street network fed from the transformer bus (PAC_2),
// service drops (RAMLIG), LV consumers (UCBT_tab), prosumers (UGBT_tab) and public lighting (PIP).
import { LV_CONSUMER_CLASSES } from './catalog.ts';
import { bdgdDate, daysInMonth, type GenerationContext, type NetworkNode } from './context.ts';
import type { FieldValues } from './features.ts';
import { offset } from './geodesy.ts';
import type { FeederManifest } from './manifest.ts';
import type { Random } from './random.ts';

export interface LvSupply {
  unitId: string;
  feederId: string;
  sub: string;
  bus: NetworkNode;
  /** FAS_CON of the LV spans. */
  spanPhases: string;
  /** FAS_CON options of drops/consumers with weights. */
  dropPhases: ReadonlyArray<readonly [string, number]>;
  /** TTEN code for single-phase and multi-phase supplies. */
  singlePhaseVoltage: string;
  multiPhaseVoltage: string;
  segments: number;
}

const MONTHS = 12;
const ENE_KEYS = Array.from({ length: MONTHS }, (_, i) => `ENE_${String(i + 1).padStart(2, '0')}`);
const SEASONAL = Array.from({ length: MONTHS }, (_, i) => seasonal(i + 1));
const CLASS_WEIGHTS = LV_CONSUMER_CLASSES.map((c) => [c, c.weight] as const);

/** Seasonal factor of month m (1–12): southern-hemisphere summer peak. */
function seasonal(month: number): number {
  return 1 + 0.12 * Math.cos((2 * Math.PI * (month - 1)) / 12);
}

function step(node: NetworkNode, angle: number, metres: number): NetworkNode['at'] {
  const rad = (angle * Math.PI) / 180;
  return offset(node.at, metres * Math.cos(rad), metres * Math.sin(rad));
}

export function buildLvNetwork(
  ctx: GenerationContext,
  supply: LvSupply,
  feeder: FeederManifest,
  energy: number[],
  r: Random,
): void {
  const branchable: NetworkNode[] = [];
  let tip = supply.bus;
  for (let k = 0; k < supply.segments; k++) {
    let parent: NetworkNode;
    let angle: number;
    if (k < 2) {
      parent = supply.bus;
      angle = supply.bus.angle + 180 * k;
    } else if (r.chance(0.72)) {
      parent = tip;
      angle = r.chance(0.08) ? tip.angle + r.pick([90, -90]) : tip.angle;
    } else {
      parent = r.pick(branchable);
      angle = parent.angle + r.pick([90, -90]);
    }
    const at = step(parent, angle, r.range(25, 40));
    const child: NetworkNode = { pac: `BT${ctx.next('lvNode')}`, pole: ctx.newPole(at, feeder), at, angle };
    feeder.lvLengthMetres += ctx.writeSpan('SSDBT', parent, child, {
      UNI_TR_MT: supply.unitId,
      CTMT: supply.feederId,
      CT_COD_OP: supply.feederId,
      SUB: supply.sub,
      FAS_CON: supply.spanPhases,
      TIP_CND: r.chance(0.6) ? 'MX70' : 'MX35',
    });
    feeder.lvSegments++;
    branchable.push(child);
    tip = child;
    attachLoads(ctx, supply, child, feeder, energy, r);
  }
}

function attachLoads(
  ctx: GenerationContext,
  supply: LvSupply,
  node: NetworkNode,
  feeder: FeederManifest,
  energy: number[],
  r: Random,
): void {
  const drops = r.weighted([
    [0, 15],
    [1, 35],
    [2, 30],
    [3, 20],
  ] as const);
  for (let d = 0; d < drops; d++) {
    const dropNumber = ctx.next('RAMLIG');
    const dropPhases = r.weighted(supply.dropPhases);
    const drop = { pac: `UC${dropNumber}`, id: String(dropNumber) };
    ctx.sink.write('RAMLIG', {
      ...ctx.common,
      COD_ID: drop.id,
      PN_CON_1: node.pole,
      PN_CON_2: ' ',
      PAC_1: drop.pac,
      PAC_2: node.pac,
      UNI_TR_MT: supply.unitId,
      CTMT: supply.feederId,
      FAS_CON: dropPhases,
      SUB: supply.sub,
      TIP_INST: ctx.code.overheadUrban,
      TIP_CND: dropPhases.length > 2 ? 'QX16' : 'DX10',
      POS: ctx.code.own,
      SITCONT: ctx.code.inService,
      COMP: Math.round(r.range(4, 32) * 100) / 100,
    });
    feeder.serviceDrops++;
    const consumers = r.weighted([
      [1, 65],
      [2, 15],
      [3, 8],
      [4, 5],
      [6, 4],
      [10, 3],
    ] as const);
    for (let c = 0; c < consumers; c++) {
      writeLvConsumer(ctx, supply, node, drop, dropPhases, feeder, energy, r);
    }
  }
  if (r.chance(0.8)) writeLighting(ctx, supply, node, feeder, energy, r);
}

function writeLvConsumer(
  ctx: GenerationContext,
  supply: LvSupply,
  node: NetworkNode,
  drop: { pac: string; id: string },
  phases: string,
  feeder: FeederManifest,
  energy: number[],
  r: Random,
): void {
  const number = ctx.next('UCBT_tab');
  const cls = r.weighted(CLASS_WEIGHTS);
  const mean = cls.meanKwh * r.logNormal(0.55);
  const curveIndex =
    cls.curvePrefix === 'RES'
      ? Math.min(cls.curveCount, Math.max(1, Math.ceil(mean / 40)))
      : r.int(1, cls.curveCount);
  const curve = ctx.useCurve(`${cls.curvePrefix}_${curveIndex}`, ctx.code.lvGroup);
  const singlePhase = phases.length <= 2;
  const values: FieldValues = {
    ...ctx.common,
    PAC: drop.pac,
    RAMAL: drop.id,
    PN_CON: node.pole,
    UNI_TR_MT: supply.unitId,
    CTMT: supply.feederId,
    SUB: supply.sub,
    BRR: 'CENTRO',
    CEP: '99999-000',
    CLAS_SUB: cls.clasSub,
    TIP_CC: curve,
    FAS_CON: phases,
    GRU_TEN: ctx.code.lvGroup,
    TEN_FORN: singlePhase ? supply.singlePhaseVoltage : supply.multiPhaseVoltage,
    GRU_TAR: cls.gruTar,
    SIT_ATIV: ctx.code.active,
    DAT_CON: bdgdDate(r.int(1985, ctx.plan.year), r.int(1, 12), r.int(1, 28)),
    CAR_INST: Math.round(r.range(3, 15) * (cls.meanKwh / 170) * 10) / 10,
    TIP_SIST: 'RD_INTERLIG',
    SEMRED: 0,
    COD_ID: ctx.hashId('UCBT', number),
  };
  for (let m = 1; m <= MONTHS; m++) {
    const kwh = Math.round(mean * (SEASONAL[m - 1] ?? 1) * r.range(0.85, 1.15) * 100) / 100;
    values[ENE_KEYS[m - 1] ?? ''] = kwh;
    energy[m - 1] = (energy[m - 1] ?? 0) + kwh;
  }
  feeder.lvConsumers++;
  if (r.chance(0.065)) {
    const gdNumber = ctx.next('UGBT_tab');
    const ceg = `GD.XX.${String(Math.floor(gdNumber / 1000000) % 1000).padStart(3, '0')}.${String(Math.floor(gdNumber / 1000) % 1000).padStart(3, '0')}.${String(gdNumber % 1000).padStart(3, '0')}`;
    values.CEG_GD = ceg;
    writeProsumer(
      ctx,
      supply,
      node,
      drop.pac,
      phases,
      values.TEN_FORN as string,
      ceg,
      gdNumber,
      feeder,
      energy,
      r,
    );
  }
  ctx.sink.write('UCBT_tab', values);
}

function writeProsumer(
  ctx: GenerationContext,
  supply: LvSupply,
  node: NetworkNode,
  pac: string,
  phases: string,
  voltage: string,
  ceg: string,
  number: number,
  feeder: FeederManifest,
  energy: number[],
  r: Random,
): void {
  const kw = Math.round(r.range(2.5, 10) * 10) / 10;
  const values: FieldValues = {
    ...ctx.common,
    PN_CON: node.pole,
    PAC: pac,
    CEG_GD: ceg,
    UNI_TR_MT: supply.unitId,
    CTMT: supply.feederId,
    SUB: supply.sub,
    BRR: 'CENTRO',
    CEP: '99999-000',
    FAS_CON: phases,
    GRU_TEN: ctx.code.lvGroup,
    TEN_CON: voltage,
    SIT_ATIV: ctx.code.active,
    DAT_CON: bdgdDate(r.int(2015, ctx.plan.year), r.int(1, 12), r.int(1, 28)),
    POT_INST: kw,
    TIP_SIST: 'RD_INTERLIG',
    COD_ID: ctx.hashId('UGBT', number),
  };
  for (let m = 1; m <= MONTHS; m++) {
    const kwh = Math.round(kw * 4.2 * daysInMonth(ctx.plan.year, m) * seasonal(m) * 0.5 * 100) / 100;
    values[`ENE_${String(m).padStart(2, '0')}`] = kwh;
    energy[m - 1] = (energy[m - 1] ?? 0) - kwh;
  }
  feeder.lvGenerators++;
  ctx.sink.write('UGBT_tab', values);
}

function writeLighting(
  ctx: GenerationContext,
  supply: LvSupply,
  node: NetworkNode,
  feeder: FeederManifest,
  energy: number[],
  r: Random,
): void {
  const watts = r.pick([40, 58, 96, 150]);
  const values: FieldValues = {
    ...ctx.common,
    COD_ID: String(ctx.next('PIP')),
    SUB: supply.sub,
    CTMT: supply.feederId,
    UNI_TR_MT: supply.unitId,
    PN_CON: node.pole,
    CLAS_SUB: ctx.code.lighting.clasSub,
    FAS_CON: r.weighted(supply.dropPhases.filter(([p]) => p.length === 2)),
    GRU_TEN: ctx.code.lvGroup,
    TEN_FORN: supply.singlePhaseVoltage,
    GRU_TAR: ctx.code.lighting.gruTar,
    SIT_ATIV: ctx.code.active,
    PAC: node.pac,
    TIP_CC: ctx.useCurve('IP_1', ctx.code.lvGroup),
    CAR_INST: watts / 1000,
    TIPO_LAMP: ctx.code.lighting.lamp,
    POT_LAMP: watts,
    CONTROLE: 1,
    TIP_SIST: 'RD_INTERLIG',
    DAT_CON: bdgdDate(r.int(2000, ctx.plan.year), r.int(1, 12), r.int(1, 28)),
  };
  for (let m = 1; m <= MONTHS; m++) {
    const kwh = Math.round(((watts * 12 * daysInMonth(ctx.plan.year, m)) / 1000) * 100) / 100;
    values[`ENE_${String(m).padStart(2, '0')}`] = kwh;
    energy[m - 1] = (energy[m - 1] ?? 0) + kwh;
  }
  feeder.publicLighting++;
  ctx.sink.write('PIP', values);
}
