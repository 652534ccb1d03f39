// The brief's anomaly rules, pure: one reading + the transformer's rated data → measured values, and the
// severity each implies given the alert already open (hysteresis). No I/O here.
//
//   SOBRECARGA           carregamento = √(P² + Q²) / POT_NOM × 100 (potência aparente a partir de P e Q)
//                        ALERTA > 100 %, CRITICO > 120 %
//   TEMPERATURA_ALTA     ALERTA > 80 °C, CRITICO > 95 °C
//   SUBTENSAO            tensão primária < 0,9 × tensão nominal primária (EQTRMT.TEN_PRI via TTEN), ALERTA
//   DESEQUILIBRIO_FASES  max |Iₓ − Ī| / Ī × 100 > 10 % (só trifásicos, Ī ≥ 2 A), ALERTA
//   OFFLINE              sem leitura por `offlineIntervals` intervalos (avaliado pela varredura, não aqui)
import type { AlertType, Rating, Reading, Severity } from '../model.ts';

export interface Thresholds {
  overloadAlertPct: number;
  overloadCriticalPct: number;
  temperatureAlertC: number;
  temperatureCriticalC: number;
  /** Undervoltage below this fraction of the rated primary voltage. */
  undervoltageFactor: number;
  imbalancePct: number;
  /** Imbalance is judged only from this mean phase current up (A): at no load, currents of a few tens of
   * mA rounded to 0.01 A read as 20–30 % imbalance that no engineer would act on. */
  imbalanceMinCurrentA: number;
  /** OFFLINE after this many missed intervals. */
  offlineIntervals: number;
  /** An open alert clears only once the value is back this far inside the limit. */
  hysteresis: {
    overloadPct: number;
    temperatureC: number;
    undervoltageFactor: number;
    imbalancePct: number;
  };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  overloadAlertPct: 100,
  overloadCriticalPct: 120,
  temperatureAlertC: 80,
  temperatureCriticalC: 95,
  undervoltageFactor: 0.9,
  imbalancePct: 10,
  imbalanceMinCurrentA: 2,
  offlineIntervals: 2,
  hysteresis: { overloadPct: 5, temperatureC: 3, undervoltageFactor: 0.02, imbalancePct: 2 },
};

/** Limits of one rule on a scale where a larger value is worse. */
interface Levels {
  alert: number;
  critical: number | null;
  hysteresis: number;
}

/** One rule evaluated on one reading. */
export interface Evaluation {
  tipo: Exclude<AlertType, 'OFFLINE'>;
  /** Value shown to the operator (%, °C, kV). */
  valor: number;
  /** Limit shown with it (the ALERTA limit, in the same unit as `valor`). */
  limite: number;
  unidade: string;
  /** Value on the rule's "larger is worse" scale. */
  metric: number;
  levels: Levels;
  /** Rated value the message quotes (kVA for overload, kV for undervoltage); null otherwise. */
  nominal: number | null;
  describe(this: Evaluation, severity: Severity): string;
}

const fmt = (v: number, digits = 1) => v.toLocaleString('pt-BR', { maximumFractionDigits: digits });

/** Apparent power loading in % of rated kVA; null when the rating is missing or not positive. */
export function loadingPct(p: number, q: number, potNomKva: number | null): number | null {
  if (potNomKva === null || !(potNomKva > 0)) return null;
  return (Math.sqrt(p * p + q * q) / potNomKva) * 100;
}

/** NEMA phase imbalance in %; null when the mean current is zero (no load: nothing to compare). */
export function imbalancePct(a: number, b: number, c: number): number | null {
  const mean = (a + b + c) / 3;
  if (!(mean > 0)) return null;
  return (Math.max(Math.abs(a - mean), Math.abs(b - mean), Math.abs(c - mean)) / mean) * 100;
}

/** The rules' limits for one set of thresholds, shared by every evaluation (no objects per reading). */
interface RuleLevels {
  overload: Levels;
  temperature: Levels;
  undervoltage: Levels;
  imbalance: Levels;
}

const levelsCache = new WeakMap<Thresholds, RuleLevels>();

function levelsOf(t: Thresholds): RuleLevels {
  let l = levelsCache.get(t);
  if (!l) {
    l = {
      overload: {
        alert: t.overloadAlertPct,
        critical: t.overloadCriticalPct,
        hysteresis: t.hysteresis.overloadPct,
      },
      temperature: {
        alert: t.temperatureAlertC,
        critical: t.temperatureCriticalC,
        hysteresis: t.hysteresis.temperatureC,
      },
      undervoltage: {
        alert: -t.undervoltageFactor,
        critical: null,
        hysteresis: t.hysteresis.undervoltageFactor,
      },
      imbalance: { alert: t.imbalancePct, critical: null, hysteresis: t.hysteresis.imbalancePct },
    };
    levelsCache.set(t, l);
  }
  return l;
}

/**
 * The operator's message of an evaluation. One shared function (called as `evaluation.describe(s)`)
 * rather than a closure per rule and reading: creating those closures (each wrapped by the loader's
 * name-keeping helper) was ~2 % of the ingester's CPU under a burst.
 */
function describeEvaluation(this: Evaluation, s: Severity): string {
  switch (this.tipo) {
    case 'SOBRECARGA':
      return `${s === 'CRITICO' ? 'Sobrecarga crítica' : 'Sobrecarga'}: ${fmt(this.valor)} % da potência nominal (${fmt(this.nominal ?? 0)} kVA)`;
    case 'TEMPERATURA_ALTA':
      return `Temperatura ${s === 'CRITICO' ? 'crítica' : 'elevada'}: ${fmt(this.valor)} °C`;
    case 'SUBTENSAO':
      return `Subtensão no primário: ${fmt(this.valor, 2)} kV (${fmt(-this.metric * 100)} % de ${fmt(this.nominal ?? 0, 2)} kV)`;
    case 'DESEQUILIBRIO_FASES':
      return `Desequilíbrio de correntes entre fases: ${fmt(this.valor)} %`;
  }
}

/** Evaluates the reading-based rules; rules that need a missing rating are skipped. */
export function evaluate(reading: Reading, rating: Rating | undefined, t: Thresholds): Evaluation[] {
  const out: Evaluation[] = [];
  const levels = levelsOf(t);
  const loading = loadingPct(reading.potencia_ativa, reading.potencia_reativa, rating?.potNomKva ?? null);
  if (loading !== null && rating?.potNomKva) {
    out.push({
      tipo: 'SOBRECARGA',
      valor: loading,
      limite: t.overloadAlertPct,
      unidade: '%',
      metric: loading,
      levels: levels.overload,
      nominal: rating.potNomKva,
      describe: describeEvaluation,
    });
  }
  out.push({
    tipo: 'TEMPERATURA_ALTA',
    valor: reading.temperatura,
    limite: t.temperatureAlertC,
    unidade: '°C',
    metric: reading.temperatura,
    levels: levels.temperature,
    nominal: null,
    describe: describeEvaluation,
  });
  const nominal = rating?.tenPriKv ?? null;
  if (nominal !== null && nominal > 0) {
    const pu = reading.tensao_primario / nominal;
    // On the "larger is worse" scale the metric is −pu and the limit −factor.
    out.push({
      tipo: 'SUBTENSAO',
      valor: reading.tensao_primario,
      limite: t.undervoltageFactor * nominal,
      unidade: 'kV',
      metric: -pu,
      levels: levels.undervoltage,
      nominal,
      describe: describeEvaluation,
    });
  }
  const threePhase = (rating?.fases ?? 3) === 3;
  const meanCurrent = (reading.corrente_a + reading.corrente_b + reading.corrente_c) / 3;
  const imbalance =
    threePhase && meanCurrent >= t.imbalanceMinCurrentA
      ? imbalancePct(reading.corrente_a, reading.corrente_b, reading.corrente_c)
      : null;
  if (imbalance !== null) {
    out.push({
      tipo: 'DESEQUILIBRIO_FASES',
      valor: imbalance,
      limite: t.imbalancePct,
      unidade: '%',
      metric: imbalance,
      levels: levels.imbalance,
      nominal: null,
      describe: describeEvaluation,
    });
  }
  return out;
}

/**
 * Severity after this reading, given the severity of the alert already open (null: none).
 * Raising uses the limits as they are; staying raised (or staying CRITICO) only needs the value to be
 * within `hysteresis` of the limit, so a value hovering around a limit does not flap.
 */
export function nextSeverity(metric: number, levels: Levels, current: Severity | null): Severity | null {
  const { alert, critical, hysteresis } = levels;
  if (critical !== null) {
    if (metric > critical) return 'CRITICO';
    if (current === 'CRITICO' && metric > critical - hysteresis) return 'CRITICO';
  }
  if (metric > alert) return 'ALERTA';
  if (current !== null && metric > alert - hysteresis) return 'ALERTA';
  return null;
}
