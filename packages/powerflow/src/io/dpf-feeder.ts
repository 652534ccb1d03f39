// Converter from the project's `dpf-feeder/1` reference format (IEEE test feeders, see
// ../shared/powerflow/README.md) to NetworkInput. Pure function: the caller reads and parses the file.
import type {
  BusInput,
  CapacitorInput,
  LineInput,
  LoadInput,
  LoadModel,
  MatrixImpedance,
  NetworkInput,
  RegulatorInput,
  SwitchInput,
  TransformerInput,
  WindingConnection,
} from '../model/types.ts';

const FT_TO_KM = 0.0003048;
const MILE_TO_KM = 1.609344;

interface DpfMatrixConfig {
  phases?: string;
  r_ohm_per_mile: number[][];
  x_ohm_per_mile: number[][];
  b_us_per_mile?: number[][];
}

interface DpfPhasePower {
  kw: number;
  kvar: number;
}

export interface DpfFeeder {
  schema: string;
  name?: string;
  frequency_hz?: number;
  source: { bus: string; kv_ll: number; v_pu?: number[]; angle_deg?: number[] };
  buses: { name: string; phases: string; kv_ll: number }[];
  line_configs: Record<string, DpfMatrixConfig>;
  lines: { id: string; from: string; to: string; config: string; phases: string; length_ft: number }[];
  switches?: { id: string; from: string; to: string; phases?: string; closed: boolean }[];
  transformers?: {
    id: string;
    from: string;
    to: string;
    kva: number;
    kv_ll_high: number;
    kv_ll_low: number;
    conn_high: string;
    conn_low: string;
    r_pct: number;
    x_pct: number;
  }[];
  regulators?: {
    id: string;
    from: string;
    to: string;
    phases: string;
    connection: string;
    taps_published_solution?: Record<string, number>;
    step_pu?: number;
    max_steps?: number;
    control?: {
      bandwidth_v: number;
      pt_ratio: number;
      ct_primary_a: number;
      r_setting_v: number[];
      x_setting_v: number[];
      voltage_level_v: number;
    };
  }[];
  spot_loads?: { bus: string; conn: string; model: string; phases: Record<string, DpfPhasePower> }[];
  distributed_loads?: {
    from: string;
    to: string;
    conn: string;
    model: string;
    phases: Record<string, DpfPhasePower>;
  }[];
  capacitors?: { bus: string; conn: string; kvar_at_nominal: Record<string, number> }[];
}

export interface DpfOptions {
  /** Regulator taps: the published solution (default) or all zero (for tap-control studies). */
  regulatorTaps?: 'published' | 'zero';
  /**
   * Distributed (uniform) line loads: 'third' lumps the whole load at a new bus 1/3 along the line
   * (OpenDSS IEEE 13 model, bus named by `distributedLoadBusName`); 'kersting' puts 2/3 at 1/4 of the
   * length and 1/3 at the far end (Kersting's exact lumped model).
   */
  distributedLoads?: 'third' | 'kersting';
  distributedLoadBusName?: (from: string, to: string) => string;
}

function connection(c: string): WindingConnection {
  const s = c.toLowerCase();
  if (s.startsWith('delta')) return 'delta';
  if (s.includes('grounded')) return 'wye-grounded';
  return 'wye';
}

function loadModel(model: string): LoadModel {
  if (model === 'PQ' || model === 'I' || model === 'Z') return model;
  throw new Error(`modelo de carga desconhecido: ${model}`);
}

export function networkFromDpf(feeder: DpfFeeder, options: DpfOptions = {}): NetworkInput {
  // One impedance object per line configuration (shared by its lines).
  const impedances = new Map<string, MatrixImpedance>();
  const impedanceOf = (name: string, cfg: DpfMatrixConfig): MatrixImpedance => {
    const hit = impedances.get(name);
    if (hit) return hit;
    const perKm = (mat: number[][]): number[][] => mat.map((row) => row.map((v) => v / MILE_TO_KM));
    const imp: MatrixImpedance = {
      kind: 'matrix',
      rOhmPerKm: perKm(cfg.r_ohm_per_mile),
      xOhmPerKm: perKm(cfg.x_ohm_per_mile),
      ...(cfg.b_us_per_mile ? { bMicroSiemensPerKm: perKm(cfg.b_us_per_mile) } : {}),
    };
    impedances.set(name, imp);
    return imp;
  };
  if (feeder.schema !== 'dpf-feeder/1') throw new Error(`esquema não suportado: ${feeder.schema}`);
  const buses: BusInput[] = feeder.buses.map((b) => ({ id: b.name, kvBase: b.kv_ll, phases: b.phases }));
  const busKv = new Map(feeder.buses.map((b) => [b.name, b.kv_ll]));
  const lineOf = (
    id: string,
    from: string,
    to: string,
    configName: string,
    phases: string,
    lengthFt: number,
  ): LineInput => {
    const cfg = feeder.line_configs[configName];
    if (!cfg) throw new Error(`linha ${id}: configuração ${configName} inexistente`);
    return {
      id,
      fromBus: from,
      toBus: to,
      phases,
      lengthKm: lengthFt * FT_TO_KM,
      impedance: impedanceOf(configName, cfg),
    };
  };
  const lines: LineInput[] = [];
  const loads: LoadInput[] = [];
  const addLoad = (
    id: string,
    bus: string,
    conn: string,
    model: string,
    phases: Record<string, DpfPhasePower>,
    share = 1,
  ): void => {
    const keys = Object.keys(phases);
    if (conn === 'delta' && keys.some((k) => k.length !== 2))
      throw new Error(`carga ${id}: delta exige pares de fases`);
    loads.push({
      id,
      bus,
      phases: keys,
      pKw: keys.map((k) => phases[k]!.kw * share),
      qKvar: keys.map((k) => phases[k]!.kvar * share),
      model: loadModel(model),
    });
  };
  const distributed = feeder.distributed_loads ?? [];
  const splitLines = new Map<string, (typeof distributed)[number]>();
  for (const d of distributed) splitLines.set(`${d.from}|${d.to}`, d);
  for (const l of feeder.lines) {
    const d = splitLines.get(`${l.from}|${l.to}`);
    if (!d) {
      lines.push(lineOf(l.id, l.from, l.to, l.config, l.phases, l.length_ft));
      continue;
    }
    const mode = options.distributedLoads ?? 'third';
    const fraction = mode === 'third' ? 1 / 3 : 1 / 4;
    const mid = options.distributedLoadBusName?.(l.from, l.to) ?? `${l.from}-${l.to}-dist`;
    buses.push({ id: mid, kvBase: busKv.get(l.from) ?? feeder.source.kv_ll, phases: l.phases });
    lines.push(lineOf(`${l.id}/a`, l.from, mid, l.config, l.phases, l.length_ft * fraction));
    lines.push(lineOf(`${l.id}/b`, mid, l.to, l.config, l.phases, l.length_ft * (1 - fraction)));
    if (mode === 'third') addLoad(`dist:${l.id}`, mid, d.conn, d.model, d.phases);
    else {
      addLoad(`dist:${l.id}:1`, mid, d.conn, d.model, d.phases, 2 / 3);
      addLoad(`dist:${l.id}:2`, l.to, d.conn, d.model, d.phases, 1 / 3);
    }
  }
  (feeder.spot_loads ?? []).forEach((l, i) => {
    addLoad(`${l.bus}#${i}`, l.bus, l.conn, l.model, l.phases);
  });
  const switches: SwitchInput[] = (feeder.switches ?? []).map((s) => ({
    id: s.id,
    fromBus: s.from,
    toBus: s.to,
    phases: s.phases ?? 'abc',
    closed: s.closed,
  }));
  const transformers: TransformerInput[] = (feeder.transformers ?? []).map((t) => ({
    id: t.id,
    kind: 'three-phase',
    fromBus: t.from,
    toBus: t.to,
    kva: t.kva,
    kvHigh: t.kv_ll_high,
    kvLow: t.kv_ll_low,
    connHigh: connection(t.conn_high),
    connLow: connection(t.conn_low),
    rPct: t.r_pct,
    xPct: t.x_pct,
  }));
  const regulators: RegulatorInput[] = (feeder.regulators ?? []).map((r) => {
    const ganged = r.connection.toLowerCase().includes('ganged');
    const conn = r.connection.toLowerCase();
    const connectionKind = conn.startsWith('closed')
      ? 'closed-delta'
      : conn.startsWith('open')
        ? 'open-delta'
        : 'wye';
    const phases = r.phases.split('');
    const taps =
      options.regulatorTaps === 'zero'
        ? phases.map(() => 0)
        : phases.map((p) => r.taps_published_solution?.[p] ?? 0);
    const c = r.control;
    return {
      id: r.id,
      fromBus: r.from,
      toBus: r.to,
      connection: connectionKind,
      phases: r.phases,
      taps,
      ganged,
      ...(r.step_pu !== undefined ? { stepPu: r.step_pu } : {}),
      ...(r.max_steps !== undefined ? { maxSteps: r.max_steps } : {}),
      ...(c
        ? {
            control: {
              vregV: c.voltage_level_v,
              bandwidthV: c.bandwidth_v,
              ptRatio: c.pt_ratio,
              ctPrimaryA: c.ct_primary_a,
              rV: c.r_setting_v,
              xV: c.x_setting_v,
            },
          }
        : {}),
    };
  });
  const capacitors: CapacitorInput[] = (feeder.capacitors ?? []).map((c, i) => {
    const keys = Object.keys(c.kvar_at_nominal);
    return {
      id: `cap-${c.bus}#${i}`,
      bus: c.bus,
      phases: keys,
      kvar: keys.map((k) => c.kvar_at_nominal[k]!),
    };
  });
  const src = feeder.source;
  return {
    name: feeder.name ?? 'dpf',
    frequencyHz: feeder.frequency_hz ?? 60,
    buses,
    source: { bus: src.bus, vPu: src.v_pu ?? [1, 1, 1], angleDeg: src.angle_deg ?? [0, -120, 120] },
    lines,
    switches,
    transformers,
    regulators,
    capacitors,
    loads,
  };
}
