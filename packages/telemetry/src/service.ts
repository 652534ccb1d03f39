// Wires the telemetry subsystem: Redis (or the in-process fallback), MQTT (or the embedded broker), the
// time-series storage on TIMESCALE_URL, the BDGD ratings on DATABASE_URL, the ingest pipeline, the sweeper
// and the per-process WebSocket hub. In production mode Redis and MQTT are required.
import pg from 'pg';
import { AlertService } from './alerts/service.ts';
import type { Bus } from './bus/bus.ts';
import { MemoryBus } from './bus/memory.ts';
import { RedisBus, redisReachable } from './bus/redis.ts';
import type { TelemetryConfig } from './config.ts';
import { TelemetryHub } from './http/hub.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import { Sweeper } from './ingest/sweeper.ts';
import { type EmbeddedBroker, mqttReachable, startEmbeddedBroker } from './mqtt/embedded.ts';
import { MqttIngester } from './mqtt/ingester.ts';
import { LeanMqttIngester } from './mqtt/lean-ingester.ts';
import { RatingCache } from './ratings/ratings.ts';
import { migrateTelemetry, type StorageMode } from './storage/migrate.ts';
import { TelemetryStore } from './storage/store.ts';

export class TelemetryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryUnavailableError';
  }
}

export interface Telemetry {
  config: TelemetryConfig;
  storageMode: StorageMode;
  bus: Bus;
  /** Pool on DATABASE_URL (BDGD: ratings, locations). */
  bdgdPool: pg.Pool;
  /** Pool on TIMESCALE_URL (time series, alerts). */
  tsPool: pg.Pool;
  store: TelemetryStore;
  ratings: RatingCache;
  alerts: AlertService;
  pipeline: IngestPipeline;
  hub: TelemetryHub;
  sweeper: Sweeper | null;
  ingester: MqttIngester | LeanMqttIngester | null;
  embeddedBroker: EmbeddedBroker | null;
  /** Effective MQTT URL (the embedded broker's when it stands in). */
  mqttUrl: string | null;
  /** Human-readable notes on fallbacks in use (empty in a normal setup). */
  fallbacks: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (level: 'info' | 'warn', message: string) => void;
  now?: () => number;
}

function loud(log: NonNullable<StartOptions['log']>, message: string): void {
  const bar = '!'.repeat(Math.min(100, message.length + 4));
  log('warn', `\n${bar}\n! ${message}\n${bar}`);
}

export async function startTelemetry(
  config: TelemetryConfig,
  options: StartOptions = {},
): Promise<Telemetry> {
  const log =
    options.log ?? ((level, m) => (level === 'warn' ? console.warn : console.log)(`[telemetria] ${m}`));
  const fallbacks: string[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    // Redis
    let bus: Bus;
    if (await redisReachable(config.redisUrl)) {
      bus = new RedisBus(config.redisUrl, config.redisPrefix);
    } else if (config.modo === 'producao') {
      throw new TelemetryUnavailableError(
        `Redis inacessível em ${config.redisUrl}: em produção (REDE_MODO=producao) o servidor não inicia sem Redis`,
      );
    } else {
      const note = `Redis inacessível em ${config.redisUrl}: usando cache e pub/sub EM MEMÓRIA (só desenvolvimento, um processo)`;
      loud(log, note);
      fallbacks.push(note);
      bus = new MemoryBus(config.redisPrefix, options.now);
    }
    cleanups.push(() => bus.close());

    // MQTT
    let mqttUrl: string | null = null;
    let embeddedBroker: EmbeddedBroker | null = null;
    if (config.ingest) {
      if (await mqttReachable(config.mqttUrl)) {
        mqttUrl = config.mqttUrl;
      } else if (config.modo === 'producao') {
        throw new TelemetryUnavailableError(
          `broker MQTT inacessível em ${config.mqttUrl}: em produção (REDE_MODO=producao) o servidor não inicia sem MQTT`,
        );
      } else {
        const port = config.embeddedMqttPort ?? Number(new URL(config.mqttUrl).port || 1883);
        const broker = await startEmbeddedBroker(port);
        embeddedBroker = broker;
        cleanups.push(() => broker.close());
        mqttUrl = broker.url;
        const note = `broker MQTT inacessível em ${config.mqttUrl}: usando broker Aedes EMBUTIDO em ${broker.url} (só desenvolvimento)`;
        loud(log, note);
        fallbacks.push(note);
      }
    }

    // PostgreSQL
    const tsPool = new pg.Pool({
      connectionString: config.timescaleUrl,
      max: 6,
      application_name: 'rede-telemetria',
    });
    tsPool.on('error', (err) => log('warn', `conexão ociosa perdida (séries): ${err.message}`));
    cleanups.push(() => tsPool.end());
    const bdgdPool =
      config.databaseUrl === config.timescaleUrl
        ? tsPool
        : new pg.Pool({
            connectionString: config.databaseUrl,
            max: 3,
            application_name: 'rede-telemetria-bdgd',
          });
    if (bdgdPool !== tsPool) {
      bdgdPool.on('error', (err) => log('warn', `conexão ociosa perdida (BDGD): ${err.message}`));
      cleanups.push(() => bdgdPool.end());
    }
    const { mode } = await migrateTelemetry(tsPool, config.retentionDays);
    log(
      'info',
      `armazenamento: ${mode === 'timescaledb' ? 'TimescaleDB (hypertable + agregações contínuas)' : 'PostgreSQL com particionamento nativo (sem TimescaleDB)'}`,
    );

    const ratings = new RatingCache(bdgdPool);
    await ratings.refresh(true);
    ratings.watch(30_000);
    cleanups.push(async () => ratings.stop());
    log('info', `${ratings.size} transformadores com dados nominais da BDGD`);

    const store = new TelemetryStore(tsPool, mode, config.ingesterId);
    const alerts = new AlertService(tsPool, bus);
    const pipeline = new IngestPipeline(store, bus, ratings, alerts, {
      mqttPrefix: config.mqttPrefix,
      batchMax: config.batchMax,
      batchMs: config.batchMs,
      futureToleranceSeconds: config.futureToleranceSeconds,
      retentionDays: config.retentionDays,
      thresholds: config.thresholds,
      now: options.now,
    });

    cleanups.push(() => pipeline.close());
    const recovered = await pipeline.recover();
    if (recovered > 0)
      log('info', `${recovered} leitura(s) gravada(s) e não publicada(s) antes de parar: publicadas agora`);

    const hub = new TelemetryHub(bus, config.wsQueueBytes);
    await hub.start();
    cleanups.push(() => hub.stop());

    let sweeper: Sweeper | null = null;
    let ingester: MqttIngester | LeanMqttIngester | null = null;
    if (config.ingest && mqttUrl) {
      sweeper = new Sweeper(bus, alerts, store, ratings, (m) => bus.publish('alertas', m), {
        owner: config.ingesterId,
        intervalSeconds: config.intervalSeconds,
        offlineIntervals: config.thresholds.offlineIntervals,
        retentionDays: config.retentionDays,
        everyMs: config.sweepMs,
        now: options.now,
        onLog: (m) => log('info', m),
      });
      await sweeper.retention(true);
      sweeper.start();
      const s = sweeper;
      cleanups.push(() => s.stop());
      const ingesterOptions = {
        url: mqttUrl,
        prefix: config.mqttPrefix,
        clientId: config.ingesterId,
        group: embeddedBroker || !config.sharedSubscription ? null : config.mqttGroup,
        protocolVersion: embeddedBroker ? 4 : 5,
        onLog: (m: string) => log('info', m),
      } as const;
      // MQTT 5 brokers: the socket-level client (lean-ingester.ts); the embedded Aedes (3.1.1): mqtt.js.
      ingester = embeddedBroker
        ? new MqttIngester(pipeline, ingesterOptions)
        : new LeanMqttIngester(pipeline, ingesterOptions);
      await ingester.start();
      const i = ingester;
      cleanups.push(() => i.stop());
    }

    let stopped = false;
    return {
      config,
      storageMode: mode,
      bus,
      bdgdPool,
      tsPool,
      store,
      ratings,
      alerts,
      pipeline,
      hub,
      sweeper,
      ingester,
      embeddedBroker,
      mqttUrl,
      fallbacks,
      async stop() {
        if (stopped) return;
        stopped = true;
        await runCleanups(cleanups);
      },
    };
  } catch (err) {
    await runCleanups(cleanups);
    throw err;
  }
}

/** Stops in reverse order of start: ingester (drains), sweeper, hub, pipeline, pools, broker, bus. */
async function runCleanups(cleanups: Array<() => Promise<unknown>>): Promise<void> {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (err) {
      console.error(`[telemetria] erro ao encerrar: ${(err as Error).message}`);
    }
  }
}
