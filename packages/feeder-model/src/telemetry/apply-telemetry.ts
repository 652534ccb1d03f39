// Replaces the estimated loads below a transformer by its measured P and Q. The measurement is taken as the power
// leaving the transformer at its secondary terminals (everything downstream: loads, LV network losses, net of
// LV generation). Two steps:
// 1. `applyTelemetry` (pure, before the network is compiled): the aggregated loads fed by the transformer are
//    scaled so that their sum equals the measurement and become constant power (a measured power is the power
//    at the actual voltage); its LV generators are set to zero (the measurement is the net flow). A transformer
//    with no estimated load gets one PQ load at its secondary bus.
// 2. `correctForLvLosses` (after a solve): the loads are shifted by the difference between the measurement and
//    the solved secondary power, so that the LV losses are on top of the loads, not inside them. runFeeder
//    repeats solve + correction until the secondary power matches the measurement.
import type { LoadInput, Network, PowerFlowResult } from '@rede-eletrica/powerflow';
import type { FeederModel } from '../model/build-feeder.ts';
import type { TransformerReading } from './source.ts';

export interface TelemetryUse {
  transformadores_medidos: number;
  transformadores_consultados: number;
  /** COD_ID of the transformers whose measurement replaced the estimate (sorted, at most 50). */
  codigos: string[];
}

/** A measured transformer and the loads (ids in `model.input.loads`) that now represent it. */
export interface MeasuredTransformer {
  code: string;
  branchId: string;
  pKw: number;
  qKvar: number;
  loadIds: string[];
}

export interface AppliedTelemetry extends TelemetryUse {
  measured: MeasuredTransformer[];
}

export function applyTelemetry(
  model: FeederModel,
  readings: Map<string, TransformerReading>,
): AppliedTelemetry {
  const measured: MeasuredTransformer[] = [];
  const loads = [...(model.input.loads ?? [])];
  const generators = [...(model.input.generators ?? [])];
  const lvBusOf = new Map<string, string>();
  for (const t of model.input.transformers ?? []) lvBusOf.set(t.id.replace(/^untrd:/, ''), t.toBus);
  const transformerOfLoad = new Map(model.loads.map((l) => [l.id, l.transformer]));
  const transformerOfGen = new Map(model.generators.map((g) => [g.id, g.transformer]));
  for (const [code, reading] of readings) {
    const lvBus = lvBusOf.get(code);
    if (!lvBus) continue;
    const mine = loads.map((l, i) => [l, i] as const).filter(([l]) => transformerOfLoad.get(l.id) === code);
    const pSum = mine.reduce((s, [l]) => s + l.pKw.reduce((a, b) => a + b, 0), 0);
    const loadIds: string[] = [];
    if (pSum > 0) {
      const kp = reading.pKw / pSum;
      for (const [l, i] of mine) {
        const share = l.pKw.reduce((a, b) => a + b, 0) / pSum;
        const n = l.pKw.length;
        loads[i] = {
          ...l,
          pKw: l.pKw.map((p) => p * kp),
          // Q follows the same share of the load as P (the estimate's power factor is not kept)
          qKvar: l.pKw.map(() => (reading.qKvar * share) / n),
          model: 'PQ',
        };
        loadIds.push(l.id);
      }
    } else {
      const bus = model.buses.get(lvBus);
      const phases = bus?.splitPhase ? ['ab'] : [...(bus?.phases ?? 'abc')];
      const extra: LoadInput = {
        id: `telemetria:${code}`,
        bus: lvBus,
        phases,
        pKw: phases.map(() => reading.pKw / phases.length),
        qKvar: phases.map(() => reading.qKvar / phases.length),
        model: 'PQ',
      };
      loads.push(extra);
      loadIds.push(extra.id);
    }
    generators.forEach((g, i) => {
      if (transformerOfGen.get(g.id) === code) generators[i] = { ...g, pKw: g.pKw.map(() => 0) };
    });
    measured.push({ code, branchId: `untrd:${code}`, pKw: reading.pKw, qKvar: reading.qKvar, loadIds });
  }
  model.input = { ...model.input, loads, generators };
  const codes = measured.map((m) => m.code).sort();
  return {
    transformadores_medidos: measured.length,
    transformadores_consultados: lvBusOf.size,
    codigos: codes.slice(0, 50),
    measured,
  };
}

/** Shifts the loads of every measured transformer whose solved secondary power is off the measurement by more
 * than `toleranceKw` (kW or kvar), on the compiled network and in `model.input`. Returns the largest mismatch
 * found (before the shift). */
export function correctForLvLosses(
  model: FeederModel,
  net: Network,
  result: PowerFlowResult,
  measured: readonly MeasuredTransformer[],
  toleranceKw = 0,
): number {
  const branches = new Map((result.branches ?? []).map((b) => [b.id, b]));
  const loads = [...(model.input.loads ?? [])];
  const index = new Map(loads.map((l, i) => [l.id, i]));
  let worst = 0;
  for (const m of measured) {
    const b = branches.get(m.branchId);
    if (!b) continue;
    // power delivered at the secondary = minus the power entering the element at its "to" end
    const pSec = -b.pToKw.reduce((a, v) => a + v, 0);
    const qSec = -b.qToKvar.reduce((a, v) => a + v, 0);
    const dP = m.pKw - pSec;
    const dQ = m.qKvar - qSec;
    worst = Math.max(worst, Math.abs(dP), Math.abs(dQ));
    if (Math.abs(dP) <= toleranceKw && Math.abs(dQ) <= toleranceKw) continue;
    const mine = m.loadIds.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    const pTotal = mine.reduce((s, i) => s + (loads[i] as LoadInput).pKw.reduce((a, v) => a + v, 0), 0);
    for (const i of mine) {
      const l = loads[i] as LoadInput;
      const n = l.pKw.length;
      const share = pTotal !== 0 ? l.pKw.reduce((a, v) => a + v, 0) / pTotal : 1 / mine.length;
      const updated: LoadInput = {
        ...l,
        pKw: l.pKw.map((p) => p + (dP * share) / n),
        qKvar: l.qKvar.map((q) => q + (dQ * share) / n),
      };
      loads[i] = updated;
      net.setLoadPower(updated.id, updated.pKw, updated.qKvar);
    }
  }
  model.input = { ...model.input, loads };
  return worst;
}
