// Converter for the power-grid-model benchmark network (pgm-benchmark-1001.json): 10 kV cable feeders
// with sequence data and asymmetric wye constant-power loads. Pure function.
import type { NetworkInput } from '../model/types.ts';

export interface PgmBenchmark {
  frequency_hz: number;
  u_rated_kv_line_to_line: number;
  source: { node: number; u_ref_pu: number; angle_deg: number };
  cable_per_km: {
    r1_ohm: number;
    x1_ohm: number;
    c1_uF: number;
    r0_ohm: number;
    x0_ohm: number;
    c0_uF: number;
    rated_current_a: number;
  };
  lines: { id: number; from: number; to: number; length_km: number }[];
  loads: { node: number; p_kw: number[]; q_kvar: number[] }[];
  time_series?: { steps: number };
}

export function networkFromPgmBenchmark(data: PgmBenchmark): NetworkInput {
  const kv = data.u_rated_kv_line_to_line;
  const nodes = new Set<number>([data.source.node]);
  for (const l of data.lines) {
    nodes.add(l.from);
    nodes.add(l.to);
  }
  const c = data.cable_per_km;
  // One shared impedance object: the builder inverts its per-km matrix once for all lines.
  const impedance = {
    kind: 'sequence' as const,
    r1: c.r1_ohm,
    x1: c.x1_ohm,
    r0: c.r0_ohm,
    x0: c.x0_ohm,
    c1NanoFaradPerKm: c.c1_uF * 1000,
    c0NanoFaradPerKm: c.c0_uF * 1000,
  };
  return {
    name: 'pgm-benchmark',
    frequencyHz: data.frequency_hz,
    buses: [...nodes].sort((a, b) => a - b).map((n) => ({ id: String(n), kvBase: kv, phases: 'abc' })),
    source: { bus: String(data.source.node), vPu: data.source.u_ref_pu, angleDeg: data.source.angle_deg },
    lines: data.lines.map((l) => ({
      id: `L${l.id}`,
      fromBus: String(l.from),
      toBus: String(l.to),
      phases: 'abc',
      lengthKm: l.length_km,
      ratedCurrentA: c.rated_current_a,
      impedance,
    })),
    loads: data.loads.map((l, i) => ({
      id: `load${i}`,
      bus: String(l.node),
      phases: ['a', 'b', 'c'],
      pKw: l.p_kw,
      qKvar: l.q_kvar,
      model: 'PQ',
    })),
  };
}
