// Simulated field devices, pure (seeded random numbers, the clock is a parameter): for each transformer,
// the load of the consumers below it (monthly energy ENE_01..ENE_12 shaped by the CRVCRG curve of their
// class and day type), realistic voltages, per-phase currents with some imbalance, reactive power, a
// first-order thermal model for the top-oil temperature, and injected faults (overload, overheating,
// undervoltage, loss of communication).

export type DayType = 'DU' | 'SA' | 'DO';

/** Load curve of one class: 96 quarter-hour values per day type (any scale; normalised here). */
export type LoadCurves = Map<string, Partial<Record<DayType, number[]>>>;

export interface Consumer {
  tipCc: string;
  /** Monthly energy, kWh, January..December. */
  energy: number[];
}

export interface SimTransformer {
  cod: string;
  potNomKva: number | null;
  /** Rated primary voltage, kV. */
  tenPriKv: number | null;
  fases: number;
  consumers: Consumer[];
}

export type FaultKind = 'sobrecarga' | 'sobreaquecimento' | 'subtensao' | 'sem_comunicacao';

export interface SimOptions {
  seed: number;
  /** Probability, per transformer and interval, that a fault starts. */
  faultRate: number;
  intervalSeconds: number;
}

export interface SimReading {
  cod: string;
  payload: Record<string, number | string>;
}

/** Mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Brazil has had no daylight saving time since 2019: local time is UTC−3 in the South/Southeast. */
const LOCAL_OFFSET_MS = -3 * 3_600_000;

export function localParts(ms: number): {
  month: number;
  day: number;
  weekday: number;
  quarter: number;
  daysInMonth: number;
} {
  const d = new Date(ms + LOCAL_OFFSET_MS);
  const month = d.getUTCMonth();
  return {
    month,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    quarter: Math.floor((d.getUTCHours() * 60 + d.getUTCMinutes()) / 15),
    daysInMonth: new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate(),
  };
}

export function dayType(weekday: number): DayType {
  return weekday === 0 ? 'DO' : weekday === 6 ? 'SA' : 'DU';
}

/** Generic residential-like shape (per-unit of the daily mean), used when a class has no curve. */
const GENERIC = Array.from({ length: 96 }, (_, q) => {
  const h = q / 4;
  return 0.55 + 0.35 * Math.exp(-((h - 12) ** 2) / 18) + 0.9 * Math.exp(-((h - 19.5) ** 2) / 4);
});

/** Per-unit shapes (mean 1 over the day) keyed by class and day type. */
export class ShapeBook {
  private readonly shapes = new Map<string, number[]>();
  constructor(curves: LoadCurves) {
    for (const [cls, byDay] of curves) {
      for (const [day, values] of Object.entries(byDay)) {
        if (values?.length !== 96) continue;
        const mean = values.reduce((a, b) => a + b, 0) / 96;
        if (mean > 0)
          this.shapes.set(
            `${cls}|${day}`,
            values.map((v) => v / mean),
          );
      }
    }
    const mean = GENERIC.reduce((a, b) => a + b, 0) / 96;
    this.shapes.set(
      '*',
      GENERIC.map((v) => v / mean),
    );
  }
  shape(cls: string, day: DayType): number[] {
    return (
      this.shapes.get(`${cls}|${day}`) ?? this.shapes.get(`${cls}|DU`) ?? (this.shapes.get('*') as number[])
    );
  }
}

/** Active power (kW) of a consumer group at `ms`: daily energy of the month × the class shape. */
export function consumersKw(consumers: readonly Consumer[], shapes: ShapeBook, ms: number): number {
  const p = localParts(ms);
  const day = dayType(p.weekday);
  let kw = 0;
  for (const c of consumers) {
    const monthly = c.energy[p.month] ?? 0;
    if (!(monthly > 0)) continue;
    const dailyMeanKw = monthly / p.daysInMonth / 24;
    kw += dailyMeanKw * (shapes.shape(c.tipCc, day)[p.quarter] ?? 1);
  }
  return kw;
}

interface State {
  rand: () => number;
  /** Per-phase share (mean 1). */
  phaseShare: [number, number, number];
  powerFactor: number;
  topOil: number | null;
  fault: { kind: FaultKind; left: number; factor: number } | null;
}

/** A fleet of simulated devices; `step(ms)` returns the readings of one 5-minute boundary. */
export class Fleet {
  private readonly states = new Map<string, State>();
  readonly faultsStarted: Record<FaultKind, number> = {
    sobrecarga: 0,
    sobreaquecimento: 0,
    subtensao: 0,
    sem_comunicacao: 0,
  };

  constructor(
    readonly transformers: readonly SimTransformer[],
    private readonly shapes: ShapeBook,
    private readonly options: SimOptions,
  ) {
    transformers.forEach((t, i) => {
      const rand = rng(options.seed * 1_000_003 + i);
      // Spread of the per-phase shares, 1–3.5 % per unit: most transformers stay under the 10 % imbalance
      // rule, a few go over it (the rule is meant to single out the badly balanced ones).
      const imbalance = 0.01 + rand() * 0.025;
      const raw: [number, number, number] = [
        1 + imbalance * gaussian(rand),
        1 + imbalance * gaussian(rand),
        1 + imbalance * gaussian(rand),
      ].map((x) => Math.max(0.5, x)) as [number, number, number];
      const mean = (raw[0] + raw[1] + raw[2]) / 3;
      this.states.set(t.cod, {
        rand,
        phaseShare: raw.map((x) => x / mean) as [number, number, number],
        powerFactor: 0.88 + rand() * 0.08,
        topOil: null,
        fault: null,
      });
    });
  }

  step(ms: number): SimReading[] {
    const out: SimReading[] = [];
    const timestamp = new Date(ms).toISOString();
    const p = localParts(ms);
    const ambient = 22 + 6 * Math.sin(((p.quarter / 96) * 24 - 9) * (Math.PI / 12));
    const dtH = this.options.intervalSeconds / 3600;
    for (const t of this.transformers) {
      const s = this.states.get(t.cod) as State;
      const rand = s.rand;
      // faults
      if (s.fault) {
        s.fault.left--;
        if (s.fault.left <= 0) s.fault = null;
      } else if (rand() < this.options.faultRate) {
        const kinds: FaultKind[] = ['sobrecarga', 'sobreaquecimento', 'subtensao', 'sem_comunicacao'];
        const kind = kinds[Math.floor(rand() * kinds.length)] as FaultKind;
        s.fault = { kind, left: 3 + Math.floor(rand() * 10), factor: 1.3 + rand() * 0.4 };
        this.faultsStarted[kind]++;
      }
      const kva = t.potNomKva ?? 75;
      let kw =
        t.consumers.length > 0
          ? consumersKw(t.consumers, this.shapes, ms)
          : 0.3 * kva * (this.shapes.shape('*', dayType(p.weekday))[p.quarter] ?? 1);
      kw *= 1 + 0.05 * gaussian(rand);
      if (s.fault?.kind === 'sobrecarga') kw = Math.max(kw, kva) * s.fault.factor;
      kw = Math.max(0, kw);
      const pf = Math.min(0.99, Math.max(0.7, s.powerFactor + 0.01 * gaussian(rand)));
      const kvar = kw * Math.tan(Math.acos(pf));
      const kvaNow = Math.hypot(kw, kvar);
      const loading = kvaNow / kva;
      // thermal: top-oil rise (IEEE C57.91 style), first-order lag with τ = 3 h
      const R = 5;
      const rise = 55 * ((loading * loading * R + 1) / (R + 1)) ** 0.8;
      const steady = ambient + rise;
      s.topOil = s.topOil === null ? steady : s.topOil + (steady - s.topOil) * (1 - Math.exp(-dtH / 3));
      let temperature = s.topOil + 0.3 * gaussian(rand);
      if (s.fault?.kind === 'sobreaquecimento') temperature += 25 + 10 * rand();
      // voltages
      const nominalKv = t.tenPriKv ?? 13.8;
      let primary = nominalKv * (1 + 0.008 * gaussian(rand) - 0.015 * Math.min(loading, 2));
      if (s.fault?.kind === 'subtensao') primary = nominalKv * (0.82 + 0.05 * rand());
      const secondary =
        220 * (primary / nominalKv) * (1 - 0.025 * Math.min(loading, 2)) + 0.5 * gaussian(rand);
      // currents: three-phase 220/127 V; single/two-phase units carry the load on their phases only
      const phaseKva = kvaNow / Math.max(1, t.fases);
      const iPhase = (phaseKva * 1000) / (secondary / Math.sqrt(3));
      const currents = [0, 1, 2].map((k) =>
        k < t.fases ? Math.max(0, iPhase * s.phaseShare[k as 0 | 1 | 2]) : 0,
      );
      if (s.fault?.kind === 'sem_comunicacao') continue;
      out.push({
        cod: t.cod,
        payload: {
          timestamp,
          tensao_primario: round(primary, 3),
          tensao_secundario: round(secondary, 1),
          corrente_a: round(currents[0] as number, 2),
          corrente_b: round(currents[1] as number, 2),
          corrente_c: round(currents[2] as number, 2),
          potencia_ativa: round(kw, 2),
          potencia_reativa: round(kvar, 2),
          temperatura: round(temperature, 1),
        },
      });
    }
    return out;
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Start of the interval that contains `ms` (boundaries aligned to the epoch, e.g. every 5 minutes). */
export function boundary(ms: number, intervalSeconds: number): number {
  const step = intervalSeconds * 1000;
  return Math.floor(ms / step) * step;
}
