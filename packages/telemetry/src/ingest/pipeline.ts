// The ingest pipeline, in data-flow order:
//   decode → validate → batch → store → (ack) → newest? → detect → cache + publish → batch done
// Readings from MQTT and HTTP enter here. A batch is written in one transaction (readings and dead
// letters together); only then are the MQTT QoS 1 messages acknowledged and the HTTP requests answered,
// so an ingester stopped at any point loses nothing (unacknowledged messages are redelivered, and
// redelivered duplicates are ignored by the primary key). Newly stored readings then claim "newest" in
// Redis, feed the rules and alert lifecycle, update the Redis cache (newest wins, with the derived
// status) and are published on `telemetria:stream`; then the batch leaves the outbox (`telemetria_lote`),
// whose leftovers a restarted ingester publishes (`recover`).

import type { AlertService, ReadingForRules } from '../alerts/service.ts';
import type { Bus, LatestUpdate } from '../bus/bus.ts';
import {
  MEASUREMENT_FIELDS,
  type Reading,
  readingData,
  type TelemetryEvent,
  type TransformerStatus,
} from '../model.ts';
import type { RatingCache } from '../ratings/ratings.ts';
import { type Evaluation, evaluate, nextSeverity, type Thresholds } from '../rules/anomalies.ts';
import { type DeadLetter, readingKey, type StoredBatch, type TelemetryStore } from '../storage/store.ts';
import { decodeMqtt, type Rejection, type ValidateOptions, validateReading } from './validate.ts';

export type ItemResult = 'armazenada' | 'duplicada' | 'rejeitada';

/** Batches being written at the same time (the rollup upserts are ordered, so they cannot deadlock). */
const STORE_CONCURRENCY = 2;

interface Item {
  reading?: Reading;
  dead?: DeadLetter;
  /** Called once the item is durably stored (MQTT QoS 1 acknowledgement). */
  ack?: () => void;
  done?: (result: ItemResult) => void;
}

export interface PipelineOptions {
  mqttPrefix: string;
  batchMax: number;
  batchMs: number;
  futureToleranceSeconds: number;
  retentionDays: number;
  thresholds: Thresholds;
  /** Pending readings above which MQTT intake pauses (backpressure). */
  highWaterMark?: number;
  now?: () => number;
}

export interface PipelineCounters {
  recebidas: number;
  armazenadas: number;
  duplicadas: number;
  rejeitadas: number;
  rejeitadas_por_motivo: Record<string, number>;
  desconhecidas: number;
  publicadas: number;
  alertas_publicados: number;
  lotes: number;
  falhas_gravacao: number;
  /** Cumulative milliseconds per stage (store, cache, detect, publish). */
  tempo_ms: { gravar: number; cache: number; detectar: number; publicar: number };
}

export interface HttpResult {
  aceitas: number;
  duplicadas: number;
  rejeitadas: Array<{ indice: number; motivo: string; detalhe: string }>;
}

export class IngestPipeline {
  readonly counters: PipelineCounters = {
    recebidas: 0,
    armazenadas: 0,
    duplicadas: 0,
    rejeitadas: 0,
    rejeitadas_por_motivo: {},
    desconhecidas: 0,
    publicadas: 0,
    alertas_publicados: 0,
    lotes: 0,
    falhas_gravacao: 0,
    tempo_ms: { gravar: 0, cache: 0, detectar: 0, publicar: 0 },
  };
  private queue: Item[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly highWaterMark: number;
  private readonly drainWaiters: Array<() => void> = [];
  private readonly capacityWaiters: Array<() => void> = [];
  /** Tail of the cache → detect → publish stage. */
  private after: Promise<void> = Promise.resolve();
  /** The steps of the last batch handed to that stage. */
  private tails: Gates = OPEN_GATES;

  constructor(
    private readonly store: TelemetryStore,
    private readonly bus: Bus,
    private readonly ratings: RatingCache,
    private readonly alerts: AlertService,
    private readonly options: PipelineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.highWaterMark = options.highWaterMark ?? options.batchMax * 8;
  }

  private validateOptions(): ValidateOptions {
    return {
      now: this.now(),
      futureToleranceSeconds: this.options.futureToleranceSeconds,
      retentionDays: this.options.retentionDays,
    };
  }

  // ── decode → validate ────────────────────────────────────────────────────────────────────────────
  /** One MQTT message. `ack` is called after the batch holding it is committed. */
  submitMqtt(topic: string, payload: Buffer, ack?: () => void): void {
    this.counters.recebidas++;
    const v = decodeMqtt(topic, payload, this.options.mqttPrefix, this.validateOptions());
    if (v.ok) this.enqueue({ reading: v.reading, ack });
    else
      this.enqueue({
        dead: this.deadLetter('mqtt', topic, null, v.rejection, payload.toString('utf8')),
        ack,
      });
  }

  /** HTTP body (one reading or an array); resolves after the whole request is stored. */
  async submitHttp(body: unknown): Promise<HttpResult> {
    const values = Array.isArray(body) ? body : [body];
    const result: HttpResult = { aceitas: 0, duplicadas: 0, rejeitadas: [] };
    const waits: Array<Promise<void>> = [];
    const opts = this.validateOptions();
    values.forEach((value, indice) => {
      this.counters.recebidas++;
      const v = validateReading(value, null, opts);
      const cod =
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { cod_transformador?: unknown }).cod_transformador === 'string'
          ? (value as { cod_transformador: string }).cod_transformador
          : null;
      waits.push(
        new Promise<void>((resolve) => {
          const done = (r: ItemResult) => {
            if (r === 'armazenada') result.aceitas++;
            else if (r === 'duplicada') result.duplicadas++;
            resolve();
          };
          if (v.ok) this.enqueue({ reading: v.reading, done });
          else {
            result.rejeitadas.push({ indice, ...v.rejection });
            this.enqueue({ dead: this.deadLetter('http', null, cod, v.rejection, safeJson(value)), done });
          }
        }),
      );
    });
    await Promise.all(waits);
    return result;
  }

  private deadLetter(
    origem: 'mqtt' | 'http',
    topico: string | null,
    cod: string | null,
    rejection: Rejection,
    payload: string,
  ): DeadLetter {
    this.counters.rejeitadas++;
    this.counters.rejeitadas_por_motivo[rejection.motivo] =
      (this.counters.rejeitadas_por_motivo[rejection.motivo] ?? 0) + 1;
    return {
      origem,
      topico,
      cod_transformador: cod,
      motivo: rejection.motivo,
      detalhe: rejection.detalhe,
      payload,
    };
  }

  // ── batch ────────────────────────────────────────────────────────────────────────────────────────
  private enqueue(item: Item): void {
    if (this.closed) throw new Error('pipeline de ingestão encerrado');
    this.queue.push(item);
    if (this.queue.length >= this.options.batchMax) this.kick();
    else if (!this.timer && !this.running) {
      this.timer = setTimeout(() => this.kick(), this.options.batchMs);
    }
  }

  /** Readings waiting to be stored. */
  get pending(): number {
    return this.queue.length;
  }

  /** At or above the high-water mark: MQTT QoS 0 intake should wait (`waitForCapacity`). */
  get full(): boolean {
    return this.queue.length >= this.highWaterMark;
  }

  /** Resolves when there is room below the high-water mark (MQTT intake waits on it). */
  waitForCapacity(): Promise<void> {
    if (this.queue.length < this.highWaterMark) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.kick();
      else for (const w of this.drainWaiters.splice(0)) w();
    });
  }

  /**
   * Batches go through two overlapping stages: up to `STORE_CONCURRENCY` batches are being stored at
   * once, while the cache/detect/publish stage runs behind them, one batch at a time and in batch order
   * (so the newest value and the alert lifecycle see the readings in the order they were stored).
   */
  private async loop(): Promise<void> {
    const storing = new Set<Promise<unknown>>();
    let behind = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchMax);
      if (this.queue.length < this.highWaterMark) for (const w of this.capacityWaiters.splice(0)) w();
      const stored = this.storeBatch(batch);
      storing.add(stored);
      void stored.finally(() => storing.delete(stored));
      const prev = this.tails;
      const next: Gates = { claim: gate(), detect: gate(), publish: gate() };
      this.tails = next;
      behind++;
      this.after = (async () => {
        try {
          const { fresh, batch } = await stored;
          await this.publishBatch(fresh, batch, { prev, next });
        } catch (err) {
          // The readings are stored and the batch stays registered: it is published again when this
          // ingester restarts (`recover`). The ingester goes on.
          console.error(
            `[telemetria] falha após gravar (cache/alertas/publicação): ${(err as Error).message}`,
          );
        } finally {
          next.claim.open();
          next.detect.open();
          next.publish.open();
        }
        await prev.publish.opened; // `after` settles once every earlier batch is through
        behind--;
      })();
      if (storing.size >= STORE_CONCURRENCY) await Promise.race(storing);
      if (behind > STORE_CONCURRENCY + 1) await this.after;
      // Let a few more readings arrive when the queue is nearly empty, rather than storing tiny batches.
      if (this.queue.length > 0 && this.queue.length < this.options.batchMax / 10 && storing.size > 0) {
        await Promise.race(storing);
      }
    }
    await Promise.all(storing);
    await this.after;
  }

  private async publishBatch(fresh: Reading[], batch: string | null, gates?: BatchGates): Promise<void> {
    if (fresh.length > 0) await this.afterStore(fresh, gates ?? { prev: OPEN_GATES, next: OPEN_GATES });
    if (batch !== null) await this.store.published(batch);
  }

  /**
   * Outbox: batches this ingester stored but had not cached and published when it stopped (killed
   * between COMMIT and publication) are published now. Call before taking new readings. Returns the
   * number of readings published.
   */
  async recover(): Promise<number> {
    let count = 0;
    for (const batch of await this.store.pendingBatches()) {
      const readings = await this.store.batchReadings(batch);
      await this.publishBatch(readings, batch.id);
      count += readings.length;
    }
    return count;
  }

  /** Waits until everything submitted so far has gone through the pipeline. */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && !this.running) return;
    await new Promise<void>((resolve) => {
      this.drainWaiters.push(resolve);
      this.kick();
    });
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  // ── store → ack → cache → detect → publish ───────────────────────────────────────────────────────
  /** Stores one batch, acknowledges/answers its items, returns the readings that were new. */
  private async storeBatch(items: Item[]): Promise<{ fresh: Reading[]; batch: string | null }> {
    // Duplicates inside one batch: the first one is stored, the others are duplicates.
    const readings: Reading[] = [];
    const first = new Set<Item>();
    const seen = new Set<string>();
    for (const item of items) {
      if (!item.reading) continue;
      const key = readingKey(item.reading.cod_transformador, item.reading.ts);
      if (!seen.has(key)) {
        seen.add(key);
        first.add(item);
        readings.push(item.reading);
      }
    }
    const dead = items.flatMap((i) => (i.dead ? [i.dead] : []));

    // store (retried until it succeeds: nothing is acknowledged before)
    let stored: StoredBatch;
    const t0 = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        stored = await this.store.write(readings, dead, (cod) => this.ratings.has(cod));
        break;
      } catch (err) {
        this.counters.falhas_gravacao++;
        console.error(
          `[telemetria] falha ao gravar lote de ${items.length} (tentativa ${attempt}): ${(err as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
      }
    }
    this.counters.lotes++;
    this.counters.tempo_ms.gravar += performance.now() - t0;

    // ack / answer
    const fresh: Reading[] = [];
    for (const item of items) {
      let result: ItemResult = 'rejeitada';
      const r = item.reading;
      if (r) {
        if (
          first.has(item) &&
          (stored.allInserted || stored.inserted.has(readingKey(r.cod_transformador, r.ts)))
        ) {
          fresh.push(r);
          result = 'armazenada';
          this.counters.armazenadas++;
          if (!this.ratings.has(r.cod_transformador)) this.counters.desconhecidas++;
        } else {
          result = 'duplicada';
          this.counters.duplicadas++;
        }
      }
      item.ack?.();
      item.done?.(result);
    }
    return { fresh, batch: stored.batch };
  }

  /**
   * Cache, detect, publish — three steps, each taken in batch order (`gates`: a step of this batch starts
   * once the same step of the previous batch is over), so that one batch can be detecting while the next
   * claims "newest" and the previous one publishes, instead of each batch waiting for the whole of the
   * one before (measured: the serial chain was ~60 s of a 71 s burst of 1,000,000).
   */
  private async afterStore(stored: Reading[], gates: BatchGates): Promise<void> {
    // cache, first half: which readings are the newest of their transformer; in time order, so that
    // several readings of one transformer in a batch are each the newest in turn. Late readings (older
    // than one already seen, e.g. a device catching up) are stored and published flagged `atrasada`, but
    // neither replace the cached value nor drive the alert lifecycle.
    const fresh = [...stored].sort((a, b) => a.ts - b.ts);
    const t = this.counters.tempo_ms;
    await gates.prev.claim.opened;
    let t0 = performance.now();
    const newest = await this.bus.claimNewest(fresh.map((r) => ({ cod: r.cod_transformador, tsMs: r.ts })));
    gates.next.claim.open();
    /** Index in `fresh` of each transformer's newest reading. */
    const latestIndex = new Map<string, number>();
    for (let i = 0; i < fresh.length; i++)
      if (newest[i]) latestIndex.set((fresh[i] as Reading).cod_transformador, i);

    t.cache += performance.now() - t0;
    t0 = performance.now();

    // detect (every reading's anomalies; the lifecycle on each transformer's newest reading)
    const ratings = fresh.map((r) => this.ratings.get(r.cod_transformador));
    const evaluations = fresh.map((r, i) => evaluate(r, ratings[i], this.options.thresholds));
    const forRules: ReadingForRules[] = [];
    for (const i of latestIndex.values()) {
      forRules.push({
        reading: fresh[i] as Reading,
        ctmt: ratings[i]?.ctmt ?? null,
        evaluations: evaluations[i] as Evaluation[],
      });
    }
    await gates.prev.detect.opened;
    const outcome = await this.alerts.onReadings(forRules);
    gates.next.detect.open();

    t.detectar += performance.now() - t0;
    t0 = performance.now();

    // cache, second half (hash with the derived status) + publish every stored reading, once
    const latest: LatestUpdate[] = [];
    const messages: string[] = new Array(fresh.length);
    for (let i = 0; i < fresh.length; i++) {
      const r = fresh[i] as Reading;
      const rating = ratings[i];
      const anomalias: TelemetryEvent['anomalias'] = [];
      for (const ev of evaluations[i] as Evaluation[]) {
        const severidade = nextSeverity(ev.metric, ev.levels, null);
        if (severidade) anomalias.push({ tipo: ev.tipo, severidade, valor: ev.valor });
      }
      const status: TransformerStatus = outcome.status.get(r.cod_transformador) ?? 'NORMAL';
      const dados = readingData(r);
      if (latestIndex.get(r.cod_transformador) === i) {
        const fields: Record<string, string> = { status };
        for (const k in dados) fields[k] = String(dados[k]);
        latest.push({ cod: r.cod_transformador, tsMs: r.ts, fields });
      }
      dados.status = status;
      const event: TelemetryEvent = {
        tipo: 'telemetria',
        cod_transformador: r.cod_transformador,
        ctmt: rating?.ctmt ?? null,
        lon: rating?.lon ?? null,
        lat: rating?.lat ?? null,
        conhecido: rating !== undefined,
        atrasada: !newest[i],
        status,
        dados,
        anomalias,
      };
      messages[i] = JSON.stringify(event);
    }
    await gates.prev.publish.opened;
    await this.bus.writeLatestAndPublish(latest, messages);
    this.counters.publicadas += messages.length;
    if (outcome.events.length > 0) {
      await this.bus.publish(
        'alertas',
        outcome.events.map((e) => JSON.stringify(e)),
      );
      this.counters.alertas_publicados += outcome.events.length;
    }
    t.publicar += performance.now() - t0;
    gates.next.publish.open();
  }
}

/** Opened once: what a later batch waits for before taking the same step. */
interface Gate {
  opened: Promise<void>;
  open(): void;
}

interface Gates {
  claim: Gate;
  detect: Gate;
  publish: Gate;
}

interface BatchGates {
  /** The previous batch's steps. */
  prev: Gates;
  /** This batch's. */
  next: Gates;
}

function gate(): Gate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const OPEN: Gate = { opened: Promise.resolve(), open: () => undefined };
const OPEN_GATES: Gates = { claim: OPEN, detect: OPEN, publish: OPEN };

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export { MEASUREMENT_FIELDS };
