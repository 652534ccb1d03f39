// Replaces the estimated loads below a transformer by its measured P and Q: the aggregated loads fed by the
// transformer are scaled so that their sum equals the measurement (LV losses are therefore inside the measured
// value — a slight overestimate of the loads), and its LV generators are set to zero (the measurement is the
// net flow). A transformer with no estimated load gets one PQ load at its secondary bus.
import type { LoadInput } from '@rede-eletrica/powerflow';
import type { FeederModel } from '../model/build-feeder.ts';
import type { TransformerReading } from './source.ts';

export interface TelemetryUse {
  transformadores_medidos: number;
  transformadores_consultados: number;
  codigos: string[];
}

export function applyTelemetry(model: FeederModel, readings: Map<string, TransformerReading>): TelemetryUse {
  const used: string[] = [];
  const loads = [...(model.input.loads ?? [])];
  const generators = [...(model.input.generators ?? [])];
  const lvBusOf = new Map<string, string>();
  for (const t of model.input.transformers ?? []) lvBusOf.set(t.id.replace(/^untrd:/, ''), t.toBus);
  const transformerOfLoad = new Map(model.loads.map((l) => [l.id, l.transformer]));
  const transformerOfGen = new Map(model.generators.map((g) => [g.id, g.transformer]));
  for (const [code, reading] of readings) {
    const lvBus = lvBusOf.get(code);
    if (!lvBus) continue;
    used.push(code);
    const mine = loads.map((l, i) => [l, i] as const).filter(([l]) => transformerOfLoad.get(l.id) === code);
    const pSum = mine.reduce((s, [l]) => s + l.pKw.reduce((a, b) => a + b, 0), 0);
    const qSum = mine.reduce((s, [l]) => s + l.qKvar.reduce((a, b) => a + b, 0), 0);
    if (pSum > 0) {
      const kp = reading.pKw / pSum;
      const kq = qSum > 0 ? reading.qKvar / qSum : 0;
      for (const [l, i] of mine) {
        loads[i] = {
          ...l,
          pKw: l.pKw.map((p) => p * kp),
          qKvar:
            qSum > 0
              ? l.qKvar.map((q) => q * kq)
              : l.pKw.map(() => reading.qKvar / l.pKw.length / mine.length),
        };
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
    }
    generators.forEach((g, i) => {
      if (transformerOfGen.get(g.id) === code) generators[i] = { ...g, pKw: g.pKw.map(() => 0) };
    });
  }
  model.input = { ...model.input, loads, generators };
  return {
    transformadores_medidos: used.length,
    transformadores_consultados: lvBusOf.size,
    codigos: used.slice(0, 50),
  };
}
