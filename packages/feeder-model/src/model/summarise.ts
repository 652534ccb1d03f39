// Power-flow result of a feeder model → the API's JSON (Portuguese field names of the public contract):
// losses, branch loading, bus voltages, PRODIST voltage violations, overloads and the power balance.
import type { BranchTable, PowerFlowResult, Totals } from '@rede-eletrica/powerflow';
import type { BranchInfo, FeederModel } from './build-feeder.ts';
import { adequateRange } from './voltage-limits.ts';

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r5 = (v: number) => Math.round(v * 100000) / 100000;

export interface BranchLoading {
  id: string;
  tabela: string;
  cod_id: string;
  nivel: 'MT' | 'BT';
  tipo: string;
  /** Largest phase current entering the element at the upstream end, A. */
  corrente_a: number;
  /** Largest phase current at the downstream end, A (differs across transformers). */
  corrente_jusante_a: number;
  carregamento_pct: number;
  perdas_kw: number;
}

export interface BusVoltage {
  barra: string;
  nivel: 'MT' | 'BT';
  kv_base: number;
  va_pu: number | null;
  vb_pu: number | null;
  vc_pu: number | null;
}

export interface VoltageViolation {
  barra: string;
  nivel: 'MT' | 'BT';
  fase: string;
  v_pu: number;
  faixa_adequada: [number, number];
  sistema: string;
  tipo: 'subtensao' | 'sobretensao';
}

export interface LossBreakdown {
  linhas_mt_kw: number;
  linhas_bt_kw: number;
  ramais_kw: number;
  transformadores_kw: number;
  outros_kw: number;
}

export interface InstantSummary {
  convergiu: boolean;
  /** Fixed-point iterations summed over every solve (one per regulator-control round). */
  iteracoes: number;
  /** Regulator-control rounds (each re-solves the network after the taps move; 0 without control). */
  rodadas_controle: number;
  desvio_max_pu: number;
  mensagem: string | null;
  perdas_totais_mw: number;
  perdas_por_segmento: LossBreakdown;
  balanco: {
    fonte_kw: number;
    fonte_kvar: number;
    cargas_kw: number;
    geracao_kw: number;
    capacitores_kvar: number;
    perdas_kw: number;
    /** (source − loads + generation − losses) / source, %. */
    residuo_pct: number;
  };
  carregamento_linhas: BranchLoading[];
  tensoes_barras: BusVoltage[];
  violacoes_tensao: VoltageViolation[];
  sobrecargas: BranchLoading[];
  tensao_min_pu: number | null;
  tensao_max_pu: number | null;
}

export function lossBreakdown(model: FeederModel, result: PowerFlowResult): LossBreakdown {
  const out: LossBreakdown = {
    linhas_mt_kw: 0,
    linhas_bt_kw: 0,
    ramais_kw: 0,
    transformadores_kw: 0,
    outros_kw: 0,
  };
  const ids = result.branchIds ?? [];
  const loss = result.branchTable?.lossKw;
  for (let bi = 0; loss && bi < ids.length; bi++) {
    const lossKw = loss[bi] as number;
    const table = model.branches.get(ids[bi] as string)?.table;
    if (table === 'ssdmt') out.linhas_mt_kw += lossKw;
    else if (table === 'ssdbt') out.linhas_bt_kw += lossKw;
    else if (table === 'ramlig') out.ramais_kw += lossKw;
    else if (table === 'untrd') out.transformadores_kw += lossKw;
    else out.outros_kw += lossKw;
  }
  return out;
}

/** Loading of branch `bi` read from the result's column table. */
function branchLoading(result: PowerFlowResult, bi: number, info: BranchInfo): BranchLoading {
  const t = result.branchTable as BranchTable;
  const o = 3 * bi;
  return {
    id: (result.branchIds as readonly string[])[bi] as string,
    tabela: info.table,
    cod_id: info.codId,
    nivel: info.level,
    tipo: (result.branchKinds as readonly string[])[bi] as string,
    corrente_a: r3(Math.max(t.iFromA[o] as number, t.iFromA[o + 1] as number, t.iFromA[o + 2] as number, 0)),
    corrente_jusante_a: r3(
      Math.max(t.iToA[o] as number, t.iToA[o + 1] as number, t.iToA[o + 2] as number, 0),
    ),
    carregamento_pct: r3(t.loadingPct[bi] as number),
    perdas_kw: r5(t.lossKw[bi] as number),
  };
}

export function summariseInstant(
  model: FeederModel,
  result: PowerFlowResult,
  options: { includeBuses?: boolean; includeBranches?: boolean } = {},
): InstantSummary {
  const t = result.totals ?? zeroTotals();
  // every branch's loading when the list is wanted; otherwise only the overloaded ones (read from the table)
  const branches: BranchLoading[] = [];
  const ids = result.branchIds ?? [];
  const loadingPct = result.branchTable?.loadingPct;
  for (let bi = 0; loadingPct && bi < ids.length; bi++) {
    const info = model.branches.get(ids[bi] as string);
    if (!info) continue;
    if (options.includeBranches === false && !(r3(loadingPct[bi] as number) > 100)) continue;
    branches.push(branchLoading(result, bi, info));
  }
  const voltages: BusVoltage[] = [];
  const violations: VoltageViolation[] = [];
  let vmin = Number.POSITIVE_INFINITY;
  let vmax = 0;
  for (const [id, bus] of model.buses) {
    const v = result.busVoltage(id) as Partial<Record<'a' | 'b' | 'c', { vmPu: number }>>;
    const range = adequateRange(bus);
    if (options.includeBuses !== false)
      voltages.push({
        barra: id,
        nivel: bus.level,
        kv_base: bus.kvBase,
        va_pu: v.a ? r5(v.a.vmPu) : null,
        vb_pu: v.b ? r5(v.b.vmPu) : null,
        vc_pu: v.c ? r5(v.c.vmPu) : null,
      });
    for (const phase of ['a', 'b', 'c'] as const) {
      const value = v[phase]?.vmPu;
      if (value === undefined || value <= 0) continue;
      vmin = Math.min(vmin, value);
      vmax = Math.max(vmax, value);
      if (value < range.min || value > range.max) {
        violations.push({
          barra: id,
          nivel: bus.level,
          fase: bus.splitPhase ? (phase === 'a' ? 'L1' : 'L2') : phase.toUpperCase(),
          v_pu: r5(value),
          faixa_adequada: [r5(range.min), r5(range.max)],
          sistema: range.sistema,
          tipo: value < range.min ? 'subtensao' : 'sobretensao',
        });
      }
    }
  }
  const residual = t.sourceKw - t.loadKw + t.generationKw - t.lossKw;
  return {
    convergiu: result.converged,
    iteracoes: result.iterations,
    rodadas_controle: result.controlIterations,
    desvio_max_pu: result.maxMismatchPu,
    mensagem: result.message ?? null,
    perdas_totais_mw: r5(t.lossKw / 1000),
    perdas_por_segmento: Object.fromEntries(
      Object.entries(lossBreakdown(model, result)).map(([k, v]) => [k, r3(v)]),
    ) as unknown as LossBreakdown,
    balanco: {
      fonte_kw: r3(t.sourceKw),
      fonte_kvar: r3(t.sourceKvar),
      cargas_kw: r3(t.loadKw),
      geracao_kw: r3(t.generationKw),
      capacitores_kvar: r3(t.capacitorKvar),
      perdas_kw: r3(t.lossKw),
      residuo_pct: t.sourceKw !== 0 ? (100 * residual) / Math.abs(t.sourceKw) : 0,
    },
    carregamento_linhas: options.includeBranches === false ? [] : branches,
    tensoes_barras: voltages,
    violacoes_tensao: violations,
    sobrecargas: branches
      .filter((b) => b.carregamento_pct > 100)
      .sort((a, b) => b.carregamento_pct - a.carregamento_pct),
    tensao_min_pu: Number.isFinite(vmin) ? r5(vmin) : null,
    tensao_max_pu: vmax > 0 ? r5(vmax) : null,
  };
}

function zeroTotals(): Totals {
  return {
    sourceKw: 0,
    sourceKvar: 0,
    loadKw: 0,
    loadKvar: 0,
    generationKw: 0,
    generationKvar: 0,
    capacitorKvar: 0,
    lossKw: 0,
    lossKvar: 0,
    leakKw: 0,
    leakKvar: 0,
  };
}
