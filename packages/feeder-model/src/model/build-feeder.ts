// BDGD rows of one feeder (CTMT) → power-flow NetworkInput + the data defects met and how they were handled.
// Pure: no I/O. Modelling choices are documented in docs/FEEDER-MODEL.md.
import type {
  BusInput,
  CapacitorInput,
  GeneratorInput,
  LineInput,
  LoadInput,
  NetworkInput,
  RegulatorInput,
  SequenceImpedance,
  SwitchInput,
  TransformerInput,
  ZipModel,
} from '@rede-eletrica/powerflow';
import { type DayType, daysInMonth } from './calendar.ts';
import {
  ampsOfCode,
  isKnownPhaseCode,
  kvaOfCode,
  kvarOfCode,
  kvOfCode,
  ptRatioOfCode,
} from './code-values.ts';
import { DefectLog, type ModelDefect } from './defects.ts';
import {
  curveFor,
  curveSet,
  dailyEnergyKwh,
  normalisedShape,
  photovoltaicShape,
  STEPS_PER_DAY,
} from './load-allocation.ts';
import { hasNeutral, IDENTITY, type PhaseMap, phaseLetters, slotsOf, splitPhaseMap } from './phases.ts';
import type { FeederRows, SegmentRow, TransformerRow } from './rows.ts';
import { type TopoBranch, traceFeeder } from './topology.ts';

export interface ModelOptions {
  /** Month 1–12 whose ENE_xx is used. */
  month: number;
  dayType: DayType;
  /** 15-minute step 0–95 of the instant solved by `input`. */
  step: number;
  /** Load power factor (default 0.92, as GeoPerdas/bdgd2opendss). */
  powerFactor?: number;
  /** Load model (default PRODIST Módulo 7: P 50 % constant power + 50 % constant impedance, Q constant impedance). */
  loadModel?: ZipModel | 'PQ';
  /** Include the UNCRMT capacitor banks (default true). */
  capacitors?: boolean;
  /** Zero-sequence / positive-sequence impedance ratio assumed for MV lines (default 3). */
  mvZ0Ratio?: number;
  /** Same for LV lines and service drops (default 4: neutral equal to the phase conductor as return path). */
  lvZ0Ratio?: number;
}

export const PRODIST_LOAD_MODEL: ZipModel = { p: [0.5, 0, 0.5], q: [1, 0, 0] };

export type Level = 'MT' | 'BT';

export interface BusInfo {
  level: Level;
  kvBase: number;
  splitPhase: boolean;
  phases: string;
  /** COD_ID of the MV/LV transformer feeding the bus (null on the MV network). */
  transformer: string | null;
}

export interface BranchInfo {
  table: string;
  codId: string;
  level: Level;
  geometry?: unknown;
}

/** A load or generator aggregated per bus and terminal set, with its 96-step profile (kW, total). */
export interface ProfiledInjection {
  id: string;
  bus: string;
  phases: string[];
  transformer: string | null;
  /** kW per 15-minute step (total over terminals; generators: produced power, positive). */
  pKw: Float64Array;
  /** Number of BDGD records aggregated. */
  records: number;
}

export interface FeederModel {
  ctmt: string;
  input: NetworkInput;
  defects: ModelDefect[];
  loads: ProfiledInjection[];
  generators: ProfiledInjection[];
  buses: Map<string, BusInfo>;
  branches: Map<string, BranchInfo>;
  options: Required<Omit<ModelOptions, 'loadModel'>> & { loadModel: ZipModel | 'PQ' };
  /** tan φ of the loads. */
  tanPhi: number;
  /** What the CTMT declares (kWh): monthly injected energy, annual technical losses (PERD_A4 + PERD_B +
   * PERD_A4_B, without the meters' PERD_MED) and monthly non-technical losses. */
  declared: {
    energiaMensalKwh: number[];
    energiaAnualKwh: number;
    perdasTecnicasAnuaisKwh: number;
    perdasMedidoresAnuaisKwh: number;
    perdasNaoTecnicasMensaisKwh: number[];
  };
  counts: Record<string, number>;
}

const SQRT3 = Math.sqrt(3);
const DEFAULT_MV_KV = 13.8;
const DEFAULT_XHL_PCT = 3.5;

interface ElementRef {
  kind: 'segment' | 'switch' | 'transformer' | 'regulator';
  row: number;
}

export function buildFeederModel(rows: FeederRows, options: ModelOptions): FeederModel {
  const opts = {
    month: options.month,
    dayType: options.dayType,
    step: options.step,
    powerFactor: options.powerFactor ?? 0.92,
    loadModel: options.loadModel ?? PRODIST_LOAD_MODEL,
    capacitors: options.capacitors ?? true,
    mvZ0Ratio: options.mvZ0Ratio ?? 3,
    lvZ0Ratio: options.lvZ0Ratio ?? 4,
  };
  const defects = new DefectLog();
  const feeder = rows.feeder;
  let feederKv = kvOfCode(feeder.ten_nom);
  if (feederKv === undefined) {
    defects.add(
      'codigo_desconhecido',
      'ctmt',
      feeder.cod_id,
      `TEN_NOM "${feeder.ten_nom ?? ''}" fora da tabela TTEN`,
      `tensão nominal assumida ${DEFAULT_MV_KV} kV`,
    );
    feederKv = DEFAULT_MV_KV;
  }

  // ---- elements taking part in the topology (open switches stay out: normal state) ----
  const elements: ElementRef[] = [];
  const topo: TopoBranch[] = [];
  const push = (ref: ElementRef, pac1: string | null, pac2: string | null) => {
    topo.push({ index: elements.length, pac1, pac2 });
    elements.push(ref);
  };
  rows.segments.forEach((s, i) => {
    push({ kind: 'segment', row: i }, s.pac_1, s.pac_2);
  });
  let openSwitches = 0;
  rows.switches.forEach((s, i) => {
    if (s.p_n_ope === 'A') {
      openSwitches++;
      return;
    }
    if (s.p_n_ope !== 'F') {
      defects.add(
        'codigo_desconhecido',
        'unsemt',
        s.cod_id,
        `P_N_OPE "${s.p_n_ope ?? ''}" fora da tabela TNOROPE`,
        'chave considerada fechada',
      );
    }
    push({ kind: 'switch', row: i }, s.pac_1, s.pac_2);
  });
  rows.transformers.forEach((t, i) => {
    push({ kind: 'transformer', row: i }, t.pac_1, t.pac_2);
  });
  rows.regulators.forEach((r, i) => {
    push({ kind: 'regulator', row: i }, r.pac_1, r.pac_2);
  });
  const tree = traceFeeder(feeder.pac_ini, topo);
  const label = (ref: ElementRef): [string, string] => {
    switch (ref.kind) {
      case 'segment': {
        const s = rows.segments[ref.row] as SegmentRow;
        return [s.table, s.cod_id ?? String(s.id)];
      }
      case 'switch':
        return ['unsemt', rows.switches[ref.row]?.cod_id ?? ''];
      case 'transformer':
        return ['untrd', rows.transformers[ref.row]?.cod_id ?? ''];
      default:
        return ['unremt', rows.regulators[ref.row]?.cod_id ?? ''];
    }
  };
  for (const k of tree.unreached) {
    const [table, cod] = label(elements[k] as ElementRef);
    defects.add(
      'elemento_inalcancavel',
      table,
      cod,
      'elemento não alcançado a partir de CTMT.PAC_INI com as chaves no estado normal (parte desconectada)',
      'excluído do modelo',
    );
  }
  for (const k of tree.loops) {
    const [table, cod] = label(elements[k] as ElementRef);
    defects.add(
      'malha',
      table,
      cod,
      'elemento fecha malha (ou está em paralelo) com a rede já alcançada',
      'excluído do modelo (tratado como aberto): o cálculo é radial',
    );
  }

  // ---- conductors: one impedance object per (SEGCON code, level) ----
  const conductors = new Map(rows.conductors.map((c) => [c.cod_id, c]));
  const mostUsed = defaultConductors(rows.segments, conductors);
  const impedances = new Map<string, { z: SequenceImpedance; rating?: number }>();
  const impedanceFor = (seg: SegmentRow): { z: SequenceImpedance; rating?: number } => {
    const level: Level = seg.table === 'ssdmt' ? 'MT' : 'BT';
    let code = seg.tip_cnd ?? '';
    let c = conductors.get(code);
    if (!c || !(c.r1 !== null && c.r1 > 0) || c.x1 === null) {
      const fallback = mostUsed.get(seg.table);
      defects.add(
        'condutor_sem_dados',
        seg.table,
        seg.cod_id ?? seg.id,
        `TIP_CND "${code}" sem SEGCON ou sem R1/X1`,
        `usado o condutor mais frequente da camada (${fallback ?? 'nenhum'})`,
      );
      code = fallback ?? '';
      c = conductors.get(code);
    }
    const key = `${level}|${code}`;
    let entry = impedances.get(key);
    if (!entry) {
      const r1 = c?.r1 && c.r1 > 0 ? c.r1 : 1;
      const x1 = c?.x1 ?? 0.4;
      const k0 = level === 'MT' ? opts.mvZ0Ratio : opts.lvZ0Ratio;
      const rating =
        c?.cnom && c.cnom > 0 ? c.cnom : c?.cmax_bdgd && c.cmax_bdgd > 0 ? c.cmax_bdgd : undefined;
      entry = { z: { kind: 'sequence', r1, x1, r0: k0 * r1, x0: k0 * x1 }, rating };
      impedances.set(key, entry);
    }
    return entry;
  };

  // ---- walk the tree: bus attributes and series elements ----
  const buses = new Map<string, BusInfo>();
  const busMaps = new Map<string, PhaseMap>();
  buses.set(feeder.pac_ini, {
    level: 'MT',
    kvBase: feederKv,
    splitPhase: false,
    phases: 'abc',
    transformer: null,
  });
  busMaps.set(feeder.pac_ini, IDENTITY);
  const branches = new Map<string, BranchInfo>();
  const lines: LineInput[] = [];
  const switches: SwitchInput[] = [];
  const transformers: TransformerInput[] = [];
  const regulators: RegulatorInput[] = [];
  const transformerLvBus = new Map<string, string>();
  const childCount = new Map<string, number>();

  const phasesFor = (code: string | null, parent: BusInfo, map: PhaseMap, table: string, cod: string) => {
    const slots = slotsOf(code, map, parent.phases);
    if (slots) return slots;
    if (!isKnownPhaseCode(code)) {
      defects.add(
        'codigo_desconhecido',
        table,
        cod,
        `FAS_CON "${code ?? ''}" fora da tabela TFASCON`,
        'usadas as fases da barra de montante',
      );
    } else {
      defects.add(
        'fases_incompativeis',
        table,
        cod,
        'fases do elemento ausentes na barra de montante',
        'usadas as fases da barra de montante',
      );
    }
    return parent.phases;
  };

  for (const edge of tree.edges) {
    const ref = elements[edge.index] as ElementRef;
    const parent = buses.get(edge.from) as BusInfo;
    const map = busMaps.get(edge.from) ?? IDENTITY;
    childCount.set(edge.from, (childCount.get(edge.from) ?? 0) + 1);
    let child: BusInfo = { ...parent };
    let childMap = map;
    if (ref.kind === 'segment') {
      const s = rows.segments[ref.row] as SegmentRow;
      const cod = s.cod_id ?? String(s.id);
      const id = `${s.table}:${cod}`;
      const phases = phasesFor(s.fas_con, parent, map, s.table, cod);
      let lengthKm = (s.comp ?? 0) / 1000;
      if (!(lengthKm > 0)) {
        defects.add('comprimento_invalido', s.table, cod, 'COMP nulo ou ≤ 0', 'comprimento de 1 m');
        lengthKm = 0.001;
      }
      const { z, rating } = impedanceFor(s);
      lines.push({
        id,
        fromBus: edge.from,
        toBus: edge.to,
        phases,
        lengthKm,
        impedance: z,
        ...(rating ? { ratedCurrentA: rating } : {}),
      });
      const level: Level = s.table === 'ssdmt' ? 'MT' : 'BT';
      branches.set(id, {
        table: s.table,
        codId: cod,
        level,
        ...(s.geometry ? { geometry: s.geometry } : {}),
      });
      child = { ...parent, phases };
    } else if (ref.kind === 'switch') {
      const s = rows.switches[ref.row];
      if (!s) continue;
      const cod = s.cod_id ?? String(s.id);
      const id = `unsemt:${cod}`;
      const phases = phasesFor(s.fas_con, parent, map, 'unsemt', cod);
      const rating = ampsOfCode(s.cor_nom);
      switches.push({
        id,
        fromBus: edge.from,
        toBus: edge.to,
        phases,
        closed: true,
        ...(rating ? { ratedCurrentA: rating } : {}),
      });
      branches.set(id, { table: 'unsemt', codId: cod, level: parent.level });
      child = { ...parent, phases };
    } else if (ref.kind === 'regulator') {
      const r = rows.regulators[ref.row];
      if (!r) continue;
      const built = regulatorInput(r, edge.from, edge.to, parent, defects);
      regulators.push(built.input);
      branches.set(built.input.id, { table: 'unremt', codId: r.cod_id, level: parent.level });
      child = { ...parent, phases: built.phases };
    } else {
      const t = rows.transformers[ref.row] as TransformerRow;
      if (edge.from !== t.pac_1) {
        defects.add(
          'fases_incompativeis',
          'untrd',
          t.cod_id,
          'transformador alcançado pelo lado de baixa tensão (PAC_2)',
          'orientado pela busca a partir da fonte',
        );
      }
      const built = transformerInput(t, edge.from, edge.to, parent, map, feederKv, defects);
      transformers.push(built.input);
      transformerLvBus.set(t.cod_id, edge.to);
      branches.set(built.input.id, {
        table: 'untrd',
        codId: t.cod_id,
        level: 'MT',
        ...(t.geometry ? { geometry: t.geometry } : {}),
      });
      child = {
        level: 'BT',
        kvBase: built.kvLow,
        splitPhase: built.split,
        phases: built.lowPhases,
        transformer: t.cod_id,
      };
      childMap = built.lowMap;
    }
    buses.set(edge.to, child);
    busMaps.set(edge.to, childMap);
  }

  // ---- loads ----
  const curves = curveSet(rows.curves);
  const pvShape = photovoltaicShape();
  const loadsByKey = new Map<string, ProfiledInjection>();
  const gensByKey = new Map<string, ProfiledInjection>();
  const monthIndex = opts.month - 1;
  for (const c of rows.consumers) {
    const cod = c.cod_id ?? String(c.id);
    const annual = c.ene.reduce((a, b) => a + Math.max(b, 0), 0);
    if (!(annual > 0)) {
      defects.add('energia_nula', c.table, cod, 'energia anual nula', 'sem carga no modelo');
      continue;
    }
    const bus = c.pac ? buses.get(c.pac) : undefined;
    if (!bus || !c.pac) {
      defects.add(
        'carga_fora_da_rede',
        c.table,
        cod,
        'PAC da carga não pertence à parte alcançada do alimentador',
        'carga excluída',
      );
      continue;
    }
    const curve = curveFor(curves, c.tip_cc, opts.dayType);
    if (curve.found === 'plana') {
      defects.add(
        'curva_ausente',
        c.table,
        cod,
        `TIP_CC "${c.tip_cc ?? ''}" sem curva em CRVCRG`,
        'curva plana (potência constante no dia)',
      );
    } else if (curve.found === 'du') {
      defects.add(
        'curva_ausente',
        c.table,
        cod,
        `TIP_CC "${c.tip_cc ?? ''}" sem curva para o tipo de dia ${opts.dayType}`,
        'usada a curva de dia útil (DU)',
      );
    }
    const energy = dailyEnergyKwh(
      curves,
      c.tip_cc,
      c.ene[monthIndex] ?? 0,
      rows.year,
      opts.month,
      opts.dayType,
    );
    if (!(energy > 0)) continue;
    const terminals = loadTerminals(c.fas_con, bus, busMaps.get(c.pac) ?? IDENTITY);
    if (terminals.fallback) {
      defects.add(
        'fases_incompativeis',
        c.table,
        cod,
        'fases da carga ausentes na barra',
        `ligada à fase ${terminals.phases.join(',')} da barra`,
      );
    }
    const shape = normalisedShape(curve.values);
    addProfile(loadsByKey, 'carga', c.pac, terminals.phases, bus.transformer, shape, energy);
  }
  for (const g of rows.generators) {
    const cod = g.cod_id ?? String(g.id);
    const bus = g.pac ? buses.get(g.pac) : undefined;
    if (!bus || !g.pac) {
      defects.add(
        'carga_fora_da_rede',
        g.table,
        cod,
        'PAC do gerador não pertence à parte alcançada do alimentador',
        'gerador excluído',
      );
      continue;
    }
    const energy = (g.ene[monthIndex] ?? 0) / daysInMonth(rows.year, opts.month);
    if (!(energy > 0)) continue;
    const terminals = loadTerminals(g.fas_con, bus, busMaps.get(g.pac) ?? IDENTITY);
    const shape = g.table === 'ugbt_tab' ? pvShape : normalisedShape(new Float64Array(STEPS_PER_DAY).fill(1));
    const profile = addProfile(gensByKey, 'gd', g.pac, terminals.phases, bus.transformer, shape, energy);
    if (g.pot_inst && g.pot_inst > 0) {
      // never above the installed power (the aggregate cap is the sum of the units' POT_INST)
      (profile as ProfiledInjection & { cap?: number }).cap =
        ((profile as ProfiledInjection & { cap?: number }).cap ?? 0) + g.pot_inst;
    }
  }
  for (const g of gensByKey.values()) {
    const cap = (g as ProfiledInjection & { cap?: number }).cap;
    if (cap !== undefined)
      for (let k = 0; k < g.pKw.length; k++) g.pKw[k] = Math.min(g.pKw[k] as number, cap);
  }

  // ---- MV/LV transformers with nothing below them: only no-load loss (customer units, step-ups) ----
  const loadBuses = new Set<string>();
  for (const l of loadsByKey.values()) loadBuses.add(l.bus);
  for (const g of gensByKey.values()) loadBuses.add(g.bus);
  const droppedTransformers = new Set<string>();
  for (const [cod, lv] of transformerLvBus) {
    if ((childCount.get(lv) ?? 0) === 0 && !loadBuses.has(lv)) {
      droppedTransformers.add(`untrd:${cod}`);
      buses.delete(lv);
      branches.delete(`untrd:${cod}`);
      defects.add(
        'transformador_sem_carga',
        'untrd',
        cod,
        'transformador sem rede nem carga no secundário (de cliente MT ou elevador de usina)',
        'excluído (só teria perdas em vazio, que pertencem ao cliente)',
      );
    }
  }

  // ---- capacitors ----
  const capacitors: CapacitorInput[] = [];
  if (opts.capacitors) {
    for (const c of rows.capacitors) {
      const pac = c.pac_2 && buses.has(c.pac_2) ? c.pac_2 : c.pac_1 && buses.has(c.pac_1) ? c.pac_1 : null;
      const kvar = kvarOfCode(c.pot_nom);
      if (!pac) {
        defects.add(
          'capacitor_fora_da_rede',
          'uncrmt',
          c.cod_id,
          'banco de capacitores em PAC não alcançado',
          'excluído',
        );
        continue;
      }
      if (kvar === undefined) {
        defects.add(
          'codigo_desconhecido',
          'uncrmt',
          c.cod_id,
          `POT_NOM "${c.pot_nom ?? ''}" fora da tabela TPOTRTV`,
          'excluído',
        );
        continue;
      }
      const bus = buses.get(pac) as BusInfo;
      const phases = [...bus.phases];
      capacitors.push({
        id: `uncrmt:${c.cod_id}`,
        bus: pac,
        phases,
        kvar: phases.map(() => kvar / phases.length),
      });
    }
  }

  // ---- assemble the instant ----
  const tanPhi = Math.tan(Math.acos(opts.powerFactor));
  const loads: LoadInput[] = [...loadsByKey.values()].map((l) => {
    const p = (l.pKw[opts.step] as number) / l.phases.length;
    return {
      id: l.id,
      bus: l.bus,
      phases: l.phases,
      pKw: l.phases.map(() => p),
      qKvar: l.phases.map(() => p * tanPhi),
      model: opts.loadModel,
    };
  });
  const generators: GeneratorInput[] = [...gensByKey.values()].map((g) => {
    const p = (g.pKw[opts.step] as number) / g.phases.length;
    return {
      id: g.id,
      bus: g.bus,
      phases: g.phases,
      pKw: g.phases.map(() => p),
      qKvar: g.phases.map(() => 0),
    };
  });
  const busInputs: BusInput[] = [...buses].map(([id, b]) => ({
    id,
    kvBase: b.kvBase,
    phases: b.phases,
    ...(b.splitPhase ? { splitPhase: true } : {}),
  }));
  const input: NetworkInput = {
    name: feeder.cod_id,
    buses: busInputs,
    source: { bus: feeder.pac_ini, vPu: feeder.ten_ope && feeder.ten_ope > 0 ? feeder.ten_ope : 1 },
    lines,
    switches,
    transformers: transformers.filter((t) => !droppedTransformers.has(t.id)),
    regulators,
    capacitors,
    loads,
    generators,
  };
  return {
    ctmt: feeder.cod_id,
    input,
    defects: defects.list(),
    loads: [...loadsByKey.values()],
    generators: [...gensByKey.values()],
    buses,
    branches,
    options: opts,
    tanPhi,
    declared: {
      energiaMensalKwh: feeder.ene,
      energiaAnualKwh: feeder.ene.reduce((a, b) => a + b, 0),
      perdasTecnicasAnuaisKwh: (feeder.perd_a4 ?? 0) + (feeder.perd_b ?? 0) + (feeder.perd_a4_b ?? 0),
      perdasMedidoresAnuaisKwh: feeder.perd_med ?? 0,
      perdasNaoTecnicasMensaisKwh: feeder.pnt,
    },
    counts: {
      barras: busInputs.length,
      linhas: lines.length,
      chaves_fechadas: switches.length,
      chaves_abertas: openSwitches,
      transformadores: input.transformers?.length ?? 0,
      reguladores: regulators.length,
      capacitores: capacitors.length,
      cargas_agregadas: loads.length,
      geradores_agregados: generators.length,
    },
  };
}

function addProfile(
  target: Map<string, ProfiledInjection>,
  prefix: string,
  bus: string,
  phases: string[],
  transformer: string | null,
  shape: Float64Array,
  dailyKwh: number,
): ProfiledInjection {
  const key = `${bus}|${phases.join(',')}`;
  let entry = target.get(key);
  if (!entry) {
    entry = {
      id: `${prefix}:${bus}:${phases.join(',')}`,
      bus,
      phases,
      transformer,
      pKw: new Float64Array(STEPS_PER_DAY),
      records: 0,
    };
    target.set(key, entry);
  }
  for (let k = 0; k < STEPS_PER_DAY; k++)
    entry.pKw[k] = (entry.pKw[k] as number) + dailyKwh * (shape[k] as number);
  entry.records++;
  return entry;
}

/** Terminals of a load from its FAS_CON on a bus: phase-to-neutral per phase when a neutral is present (or on
 * 3-phase MV), phase-to-phase ('ab') for two-phase loads without neutral and for L1–L2 loads on split-phase buses. */
function loadTerminals(
  code: string | null,
  bus: BusInfo,
  map: PhaseMap,
): { phases: string[]; fallback: boolean } {
  const slots = slotsOf(code, map, bus.phases);
  if (!slots) return { phases: [bus.phases[0] ?? 'a'], fallback: true };
  if (slots.length === 2 && (bus.splitPhase || !hasNeutral(code)))
    return { phases: [slots], fallback: false };
  if (slots.length === 3 && !hasNeutral(code) && bus.level === 'BT')
    return { phases: ['ab', 'bc', 'ca'], fallback: false };
  return { phases: [...slots], fallback: false };
}

/** Most frequent conductor with R1/X1 per segment table, the default for segments without conductor data. */
function defaultConductors(
  segments: readonly SegmentRow[],
  conductors: Map<string, { r1: number | null; x1: number | null }>,
): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const s of segments) {
    const c = s.tip_cnd ? conductors.get(s.tip_cnd) : undefined;
    if (!c || !(c.r1 !== null && c.r1 > 0) || c.x1 === null || !s.tip_cnd) continue;
    let m = counts.get(s.table);
    if (!m) {
      m = new Map();
      counts.set(s.table, m);
    }
    m.set(s.tip_cnd, (m.get(s.tip_cnd) ?? 0) + 1);
  }
  const result = new Map<string, string>();
  for (const [table, m] of counts) {
    const best = [...m].sort((a, b) => b[1] - a[1])[0];
    if (best) result.set(table, best[0]);
  }
  return result;
}

interface BuiltTransformer {
  input: TransformerInput;
  kvLow: number;
  split: boolean;
  lowPhases: string;
  lowMap: PhaseMap;
}

/** UNTRMT unit + its EQTRMT equipment → one power-flow transformer (three-phase, single-phase or centre-tap). */
function transformerInput(
  t: TransformerRow,
  from: string,
  to: string,
  parent: BusInfo,
  parentMap: PhaseMap,
  feederKv: number,
  defects: DefectLog,
): BuiltTransformer {
  const id = `untrd:${t.cod_id}`;
  const eq = t.equipment;
  let kva = eq.reduce((s, e) => s + (kvaOfCode(e.pot_nom) ?? 0), 0);
  if (eq.length === 0) {
    defects.add(
      'transformador_sem_equipamento',
      'untrd',
      t.cod_id,
      'unidade sem EQTRMT',
      `potência de UNTRMT.POT_NOM, perdas de UNTRMT.PER_*, XHL ${DEFAULT_XHL_PCT} %`,
    );
  }
  if (!(kva > 0)) kva = t.pot_nom && t.pot_nom > 0 ? t.pot_nom : 75;
  const perFerW = eq.length > 0 ? eq.reduce((s, e) => s + (e.per_fer ?? 0), 0) : (t.per_fer ?? 0);
  const perTotW = eq.length > 0 ? eq.reduce((s, e) => s + (e.per_tot ?? 0), 0) : (t.per_tot ?? 0);
  const customerOwned = t.pos !== null && t.pos !== 'PD';
  const loadLossKw = Math.max(0, perTotW - perFerW) / 1000;
  // %R from the declared load loss (GeoPerdas/bdgd2opendss); customer units lossless (their losses are billed).
  const rPct = customerOwned ? 0 : (loadLossKw / kva) * 100;
  const noLoadLossKw = customerOwned ? 0 : perFerW / 1000;
  const xs = eq.map((e) => e.xhl ?? 0).filter((x) => x > 0);
  const xPct = xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : DEFAULT_XHL_PCT;
  // UNTRMT.TAP is read as the primary tap in pu of the nominal primary voltage (1.045 → 14.42 kV on 13.8 kV):
  // the secondary is V_MT/TAP, i.e. TAP > 1 lowers it. With the Mux MV held at 1.05 pu (TEN_OPE, TEN_REG) this
  // gives ≈ 1.00 pu at the secondary at no load; the opposite reading (secondary ×TAP) gives 1.10 pu on the whole
  // LV network at 04:00 (docs/FEEDER-MODEL.md, "Tensões baixas na BT").
  const tap = t.tap && t.tap > 0.8 && t.tap < 1.2 ? t.tap : 1;
  const common = { id, fromBus: from, toBus: to, kva, rPct, xPct, noLoadLossKw, tapHighPu: tap };
  const primary = phaseLetters(t.fas_con_p);
  let highSlots = slotsOf(t.fas_con_p, parentMap, parent.phases);
  if (!highSlots) {
    defects.add(
      'fases_incompativeis',
      'untrd',
      t.cod_id,
      'fases do primário ausentes na barra MT',
      'ligado às fases da barra MT',
    );
    highSlots = parent.phases.slice(0, Math.max(1, Math.min(primary.length, parent.phases.length)));
  }
  const secLetters = phaseLetters(t.fas_con_s);
  const terLetters = phaseLetters(t.fas_con_t);
  const tenSecKv = kvOfCode(eq[0]?.ten_sec);
  const linSe = t.ten_lin_se && t.ten_lin_se > 0 ? t.ten_lin_se : (tenSecKv ?? 0.38);
  if (highSlots.length === 3) {
    return {
      input: {
        ...common,
        kind: 'three-phase',
        kvHigh: feederKv,
        kvLow: linSe,
        connHigh: 'delta',
        connLow: 'wye-grounded',
      },
      kvLow: linSe,
      split: false,
      lowPhases: 'abc',
      lowMap: IDENTITY,
    };
  }
  const highTerminals = highSlots.length === 2 ? highSlots : (highSlots[0] ?? 'a');
  const kvHigh = highTerminals.length === 2 ? feederKv : feederKv / SQRT3;
  const centreTap =
    t.tip_trafo === 'MT' || (terLetters.length > 0 && secLetters.length > 0) || secLetters.length === 2;
  if (centreTap) {
    const letters = [...new Set([...secLetters, ...terLetters])].sort();
    // L1–L2 voltage: EQTRMT.TEN_SEC when known (440 V in Mux). TEN_LIN_SE is not consistent for these units
    // (Mux: 0.22 on two MT units, 0.44 on a third, all with TEN_SEC 440 V), so without TEN_SEC a value below
    // 0.3 kV is taken as the half winding (L–N) and doubled, anything else as L1–L2.
    const kvLow = tenSecKv ?? (linSe < 0.3 ? 2 * linSe : linSe);
    return {
      input: { ...common, kind: 'center-tap', kvHigh, kvLow, highTerminals },
      kvLow,
      split: true,
      lowPhases: 'ab',
      lowMap: splitPhaseMap(letters.length >= 2 ? letters : ['A', 'B']),
    };
  }
  // single-phase two-wire secondary: phase-to-neutral winding of TEN_LIN_SE on the secondary phase
  const lowLetter = (secLetters[0] ?? primary[0] ?? 'A').toLowerCase();
  return {
    input: {
      ...common,
      kind: 'single-phase',
      kvHigh,
      kvLow: linSe,
      highTerminals,
      lowTerminals: lowLetter,
    },
    kvLow: linSe * SQRT3,
    split: false,
    lowPhases: lowLetter,
    lowMap: IDENTITY,
  };
}

/** UNREMT bank + EQRE units → one regulator with automatic tap control (TEN_REG on a 120 V base, band 2 V). */
function regulatorInput(
  r: import('./rows.ts').RegulatorRow,
  from: string,
  to: string,
  parent: BusInfo,
  defects: DefectLog,
): { input: RegulatorInput; phases: string } {
  const id = `unremt:${r.cod_id}`;
  const units = r.equipment;
  if (units.length === 0) {
    defects.add(
      'regulador_sem_equipamento',
      'unremt',
      r.cod_id,
      'banco de reguladores sem EQRE',
      'regulador em estrela, alvo 1,0 pu, faixa 2 V',
    );
  }
  const tenReg = units.find((u) => u.ten_reg && u.ten_reg > 0.8 && u.ten_reg < 1.2)?.ten_reg ?? 1;
  const amps = units.map((u) => ampsOfCode(u.cor_nom)).find((a) => a !== undefined);
  const threePhase = parent.phases === 'abc';
  const kind = r.tip_regu;
  const connection: RegulatorInput['connection'] =
    threePhase && kind === 'DF' ? 'closed-delta' : threePhase && kind === 'DA' ? 'open-delta' : 'wye';
  const lineToLine = connection !== 'wye';
  const kvUnit = lineToLine ? parent.kvBase : parent.kvBase / SQRT3;
  const ptRatio =
    units.map((u) => ptRatioOfCode(u.rel_tp)).find((p) => p !== undefined) ?? (kvUnit * 1000) / 120;
  const phases = parent.phases;
  const unitCount = connection === 'closed-delta' ? 3 : connection === 'open-delta' ? 2 : phases.length;
  let commonPhase: 'a' | 'b' | 'c' | undefined;
  if (connection === 'open-delta') {
    const pairs = units.map((u) => (u.lig_fas_p ?? '').toLowerCase());
    const counts = new Map<string, number>();
    for (const p of pairs) for (const c of p) counts.set(c, (counts.get(c) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    commonPhase = best === 'a' || best === 'c' ? best : 'b';
  }
  return {
    input: {
      id,
      fromBus: from,
      toBus: to,
      connection,
      phases,
      ...(commonPhase ? { commonPhase } : {}),
      taps: new Array(unitCount).fill(0),
      control: {
        vregV: 120 * tenReg,
        bandwidthV: 2,
        ptRatio,
        ctPrimaryA: amps ?? 400,
        rV: [0],
        xV: [0],
      },
      ...(amps ? { ratedCurrentA: amps } : {}),
    },
    phases,
  };
}
