// Shapes shared by the pipeline, storage, rules and API. Field names are the brief's (a public contract).

/** The numeric fields of a reading, in the brief's units. */
export const MEASUREMENT_FIELDS = [
  'tensao_primario', // kV
  'tensao_secundario', // V
  'corrente_a', // A
  'corrente_b', // A
  'corrente_c', // A
  'potencia_ativa', // kW
  'potencia_reativa', // kVAr
  'temperatura', // °C
] as const;

export type MeasurementField = (typeof MEASUREMENT_FIELDS)[number];

/** A validated reading. `timestamp` is normalised to UTC ISO-8601 (`…Z`, milliseconds). */
export interface Reading extends Record<MeasurementField, number> {
  cod_transformador: string;
  timestamp: string;
  /** Epoch milliseconds of `timestamp`. */
  ts: number;
  /** Status reported by the device, if any (stored as sent; the operator status is derived from alerts). */
  status?: string;
}

export type Severity = 'ALERTA' | 'CRITICO';
export type TransformerStatus = 'NORMAL' | 'ALERTA' | 'CRITICO' | 'OFFLINE';
export type AlertType = 'SOBRECARGA' | 'TEMPERATURA_ALTA' | 'SUBTENSAO' | 'DESEQUILIBRIO_FASES' | 'OFFLINE';

/** Rated data of a transformer, from the imported BDGD. */
export interface Rating {
  cod_id: string;
  /** UNTRMT.POT_NOM, kVA (null when missing or not positive). */
  potNomKva: number | null;
  /** Primary voltage decoded from EQTRMT.TEN_PRI through TTEN, kV (null when unknown). */
  tenPriKv: number | null;
  ctmt: string | null;
  /** Number of primary phases from UNTRMT.FAS_CON_P (ABC → 3), null when unknown. */
  fases: number | null;
  lon: number | null;
  lat: number | null;
}

/** An alert as stored (table `alertas`) and sent to clients. */
export interface Alert {
  id: number;
  cod_transformador: string;
  ctmt: string | null;
  tipo: AlertType;
  severidade: Severity;
  valor: number | null;
  limite: number | null;
  unidade: string;
  mensagem: string;
  aberto_em: string;
  atualizado_em: string;
  reconhecido_em: string | null;
  reconhecido_por: string | null;
  encerrado_em: string | null;
}

/** What `alertas:stream` carries. */
export interface AlertEvent {
  tipo: 'alerta';
  evento: 'aberto' | 'agravado' | 'atenuado' | 'reconhecido' | 'encerrado';
  alerta: Alert;
  status: TransformerStatus;
}

/** What `telemetria:stream` carries (the brief's message plus location/feeder for bbox/feeder routing). */
export interface TelemetryEvent {
  tipo: 'telemetria';
  cod_transformador: string;
  ctmt: string | null;
  lon: number | null;
  lat: number | null;
  conhecido: boolean;
  /** Older than the newest reading already received for this transformer (stored, not cached). */
  atrasada: boolean;
  status: TransformerStatus;
  dados: Record<string, number | string>;
  anomalias: Array<{ tipo: AlertType; severidade: Severity; valor: number }>;
}

/** Reading fields as written into the Redis hash / sent to clients. */
export function readingData(r: Reading): Record<string, number | string> {
  const out: Record<string, number | string> = { timestamp: r.timestamp };
  for (const f of MEASUREMENT_FIELDS) out[f] = r[f];
  if (r.status !== undefined) out.status_dispositivo = r.status;
  return out;
}
