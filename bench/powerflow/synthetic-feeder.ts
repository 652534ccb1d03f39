// Deterministic synthetic unbalanced distribution feeders in the shape of Brazilian BDGD networks:
// 13.8 kV radial trunk with 3-, 2- and 1-phase branches and single-wire earth-return (MRT) laterals, a
// step-voltage regulator, capacitor banks, MV/LV transformers (Dyn three-phase, single-phase L–N,
// MRT and centre-tapped split-phase 220/440 V) with small LV networks, ZIP loads (PRODIST 50 % P / 50 % Z)
// and rooftop DG.
import type {
  BusInput,
  CapacitorInput,
  GeneratorInput,
  LineInput,
  LoadInput,
  NetworkInput,
  RegulatorInput,
  TransformerInput,
} from '../../packages/powerflow/src/index.ts';

/** Small deterministic PRNG (mulberry32). */
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

const MV = 13.8;
const MV_SEQ = {
  kind: 'sequence' as const,
  r1: 0.304,
  x1: 0.387,
  r0: 0.482,
  x0: 1.62,
  c1NanoFaradPerKm: 9,
  c0NanoFaradPerKm: 4,
};
const LV_SEQ = { kind: 'sequence' as const, r1: 0.64, x1: 0.1, r0: 1.9, x0: 0.4 };
const ZIP = { p: [0.5, 0, 0.5] as [number, number, number], q: [1, 0, 0] as [number, number, number] };

export interface SyntheticOptions {
  /** Approximate total number of buses (MV + LV). */
  buses: number;
  seed?: number;
}

export function syntheticFeeder({ buses: target, seed = 1 }: SyntheticOptions): NetworkInput {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const buses: BusInput[] = [
    { id: 'src', kvBase: MV, phases: 'abc' },
    { id: 'reg', kvBase: MV, phases: 'abc' },
  ];
  const lines: LineInput[] = [];
  const transformers: TransformerInput[] = [];
  const loads: LoadInput[] = [];
  const generators: GeneratorInput[] = [];
  const capacitors: CapacitorInput[] = [];
  const regulators: RegulatorInput[] = [
    { id: 'RG', fromBus: 'src', toBus: 'reg', connection: 'wye', phases: 'abc', taps: [4, 4, 4] },
  ];
  // MV buses with their phases ('abc', 'ab', 'a', …) and whether they are MRT (earth return).
  const mv: { id: string; phases: string; mrt: boolean }[] = [{ id: 'reg', phases: 'abc', mrt: false }];
  const mvShare = 0.35;
  let n = 2;
  let lvCount = 0;
  const loadScale = Math.min(1, 3000 / target); // keep the feeder around a few MW regardless of size
  while (n < target) {
    // Grow the MV tree mostly from recent buses (long laterals), sometimes from anywhere.
    const parent = rand() < 0.7 ? mv[Math.max(0, mv.length - 1 - Math.floor(rand() * 8))]! : pick(mv);
    const makeMv = n < target * mvShare || rand() < 0.3;
    if (makeMv) {
      let phases = parent.phases;
      let mrt = parent.mrt;
      const r = rand();
      if (phases.length === 3 && r < 0.12) phases = pick(['ab', 'bc', 'ca']);
      else if (phases.length >= 2 && r < 0.25) phases = pick(phases.split(''));
      else if (phases.length === 3 && r < 0.3) {
        phases = pick(['a', 'b', 'c']);
        mrt = true;
      }
      const id = `m${n}`;
      buses.push({ id, kvBase: MV, phases });
      lines.push({
        id: `lm${n}`,
        fromBus: parent.id,
        toBus: id,
        phases,
        lengthKm: 0.04 + rand() * 0.12,
        impedance: MV_SEQ,
        ratedCurrentA: 300,
      });
      mv.push({ id, phases, mrt });
      n++;
      if (phases.length === 3 && rand() < 0.05) {
        loads.push({
          id: `mvl${n}`,
          bus: id,
          phases: ['a', 'b', 'c'],
          pKw: [60, 50, 55],
          qKvar: [20, 18, 19],
          model: 'PQ',
        });
      }
      if (phases.length === 3 && rand() < 0.004) {
        capacitors.push({ id: `cap${n}`, bus: id, phases: ['a', 'b', 'c'], kvar: [100, 100, 100] });
      }
      continue;
    }
    // MV/LV transformer with a small LV network.
    const lvBus = `t${n}`;
    const lvPhases: string[] = [];
    let split = false;
    if (parent.phases.length === 3 && rand() < 0.6) {
      transformers.push({
        id: `T${n}`,
        kind: 'three-phase',
        fromBus: parent.id,
        toBus: lvBus,
        kva: pick([45, 75, 112.5]),
        kvHigh: MV,
        kvLow: 0.38,
        connHigh: 'delta',
        connLow: 'wye-grounded',
        rPct: 1.8,
        xPct: 3.5,
        noLoadLossKw: 0.25,
        tapHighPu: 1.0,
      });
      buses.push({ id: lvBus, kvBase: 0.38, phases: 'abc' });
      lvPhases.push('a', 'b', 'c');
    } else if (rand() < 0.5) {
      const ph = parent.phases[0]!;
      transformers.push({
        id: `T${n}`,
        kind: 'center-tap',
        fromBus: parent.id,
        toBus: lvBus,
        kva: pick([10, 15, 25]),
        kvHigh: MV / Math.sqrt(3),
        kvLow: 0.44,
        highTerminals: ph,
        rPct: 2.2,
        xPct: 2.5,
        noLoadLossKw: 0.06,
      });
      buses.push({ id: lvBus, kvBase: 0.44, phases: 'ab', splitPhase: true });
      lvPhases.push('a', 'b');
      split = true;
    } else {
      const ph = parent.phases[0]!;
      transformers.push({
        id: `T${n}`,
        kind: 'single-phase',
        fromBus: parent.id,
        toBus: lvBus,
        kva: pick([10, 15, 25]),
        kvHigh: MV / Math.sqrt(3),
        kvLow: 0.22,
        highTerminals: ph,
        lowTerminals: 'a',
        rPct: 2.2,
        xPct: 2.5,
        noLoadLossKw: 0.06,
      });
      buses.push({ id: lvBus, kvBase: 0.38, phases: 'a' });
      lvPhases.push('a');
    }
    n++;
    const lvSize = 2 + Math.floor(rand() * 8);
    let prev = lvBus;
    for (let k = 0; k < lvSize && n < target; k++) {
      const id = `b${n}`;
      const kv = split ? 0.44 : 0.38;
      buses.push({ id, kvBase: kv, phases: lvPhases.join(''), ...(split ? { splitPhase: true } : {}) });
      lines.push({
        id: `lb${n}`,
        fromBus: rand() < 0.7 ? prev : lvBus,
        toBus: id,
        phases: lvPhases.join(''),
        lengthKm: 0.02 + rand() * 0.03,
        impedance: LV_SEQ,
        ratedCurrentA: 150,
      });
      prev = id;
      n++;
      lvCount++;
      const terminal = split ? pick(['a', 'b', 'ab']) : pick(lvPhases);
      const p = (0.8 + rand() * 2.5) * loadScale;
      loads.push({ id: `c${n}`, bus: id, phases: [terminal], pKw: [p], qKvar: [p * 0.4], model: ZIP });
      if (rand() < 0.08)
        generators.push({ id: `g${n}`, bus: id, phases: [terminal], pKw: [p * 1.2], qKvar: [0] });
    }
  }
  void lvCount;
  return {
    name: `synthetic-${target}-${seed}`,
    frequencyHz: 60,
    buses,
    source: { bus: 'src', vPu: 1.0, angleDeg: 0 },
    lines,
    transformers,
    regulators,
    capacitors,
    loads,
    generators,
  };
}
