// TelemetrySource over Redis: hash `{prefix}telemetria:ultimo:{cod_transformador}` (fields potencia_ativa kW,
// potencia_reativa kVAr, timestamp; TTL 600 s) written by packages/telemetry. The prefix is the same
// REDE_REDIS_PREFIXO the telemetry service uses (empty by default: the project's own keys). Keys that expired
// are absent.
import { Redis } from 'ioredis';
import type { TelemetrySource, TransformerReading } from './source.ts';

export interface RedisTelemetryOptions {
  /** Key prefix (default: env REDE_REDIS_PREFIXO, else empty). */
  prefix?: string;
}

export class RedisTelemetrySource implements TelemetrySource {
  private readonly redis: Redis;
  readonly prefix: string;

  constructor(url: string, options: RedisTelemetryOptions = {}) {
    this.prefix = options.prefix ?? process.env.REDE_REDIS_PREFIXO ?? '';
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  }

  async latest(codes: readonly string[]): Promise<Map<string, TransformerReading>> {
    const out = new Map<string, TransformerReading>();
    if (codes.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const code of codes)
      pipeline.hmget(
        `${this.prefix}telemetria:ultimo:${code}`,
        'potencia_ativa',
        'potencia_reativa',
        'timestamp',
      );
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error, value], i) => {
      if (error || !Array.isArray(value)) return;
      const [p, q, ts] = value as (string | null)[];
      const pKw = Number(p);
      const qKvar = Number(q);
      if (p === null || p === undefined || !Number.isFinite(pKw)) return;
      out.set(codes[i] as string, { pKw, qKvar: Number.isFinite(qKvar) ? qKvar : 0, timestamp: ts ?? '' });
    });
    return out;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
