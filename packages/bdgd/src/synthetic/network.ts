// Pure generation of a whole synthetic distributor: substations on a grid, feeders radiating from each
// one, normally-open ties between neighbouring feeders, reference tables (SEGCON, CRVCRG, BASE) and
// area polygons (SUB, CONJ, ARAT). Writes to any FeatureSink; no I/O of its own.
import { CONDUCTORS, segconRow } from './catalog.ts';
import type { CodeTables } from './codeTables.ts';
import { bdgdDate, GenerationContext, type NetworkNode, type NetworkPlan, resolveCodes } from './context.ts';
import type { FeatureSink } from './features.ts';
import { type LonLat, offset } from './geodesy.ts';
import { crvcrgRow, DAY_TYPES } from './loadCurves.ts';
import { emptyFeederManifest, type FeederManifest } from './manifest.ts';
import { buildFeeder, writeTie } from './mediumVoltage.ts';
import { Random } from './random.ts';

export interface NetworkSummary {
  feeders: FeederManifest[];
  substations: number;
}

const SUBSTATION_SPACING_M = 9000;

function square(centre: LonLat, halfSide: number): LonLat[] {
  const corners = [
    offset(centre, -halfSide, -halfSide),
    offset(centre, -halfSide, halfSide),
    offset(centre, halfSide, halfSide),
    offset(centre, halfSide, -halfSide),
  ];
  return [...corners, corners[0] as LonLat];
}

export function generateNetwork(
  plan: NetworkPlan,
  codes: CodeTables,
  sink: FeatureSink,
  onFeeder?: (done: number) => void,
): NetworkSummary {
  const ctx = new GenerationContext(plan, codes, resolveCodes(codes), sink);
  const root = new Random(plan.seed);
  const substationCount = Math.ceil(plan.feeders / plan.feedersPerSubstation);
  const columns = Math.ceil(Math.sqrt(substationCount));
  const feeders: FeederManifest[] = [];

  sink.write('BASE', {
    DIST: plan.dist,
    DAT_INC: bdgdDate(plan.year, 1, 1),
    DAT_FNL: bdgdDate(plan.year, 12, 31),
    DAT_EXT: bdgdDate(plan.year, 12, 31),
    DESCR: `BDGD SINTETICA ${plan.year}`,
  });
  for (const conductor of CONDUCTORS) sink.write('SEGCON', segconRow(conductor, codes, plan.dist));

  for (let s = 0; s < substationCount; s++) {
    const subId = `SE${String(s + 1).padStart(3, '0')}`;
    const at = offset(
      plan.origin,
      (s % columns) * SUBSTATION_SPACING_M,
      Math.floor(s / columns) * SUBSTATION_SPACING_M,
    );
    sink.write(
      'SUB',
      { COD_ID: subId, DIST: plan.dist, POS: ctx.code.own, NOME: `SUBESTACAO SINTETICA ${s + 1}` },
      { kind: 'polygon', ring: square(at, 40) },
    );
    sink.write('BAY', {
      COD_ID: `BAY_${subId}`,
      DIST: plan.dist,
      SUB_GRP: codes.require('SUB_GRP_subgroup', 'A4'),
      POS: ctx.code.own,
      SUB: subId,
      TIP_BAY: 1,
    });
    const first = s * plan.feedersPerSubstation;
    const count = Math.min(plan.feedersPerSubstation, plan.feeders - first);
    const trunkEnds: Array<{ manifest: FeederManifest; end: NetworkNode }> = [];
    for (let k = 0; k < count; k++) {
      const index = first + k;
      const codId = `${subId}_AL${String(k + 1).padStart(2, '0')}`;
      const manifest = emptyFeederManifest(
        codId,
        `${subId.replace('SE', 'AL')}${String(k + 1).padStart(2, '0')}`,
        subId,
      );
      const heading = (360 / count) * k + 45 * (s % 2);
      const outcome = buildFeeder(
        ctx,
        { manifest, index, substationAt: at, heading, mvSegments: plan.mvSegmentsPerFeeder },
        root.fork(index),
      );
      trunkEnds.push({ manifest, end: outcome.trunkEnd });
      feeders.push(manifest);
      onFeeder?.(feeders.length);
    }
    for (let k = 0; k + 1 < trunkEnds.length; k++) {
      const from = trunkEnds[k];
      const to = trunkEnds[k + 1];
      if (from && to) writeTie(ctx, from.manifest, from.end, to.end);
    }
  }

  for (const [id, voltageGroup] of [...ctx.usedCurves].sort(([a], [b]) => a.localeCompare(b))) {
    codes.require('TIP_CC_load_curves_mux2024', id, 'tip_cc');
    for (const day of DAY_TYPES) sink.write('CRVCRG', crvcrgRow(id, day, voltageGroup, plan.dist));
  }

  const e = ctx.extent;
  const margin = 0.002;
  const area: LonLat[] = [
    { lon: e.minLon - margin, lat: e.minLat - margin },
    { lon: e.minLon - margin, lat: e.maxLat + margin },
    { lon: e.maxLon + margin, lat: e.maxLat + margin },
    { lon: e.maxLon + margin, lat: e.minLat - margin },
    { lon: e.minLon - margin, lat: e.minLat - margin },
  ];
  sink.write(
    'CONJ',
    { COD_ID: 1, DIST: plan.dist, NOME: 'CONJUNTO SINTETICO', SIST_INTE: 1, SIST_SUBT: 0 },
    { kind: 'polygon', ring: area },
  );
  sink.write(
    'ARAT',
    { COD_ID: String(plan.dist), DIST: plan.dist, FUN_PR: 1, FUN_TE: 1 },
    { kind: 'polygon', ring: area },
  );
  return { feeders, substations: substationCount };
}
