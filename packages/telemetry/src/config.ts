// Telemetry configuration read from the environment, in one place, with documented defaults.
//
//   DATABASE_URL          PostgreSQL + PostGIS com a BDGD importada (dados nominais, localização)
//   TIMESCALE_URL         banco das séries temporais (padrão: DATABASE_URL); TimescaleDB se disponível
//   REDIS_URL             cache + pub/sub (padrão redis://127.0.0.1:6379)
//   MQTT_URL              broker MQTT (padrão mqtt://127.0.0.1:1883)
//   MQTT_PREFIXO          prefixo dos tópicos `{prefixo}/{cod_transformador}` (padrão telemetria)
//   REDE_MODO             desenvolvimento | producao; em produção Redis e MQTT são obrigatórios
//   REDE_TELEMETRIA       ligada | desligada (padrão ligada)
//   REDE_INGESTAO         ligada | desligada: este processo consome o MQTT (padrão ligada)
//   REDE_INGESTOR_ID      identificador estável do ingestor (sessão MQTT persistente; padrão ingestor-<host>)
//   REDE_MQTT_GRUPO       grupo da assinatura compartilhada $share (padrão rede-ingestao)
//   REDE_REDIS_PREFIXO    prefixo das chaves/canais Redis (padrão vazio: as chaves do projeto)
//   REDE_INTERVALO_S      intervalo nominal de telemetria em segundos (padrão 300)
//   REDE_RETENCAO_DIAS    retenção dos dados brutos (padrão 90)
//   REDE_LOTE_MAX         leituras por lote gravado (padrão 5000)
//   REDE_LOTE_MS          espera máxima para formar um lote, ms (padrão 50)
//   REDE_WS_FILA_BYTES    bytes pendentes por cliente WebSocket antes de descartar (padrão 1 MiB)
//   REDE_LIMITE_*         limiares das regras (ver `thresholdsFromEnv`)
import { hostname } from 'node:os';
import { DEFAULT_THRESHOLDS, type Thresholds } from './rules/anomalies.ts';

export type Modo = 'desenvolvimento' | 'producao';

export interface TelemetryConfig {
  enabled: boolean;
  modo: Modo;
  databaseUrl: string;
  timescaleUrl: string;
  redisUrl: string;
  mqttUrl: string;
  mqttPrefix: string;
  /** Consume MQTT in this process. */
  ingest: boolean;
  ingesterId: string;
  mqttGroup: string;
  /** Use `$share/{group}/…` subscriptions (off for brokers without them, e.g. the embedded one). */
  sharedSubscription: boolean;
  redisPrefix: string;
  intervalSeconds: number;
  retentionDays: number;
  batchMax: number;
  batchMs: number;
  /** How far in the future a timestamp may be (clock skew) before it is rejected. */
  futureToleranceSeconds: number;
  wsQueueBytes: number;
  /** How often the OFFLINE / retention sweeper runs (ms). */
  sweepMs: number;
  thresholds: Thresholds;
  /** Port of the embedded MQTT broker used as a fallback in development (default: MQTT_URL's port). */
  embeddedMqttPort?: number;
}

export class TelemetryConfigError extends Error {
  constructor(message: string) {
    super(`configuração de telemetria inválida: ${message}`);
    this.name = 'TelemetryConfigError';
  }
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new TelemetryConfigError(`${name}="${raw}" deve ser um número entre ${min} e ${max}`);
  }
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['ligada', 'ligado', 'sim', '1', 'true'].includes(raw)) return true;
  if (['desligada', 'desligado', 'nao', 'não', '0', 'false'].includes(raw)) return false;
  throw new TelemetryConfigError(`${name}="${env[name]}" deve ser "ligada" ou "desligada"`);
}

export function thresholdsFromEnv(env: NodeJS.ProcessEnv): Thresholds {
  const d = DEFAULT_THRESHOLDS;
  return {
    overloadAlertPct: num(env, 'REDE_LIMITE_SOBRECARGA_ALERTA', d.overloadAlertPct, 1, 1000),
    overloadCriticalPct: num(env, 'REDE_LIMITE_SOBRECARGA_CRITICO', d.overloadCriticalPct, 1, 1000),
    temperatureAlertC: num(env, 'REDE_LIMITE_TEMPERATURA_ALERTA', d.temperatureAlertC, -50, 300),
    temperatureCriticalC: num(env, 'REDE_LIMITE_TEMPERATURA_CRITICO', d.temperatureCriticalC, -50, 300),
    undervoltageFactor: num(env, 'REDE_LIMITE_SUBTENSAO', d.undervoltageFactor, 0, 1),
    imbalancePct: num(env, 'REDE_LIMITE_DESEQUILIBRIO', d.imbalancePct, 0, 100),
    imbalanceMinCurrentA: num(env, 'REDE_DESEQUILIBRIO_CORRENTE_MIN', d.imbalanceMinCurrentA, 0, 10_000),
    offlineIntervals: num(env, 'REDE_LIMITE_OFFLINE_INTERVALOS', d.offlineIntervals, 1, 100),
    hysteresis: {
      overloadPct: num(env, 'REDE_HISTERESE_SOBRECARGA', d.hysteresis.overloadPct, 0, 100),
      temperatureC: num(env, 'REDE_HISTERESE_TEMPERATURA', d.hysteresis.temperatureC, 0, 100),
      undervoltageFactor: num(env, 'REDE_HISTERESE_SUBTENSAO', d.hysteresis.undervoltageFactor, 0, 1),
      imbalancePct: num(env, 'REDE_HISTERESE_DESEQUILIBRIO', d.hysteresis.imbalancePct, 0, 100),
    },
  };
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TelemetryConfigError(`${name}="${raw}" não é uma URL válida`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new TelemetryConfigError(`${name} deve começar com ${protocols.map((p) => `${p}//`).join(' ou ')}`);
  }
  return raw;
}

export function loadTelemetryConfig(env: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  const modoRaw = env.REDE_MODO?.trim();
  let modo: Modo;
  if (modoRaw === 'desenvolvimento' || modoRaw === 'producao') modo = modoRaw;
  else if (modoRaw)
    throw new TelemetryConfigError(`REDE_MODO="${modoRaw}" deve ser desenvolvimento ou producao`);
  else modo = env.NODE_ENV === 'production' ? 'producao' : 'desenvolvimento';
  const databaseUrl = url(env, 'DATABASE_URL', 'postgres://postgres@localhost:5432/rede_eletrica', [
    'postgres:',
    'postgresql:',
  ]);
  const prefix = (env.MQTT_PREFIXO?.trim() || 'telemetria').replace(/\/+$/, '');
  if (/[+#]/.test(prefix)) throw new TelemetryConfigError('MQTT_PREFIXO não pode conter + ou #');
  const embedded = env.REDE_MQTT_EMBUTIDO_PORTA;
  const config: TelemetryConfig = {
    enabled: onOff(env, 'REDE_TELEMETRIA', true),
    modo,
    databaseUrl,
    timescaleUrl: url(env, 'TIMESCALE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    mqttUrl: url(env, 'MQTT_URL', 'mqtt://127.0.0.1:1883', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttPrefix: prefix,
    ingest: onOff(env, 'REDE_INGESTAO', true),
    ingesterId: env.REDE_INGESTOR_ID?.trim() || `ingestor-${hostname()}`,
    mqttGroup: env.REDE_MQTT_GRUPO?.trim() || 'rede-ingestao',
    sharedSubscription: onOff(env, 'REDE_MQTT_COMPARTILHADA', true),
    redisPrefix: env.REDE_REDIS_PREFIXO ?? '',
    intervalSeconds: num(env, 'REDE_INTERVALO_S', 300, 1, 86_400),
    retentionDays: num(env, 'REDE_RETENCAO_DIAS', 90, 1, 36_500),
    batchMax: num(env, 'REDE_LOTE_MAX', 5000, 1, 100_000),
    batchMs: num(env, 'REDE_LOTE_MS', 50, 0, 10_000),
    futureToleranceSeconds: num(env, 'REDE_TOLERANCIA_FUTURO_S', 300, 0, 86_400),
    wsQueueBytes: num(env, 'REDE_WS_FILA_BYTES', 1 << 20, 1024, 1 << 30),
    sweepMs: num(env, 'REDE_VARREDURA_MS', 15_000, 100, 3_600_000),
    thresholds: thresholdsFromEnv(env),
  };
  if (embedded) config.embeddedMqttPort = num(env, 'REDE_MQTT_EMBUTIDO_PORTA', 1883, 0, 65535);
  return config;
}
