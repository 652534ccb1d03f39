// One feeder end to end: read rows → build the model → (telemetry) → solve one instant and/or a 96-step day.
import {
  buildNetwork,
  type PowerFlowResult,
  runTimeSeries,
  solvePowerFlow,
  terminalCount,
} from '@rede-eletrica/powerflow';
import type pg from 'pg';
import { type ImportCatalogue, readFeederRows } from './load/read-feeder.ts';
import { buildFeederModel, type FeederModel, type ModelOptions } from './model/build-feeder.ts';
import type { DayType } from './model/calendar.ts';
import { daysInMonth } from './model/calendar.ts';
import { STEP_HOURS, STEPS_PER_DAY } from './model/load-allocation.ts';
import type { FeederRows } from './model/rows.ts';
import { type InstantSummary, summariseInstant } from './model/summarise.ts';
import {
  applyTelemetry,
  correctForLvLosses,
  type MeasuredTransformer,
  type TelemetryUse,
} from './telemetry/apply-telemetry.ts';
import type { TelemetrySource } from './telemetry/source.ts';

export interface RunOptions extends Omit<ModelOptions, 'step'> {
  step: number;
  /** Also run the whole day (96 steps of 15 min) and compare daily losses with the CTMT declaration. */
  day?: boolean;
  /** Measured transformer powers replace the estimates (instant only). */
  telemetry?: TelemetrySource;
  geometry?: boolean;
  catalogue?: ImportCatalogue;
  /** Power-flow mode (default 'unbalanced'). */
  mode?: 'unbalanced' | 'balanced';
  regulatorControl?: boolean;
  includeBuses?: boolean;
  includeBranches?: boolean;
}

/** Losses by segment type, MWh (the day's or the year's). */
export interface EnergyLossBreakdown {
  linhas_mt_mwh: number;
  linhas_bt_mwh: number;
  ramais_mwh: number;
  transformadores_mwh: number;
  /** Switches and regulators (ideal: zero) and branches outside the BDGD tables. */
  outros_mwh: number;
}

/** Order of the branch groups of `runDay` (index = group). */
const LOSS_GROUPS = [
  'linhas_mt_mwh',
  'linhas_bt_mwh',
  'ramais_mwh',
  'transformadores_mwh',
  'outros_mwh',
] as const;
const GROUP_OF_TABLE: Record<string, number> = { ssdmt: 0, ssdbt: 1, ramlig: 2, untrd: 3 };

export interface DaySummary {
  passos: number;
  convergiram: number;
  energia_fonte_mwh: number;
  energia_cargas_mwh: number;
  perdas_dia_mwh: number;
  /** The day's losses split by segment type (Σ = perdas_dia_mwh less the numerical leak, < 1 Wh). */
  perdas_por_segmento_mwh: EnergyLossBreakdown;
  perdas_pct: number;
  perdas_kw_por_passo: number[];
  fonte_kw_por_passo: number[];
  tensao_min_pu: number;
  /** CTMT declarations brought to one day of the chosen month (see docs/FEEDER-MODEL.md). */
  declarado: {
    energia_injetada_dia_mwh: number;
    perdas_tecnicas_dia_mwh: number;
    perdas_nao_tecnicas_dia_mwh: number;
    perdas_tecnicas_anuais_mwh: number;
    perdas_pct_da_energia: number;
  };
  tempo_solucao_ms: number;
}

export interface FeederRunResult {
  ctmt: string;
  id_importado: number;
  instante: { mes: number; tipo_dia: DayType; passo: number; hora: string };
  model: FeederModel;
  resultado: InstantSummary;
  dia?: DaySummary;
  telemetria: TelemetryUse & {
    fonte: 'redis' | 'nenhuma';
    observacao: string;
    /** Extra solves that moved the measured transformers' loads so that their secondary power equals the
     * measurement (LV losses on top of the loads). */
    correcoes_perdas_bt?: number;
  };
  tempos_ms: { leitura: number; modelo: number; montagem: number; solucao: number };
  regulatorTaps: Record<string, number[]>;
  /** The raw power-flow result of the instant (in memory only; not part of the API's JSON). */
  fluxo: PowerFlowResult;
}

/** Solves after the first one to bring the measured transformers' secondary power onto the measurement. */
const MAX_TELEMETRY_PASSES = 6;
/** kW / kvar. */
const TELEMETRY_TOLERANCE_KW = 1e-3;

const hhmm = (step: number) =>
  `${String(Math.floor(step / 4)).padStart(2, '0')}:${String((step % 4) * 15).padStart(2, '0')}`;

export async function runFeeder(
  db: pg.Pool | pg.ClientBase,
  idImportado: number,
  ctmt: string,
  options: RunOptions,
): Promise<FeederRunResult> {
  const t0 = performance.now();
  const rows = await readFeederRows(db, idImportado, ctmt, {
    ...(options.geometry ? { geometry: true } : {}),
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
  });
  return runFeederRows(rows, options, performance.now() - t0);
}

/** Model, (telemetry,) solve and summarise one feeder from rows already read (`readMs`: time spent reading them,
 * reported in `tempos_ms.leitura`). The single-feeder and the bulk (`--todos`) paths both end here. */
export async function runFeederRows(
  rows: FeederRows,
  options: RunOptions,
  readMs: number,
): Promise<FeederRunResult> {
  const ctmt = rows.feeder.cod_id;
  const idImportado = rows.idImportado;
  const leitura = readMs;
  let t0 = performance.now();
  const model = buildFeederModel(rows, options);
  let telemetria: FeederRunResult['telemetria'] = {
    fonte: 'nenhuma',
    transformadores_medidos: 0,
    transformadores_consultados: 0,
    codigos: [],
    observacao: 'sem fonte de telemetria configurada: cargas estimadas (ENE × CRVCRG)',
  };
  let measured: MeasuredTransformer[] = [];
  if (options.telemetry) {
    try {
      const codes = (model.input.transformers ?? []).map((t) => t.id.replace(/^untrd:/, ''));
      const readings = await options.telemetry.latest(codes);
      const { measured: list, ...use } = applyTelemetry(model, readings);
      measured = list;
      telemetria = {
        fonte: 'redis',
        ...use,
        observacao:
          'cargas abaixo dos transformadores com leitura recente (TTL 600 s) substituídas pela potência medida ' +
          'no secundário (as perdas da BT ficam por cima das cargas)',
      };
    } catch (error) {
      telemetria.observacao = `telemetria indisponível (${(error as Error).message}): cargas estimadas`;
    }
  }
  const modelo = performance.now() - t0;
  t0 = performance.now();
  const net = buildNetwork(model.input, { mode: options.mode ?? 'unbalanced' });
  const montagem = performance.now() - t0;
  t0 = performance.now();
  const solveOptions = { regulatorControl: options.regulatorControl ?? true };
  let result = solvePowerFlow(net, solveOptions);
  // measured transformers: shift their loads until the solved secondary power equals the measurement (the LV
  // losses below them, a few % of the load, change little between passes)
  let telemetryPasses = 0;
  while (measured.length > 0 && result.converged && telemetryPasses < MAX_TELEMETRY_PASSES) {
    const mismatch = correctForLvLosses(model, net, result, measured, TELEMETRY_TOLERANCE_KW);
    if (mismatch <= TELEMETRY_TOLERANCE_KW) break;
    telemetryPasses++;
    result = solvePowerFlow(net, solveOptions);
  }
  if (measured.length > 0) telemetria.correcoes_perdas_bt = telemetryPasses;
  const solucao = performance.now() - t0;
  const resumo = summariseInstant(model, result, {
    includeBuses: options.includeBuses ?? true,
    includeBranches: options.includeBranches ?? true,
  });
  const out: FeederRunResult = {
    ctmt,
    id_importado: idImportado,
    instante: {
      mes: options.month,
      tipo_dia: options.dayType,
      passo: options.step,
      hora: hhmm(options.step),
    },
    model,
    resultado: resumo,
    telemetria,
    tempos_ms: { leitura, modelo, montagem, solucao },
    regulatorTaps: result.regulatorTaps,
    fluxo: result,
  };
  if (options.day) out.dia = runDay(model, net, rows.year);
  return out;
}

/** 96 steps over the compiled network (regulator taps held at the instant's controlled positions). */
export function runDay(model: FeederModel, net: ReturnType<typeof buildNetwork>, year: number): DaySummary {
  const t0 = performance.now();
  const nt = terminalCount(net);
  const pKw = new Float64Array(STEPS_PER_DAY * nt);
  const qKvar = new Float64Array(STEPS_PER_DAY * nt);
  const profiles = [...model.loads, ...model.generators];
  const isGen = profiles.map((_, i) => i >= model.loads.length);
  for (let s = 0; s < STEPS_PER_DAY; s++) {
    let k = s * nt;
    profiles.forEach((p, i) => {
      const per = (p.pKw[s] as number) / p.phases.length;
      for (let j = 0; j < p.phases.length; j++) {
        pKw[k] = per;
        qKvar[k] = isGen[i] ? 0 : per * model.tanPhi;
        k++;
      }
    });
  }
  const ofBranch = Int32Array.from(
    net.branches,
    (b) => GROUP_OF_TABLE[model.branches.get(b.id)?.table ?? ''] ?? LOSS_GROUPS.length - 1,
  );
  const series = runTimeSeries(
    net,
    { steps: STEPS_PER_DAY, pKw, qKvar },
    { lossGroups: { ofBranch, count: LOSS_GROUPS.length } },
  );
  const groupKwh = new Float64Array(LOSS_GROUPS.length);
  series.groupLossKw?.forEach((kw, k) => {
    const g = k % LOSS_GROUPS.length;
    groupKwh[g] = (groupKwh[g] as number) + kw * STEP_HOURS;
  });
  let source = 0;
  let loads = 0;
  let losses = 0;
  let converged = 0;
  let vmin = Number.POSITIVE_INFINITY;
  for (let s = 0; s < STEPS_PER_DAY; s++) {
    source += (series.sourceKw[s] as number) * STEP_HOURS;
    loads += (series.loadKw[s] as number) * STEP_HOURS;
    losses += (series.lossKw[s] as number) * STEP_HOURS;
    converged += series.converged[s] as number;
    vmin = Math.min(vmin, series.minVmPu[s] as number);
  }
  const f = model.options;
  const declared = model.declared;
  const days = daysInMonth(year, f.month);
  const annualTechnical = declared.perdasTecnicasAnuaisKwh;
  const yearDays = daysInMonth(year, 2) === 29 ? 366 : 365;
  const monthEnergy = declared.energiaMensalKwh[f.month - 1] ?? 0;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    passos: STEPS_PER_DAY,
    convergiram: converged,
    energia_fonte_mwh: round(source / 1000),
    energia_cargas_mwh: round(loads / 1000),
    perdas_dia_mwh: round(losses / 1000),
    perdas_por_segmento_mwh: Object.fromEntries(
      LOSS_GROUPS.map((name, g) => [name, round6((groupKwh[g] as number) / 1000)]),
    ) as unknown as EnergyLossBreakdown,
    perdas_pct: source > 0 ? round((100 * losses) / source) : 0,
    perdas_kw_por_passo: Array.from(series.lossKw, (v) => round(v)),
    fonte_kw_por_passo: Array.from(series.sourceKw, (v) => round(v)),
    tensao_min_pu: round(vmin),
    declarado: {
      energia_injetada_dia_mwh: round(monthEnergy / days / 1000),
      perdas_tecnicas_dia_mwh: round(annualTechnical / yearDays / 1000),
      perdas_nao_tecnicas_dia_mwh: round(
        (declared.perdasNaoTecnicasMensaisKwh[f.month - 1] ?? 0) / days / 1000,
      ),
      perdas_tecnicas_anuais_mwh: round(annualTechnical / 1000),
      perdas_pct_da_energia:
        declared.energiaAnualKwh > 0 ? round((100 * annualTechnical) / declared.energiaAnualKwh) : 0,
    },
    tempo_solucao_ms: round(performance.now() - t0),
  };
}
