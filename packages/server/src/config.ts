// Server configuration read from the environment, in one place, with documented defaults.
//
//   PORT              porta HTTP (padrão 8000)
//   HOST              endereço de escuta (padrão 0.0.0.0)
//   DATABASE_URL      PostgreSQL + PostGIS (padrão: o de @rede-eletrica/bdgd, postgres://postgres@localhost:5432/rede_eletrica)
//   REDE_MODO         desenvolvimento | producao (padrão: producao se NODE_ENV=production, senão desenvolvimento)
//   REDE_CACHE_TILES_MB     orçamento do cache de tiles em memória, em MB (padrão 128)
//   REDE_GERACAO_TTL_MS     por quanto tempo a "geração" das importações é considerada atual (padrão 1000 ms)
//   REDE_UPLOAD_MAX_MB      tamanho máximo de um .gdb.zip enviado em POST /importacoes, em MB (padrão 2048)
//   REDE_WEB_DIST     pasta do console web compilado (padrão packages/web/dist; servido só se existir)
//   Telemetria (@rede-eletrica/telemetry, ver docs/TELEMETRY.md): REDIS_URL, MQTT_URL, MQTT_PREFIXO,
//   TIMESCALE_URL (padrão DATABASE_URL), REDE_TELEMETRIA=desligada para não iniciá-la, e os REDE_* de lá.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from '@rede-eletrica/bdgd';
import { loadTelemetryConfig, type TelemetryConfig } from '@rede-eletrica/telemetry';

export type Modo = 'desenvolvimento' | 'producao';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  modo: Modo;
  /** Byte budget of the in-memory tile cache. */
  tileCacheBytes: number;
  /** How long a read of the import generation (max importado_em) is trusted before re-reading it. */
  generationTtlMs: number;
  /** Folder with the built web console; served at `/` only when it exists. */
  webDist: string;
  /** Pool size for the PostgreSQL connection pool. */
  poolSize: number;
  /** Largest BDGD upload accepted by `POST /importacoes`, in bytes. */
  uploadMaxBytes: number;
  /** Live telemetry (MQTT ingestion, Redis, WebSockets); `enabled: false` with REDE_TELEMETRIA=desligada. */
  telemetria: TelemetryConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuração inválida: ${message}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}="${raw}" deve ser um número inteiro entre ${min} e ${max}`);
  }
  return value;
}

function modo(env: NodeJS.ProcessEnv): Modo {
  const raw = env.REDE_MODO?.trim();
  if (raw) {
    if (raw === 'desenvolvimento' || raw === 'producao') return raw;
    throw new ConfigError(`REDE_MODO="${raw}" deve ser "desenvolvimento" ou "producao"`);
  }
  return env.NODE_ENV === 'production' ? 'producao' : 'desenvolvimento';
}

function postgresUrl(env: NodeJS.ProcessEnv): string {
  const url = databaseUrl(env);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      `DATABASE_URL="${url}" não é uma URL válida (ex.: postgres://usuario@host:5432/banco)`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL deve começar com postgres:// ou postgresql:// (recebido ${parsed.protocol})`,
    );
  }
  if (parsed.pathname.replace(/^\//, '') === '') {
    throw new ConfigError('DATABASE_URL precisa indicar o nome do banco (ex.: .../rede_eletrica)');
  }
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST?.trim() || '0.0.0.0';
  const url = postgresUrl(env);
  return {
    port: integer(env, 'PORT', 8000, 0, 65535),
    host,
    databaseUrl: url,
    modo: modo(env),
    tileCacheBytes: integer(env, 'REDE_CACHE_TILES_MB', 128, 0, 65536) * 1024 * 1024,
    generationTtlMs: integer(env, 'REDE_GERACAO_TTL_MS', 1000, 0, 3_600_000),
    webDist: env.REDE_WEB_DIST ? resolve(env.REDE_WEB_DIST) : DEFAULT_WEB_DIST,
    poolSize: integer(env, 'REDE_POOL', 8, 1, 200),
    uploadMaxBytes: integer(env, 'REDE_UPLOAD_MAX_MB', 2048, 1, 1_048_576) * 1024 * 1024,
    telemetria: loadTelemetryConfig({ ...env, DATABASE_URL: url, REDE_MODO: modo(env) }),
  };
}
