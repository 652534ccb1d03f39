// Annualised energy and technical losses of one feeder: 12 months × 3 day types (DU, SA, DO), each a 96-step day
// solved like `runFeeder(..., { day: true })` (regulator taps controlled at 19:00 and held over the day), weighted
// by the number of days of that type in the month (calendar.ts). Compared with the CTMT declarations: annual
// injected energy Σ ENE_xx and annual technical losses PERD_A4 + PERD_B + PERD_A4_B (without meters). The
// losses are also split by segment type (MV lines, LV lines, service drops, MV/LV transformers).
import { buildNetwork, solvePowerFlow } from '@rede-eletrica/powerflow';
import type pg from 'pg';
import { type ImportCatalogue, readFeederRows } from './load/read-feeder.ts';
import { buildFeederModel, type ModelOptions } from './model/build-feeder.ts';
import { DAY_TYPES, type DayType, dayCounts } from './model/calendar.ts';
import { type EnergyLossBreakdown, runDay } from './run-feeder.ts';

export interface YearDay {
  mes: number;
  tipo_dia: DayType;
  dias: number;
  energia_fonte_mwh: number;
  energia_cargas_mwh: number;
  perdas_mwh: number;
  perdas_por_segmento_mwh: EnergyLossBreakdown;
  convergiram: number;
}

export interface YearSummary {
  ctmt: string;
  ano: number;
  dias: YearDay[];
  energia_fonte_anual_mwh: number;
  energia_cargas_anual_mwh: number;
  perdas_anuais_mwh: number;
  /** Annual losses by segment type: Σ over the 36 days of (days of the type) × the day's split. */
  perdas_anuais_por_segmento_mwh: EnergyLossBreakdown;
  perdas_pct_da_fonte: number;
  declarado: {
    energia_injetada_anual_mwh: number;
    perdas_tecnicas_anuais_mwh: number;
    perdas_pct_da_energia: number;
  };
  passos_sem_convergencia: number;
  tempo_ms: number;
}

export async function runYear(
  db: pg.Pool | pg.ClientBase,
  idImportado: number,
  ctmt: string,
  options: Pick<ModelOptions, 'powerFactor' | 'loadModel' | 'capacitors' | 'mvZ0Ratio' | 'lvZ0Ratio'> & {
    catalogue?: ImportCatalogue;
    /** Step at which the regulator taps are controlled (default 76 = 19:00). */
    controlStep?: number;
  } = {},
): Promise<YearSummary> {
  const t0 = performance.now();
  const rows = await readFeederRows(
    db,
    idImportado,
    ctmt,
    options.catalogue ? { catalogue: options.catalogue } : {},
  );
  const days: YearDay[] = [];
  let source = 0;
  let loads = 0;
  let losses = 0;
  let failed = 0;
  const parts: EnergyLossBreakdown = {
    linhas_mt_mwh: 0,
    linhas_bt_mwh: 0,
    ramais_mwh: 0,
    transformadores_mwh: 0,
    outros_mwh: 0,
  };
  let declared = { energia: 0, perdas: 0 };
  for (let month = 1; month <= 12; month++) {
    const counts = dayCounts(rows.year, month);
    for (const dayType of DAY_TYPES) {
      const n = counts[dayType];
      if (n === 0) continue;
      const model = buildFeederModel(rows, { ...options, month, dayType, step: options.controlStep ?? 76 });
      const net = buildNetwork(model.input);
      solvePowerFlow(net, { regulatorControl: true, results: false });
      const day = runDay(model, net, rows.year);
      declared = { energia: model.declared.energiaAnualKwh, perdas: model.declared.perdasTecnicasAnuaisKwh };
      days.push({
        mes: month,
        tipo_dia: dayType,
        dias: n,
        energia_fonte_mwh: day.energia_fonte_mwh,
        energia_cargas_mwh: day.energia_cargas_mwh,
        perdas_mwh: day.perdas_dia_mwh,
        perdas_por_segmento_mwh: day.perdas_por_segmento_mwh,
        convergiram: day.convergiram,
      });
      for (const key of Object.keys(parts) as (keyof EnergyLossBreakdown)[])
        parts[key] += n * day.perdas_por_segmento_mwh[key];
      source += n * day.energia_fonte_mwh;
      loads += n * day.energia_cargas_mwh;
      losses += n * day.perdas_dia_mwh;
      failed += day.passos - day.convergiram;
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    ctmt,
    ano: rows.year,
    dias: days,
    energia_fonte_anual_mwh: round(source),
    energia_cargas_anual_mwh: round(loads),
    perdas_anuais_mwh: round(losses),
    perdas_anuais_por_segmento_mwh: Object.fromEntries(
      Object.entries(parts).map(([key, value]) => [key, round(value)]),
    ) as unknown as EnergyLossBreakdown,
    perdas_pct_da_fonte: source > 0 ? round((100 * losses) / source) : 0,
    declarado: {
      energia_injetada_anual_mwh: round(declared.energia / 1000),
      perdas_tecnicas_anuais_mwh: round(declared.perdas / 1000),
      perdas_pct_da_energia: declared.energia > 0 ? round((100 * declared.perdas) / declared.energia) : 0,
    },
    passos_sem_convergencia: failed,
    tempo_ms: round(performance.now() - t0),
  };
}
