// Operator wording and formatting for live telemetry (Brazilian Portuguese).
import type { Severity, TelemetryValues, TransformerStatus } from '../api/client.ts';

/** Nominal telemetry interval is 5 min: a reading older than 2 intervals + margin is not live. */
export const STALE_AFTER_MS = 12 * 60_000;

export const STATUS_LABELS: Record<TransformerStatus, string> = {
  NORMAL: 'Normal',
  ALERTA: 'Alerta',
  CRITICO: 'Crítico',
  OFFLINE: 'Sem comunicação',
};

export const SEVERITY_LABELS: Record<Severity, string> = { ALERTA: 'Alerta', CRITICO: 'Crítico' };

export const ALERT_TYPE_LABELS: Record<string, string> = {
  SOBRECARGA: 'Sobrecarga',
  TEMPERATURA_ALTA: 'Temperatura alta',
  SUBTENSAO: 'Subtensão',
  DESEQUILIBRIO_FASES: 'Desequilíbrio de fases',
  OFFLINE: 'Sem comunicação',
};

/** Reading fields shown to operators, in display order, with unit and decimals. */
export const READING_FIELDS: Array<{ field: string; label: string; unit: string; digits: number }> = [
  { field: 'tensao_primario', label: 'Tensão primária', unit: 'kV', digits: 2 },
  { field: 'tensao_secundario', label: 'Tensão secundária', unit: 'V', digits: 1 },
  { field: 'potencia_ativa', label: 'Potência ativa', unit: 'kW', digits: 1 },
  { field: 'potencia_reativa', label: 'Potência reativa', unit: 'kVAr', digits: 1 },
  { field: 'corrente_a', label: 'Corrente fase A', unit: 'A', digits: 1 },
  { field: 'corrente_b', label: 'Corrente fase B', unit: 'A', digits: 1 },
  { field: 'corrente_c', label: 'Corrente fase C', unit: 'A', digits: 1 },
  { field: 'temperatura', label: 'Temperatura', unit: '°C', digits: 1 },
];

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, digits = 1): string {
  let f = numberFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, f);
  }
  return f.format(value);
}

export function readingTime(dados: TelemetryValues | undefined): number | null {
  const t = Date.parse(String(dados?.timestamp ?? ''));
  return Number.isFinite(t) ? t : null;
}

/** "há 12 s", "há 4 min", "há 3 h", "há 2 dias". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `há ${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `há ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `há ${h} h`;
  return `há ${Math.floor(h / 24)} dias`;
}

const dateTime = new Intl.DateTimeFormat('pt-BR', {
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatDateTime(iso: string | number): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d);
}

export function isStale(dados: TelemetryValues | undefined, now = Date.now()): boolean {
  const t = readingTime(dados);
  return t === null || now - t > STALE_AFTER_MS;
}
