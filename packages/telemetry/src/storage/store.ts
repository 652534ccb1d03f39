// Writes batches of readings (and rejected payloads) in one transaction per batch: the readings, their
// outbox entry (`telemetria_lote`) and the hourly rollup in one statement (`INSERT … SELECT FROM unnest(…)`
// in CTEs), unknown transformers and dead letters in one more each when there are any. Duplicates (same
// transformer and timestamp) are ignored by the primary key; only the rows really inserted feed the
// rollups (native path) — so a late reading is added to its hour and day, and a duplicate never counts
// twice. The statement returns one row: how many were inserted and, only if some were not, which.
import type pg from 'pg';
import { MEASUREMENT_FIELDS, type MeasurementField, type Reading } from '../model.ts';
import type { StorageMode } from './migrate.ts';
import { PartitionManager } from './partitions.ts';

export interface DeadLetter {
  origem: 'mqtt' | 'http';
  topico: string | null;
  cod_transformador: string | null;
  motivo: string;
  detalhe: string;
  payload: string | null;
}

export interface StoredBatch {
  /** Every reading was new (no duplicates): `inserted` is then empty. */
  allInserted: boolean;
  /** Otherwise, keys `${cod}\u0000${ts}` of the readings that were new. */
  inserted: Set<string>;
  /** Id of the registered batch (`telemetria_lote`); null when there were no readings. */
  batch: string | null;
}

/** A stored batch not yet (known to be) cached and published. */
export interface PendingBatch {
  id: string;
  tsMin: string;
  tsMax: string;
}

export const readingKey = (cod: string, ts: number) => `${cod}\u0000${ts}`;

/** A text element of a PostgreSQL array literal: double-quoted, `"` and `\` escaped. */
function arrayText(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

const MAX_PAYLOAD_CHARS = 4096;

function rollupUpsert(table: string, bucketExpr: string): string {
  return `INSERT INTO public.${table} AS t (cod_transformador, bucket, amostras, soma_tensao, soma_potencia,
            soma_potencia_reativa, temp_max, potencia_max, tensao_min)
          SELECT cod_transformador, ${bucketExpr} AS b, count(*), sum(tensao_primario), sum(potencia_ativa),
                 sum(potencia_reativa), max(temperatura), max(potencia_ativa), min(tensao_primario)
            FROM ins GROUP BY cod_transformador, b ORDER BY cod_transformador, b
          ON CONFLICT (cod_transformador, bucket) DO UPDATE SET
            amostras = t.amostras + excluded.amostras,
            soma_tensao = t.soma_tensao + excluded.soma_tensao,
            soma_potencia = t.soma_potencia + excluded.soma_potencia,
            soma_potencia_reativa = t.soma_potencia_reativa + excluded.soma_potencia_reativa,
            temp_max = greatest(t.temp_max, excluded.temp_max),
            potencia_max = greatest(t.potencia_max, excluded.potencia_max),
            tensao_min = least(t.tensao_min, excluded.tensao_min)`;
}

/** How often (per process) the unknown-transformer list is refreshed for one transformer. */
const UNKNOWN_REFRESH_MS = 60_000;

export class TelemetryStore {
  readonly partitions: PartitionManager;
  private readonly insertSql: string;
  /** Unknown transformers: readings counted since the last write of their row, and when that was. */
  private readonly unknownSeen = new Map<string, { flushed: number; pending: number }>();

  constructor(
    readonly pool: pg.Pool,
    readonly mode: StorageMode,
    /** Owner of the batches this process registers (the ingester id). */
    private readonly ingesterId: string,
  ) {
    this.partitions = new PartitionManager(pool);
    const insert = `INSERT INTO public.telemetria_transformador (timestamp, cod_transformador, tensao_primario,
        tensao_secundario, corrente_a, corrente_b, corrente_c, potencia_ativa, potencia_reativa, temperatura,
        status, conhecido, lote)
      SELECT u.*, (SELECT id FROM lote)
        FROM unnest($1::timestamptz[], $2::varchar[], $3::float8[], $4::float8[], $5::float8[],
          $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::varchar[], $12::bool[]) u
      ON CONFLICT DO NOTHING
      RETURNING timestamp, cod_transformador, tensao_primario, potencia_ativa, potencia_reativa, temperatura`;
    // One row back: how many rows were inserted, and — only when some were duplicates, which is rare —
    // which ones ("cod ts_ms"; a code never contains a space). No per-row results to parse.
    const result = `SELECT count(*)::int AS n,
        CASE WHEN count(*) < $13 THEN array_agg(cod_transformador || ' ' || (extract(epoch FROM timestamp) * 1000)::bigint) END AS novas,
        (SELECT id FROM lote)::text AS lote
      FROM ins`;
    // The batch is registered (outbox) in the same statement: see `pendingBatches`.
    const lote = `INSERT INTO public.telemetria_lote (ingestor, ts_min, ts_max) VALUES ($14, $15, $16) RETURNING id`;
    this.insertSql =
      mode === 'timescaledb'
        ? `WITH lote AS (${lote}), ins AS (${insert}) ${result}`
        : `WITH lote AS (${lote}), ins AS (${insert}),
             h AS (${rollupUpsert('telemetria_1h_soma', `date_trunc('hour', timestamp)`)})
           ${result}`;
  }

  /**
   * Readings to add to this unknown transformer's row now (its earlier, not yet written ones included), or
   * 0 when the row was written less than a minute ago (the reading is counted for the next write).
   */
  private unknownDue(cod: string): number {
    const now = Date.now();
    const seen = this.unknownSeen.get(cod);
    if (seen && now - seen.flushed < UNKNOWN_REFRESH_MS) {
      seen.pending++;
      return 0;
    }
    if (this.unknownSeen.size > 200_000) this.unknownSeen.clear();
    this.unknownSeen.set(cod, { flushed: now, pending: 0 });
    return 1 + (seen?.pending ?? 0);
  }

  /**
   * Stores readings and dead letters durably (committed when this resolves). `known(cod)` tells whether
   * the transformer is in an import; unknown ones are flagged and listed in `telemetria_desconhecido`.
   */
  async write(
    readings: readonly Reading[],
    deadLetters: readonly DeadLetter[],
    known: (cod: string) => boolean,
  ): Promise<StoredBatch> {
    if (this.mode === 'particionamento_nativo' && readings.length > 0) {
      await this.partitions.ensure(readings.map((r) => r.ts));
    }
    const inserted = new Set<string>();
    let allInserted = readings.length === 0;
    let batch: string | null = null;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (readings.length > 0) {
        const n = readings.length;
        // The 12 columns (timestamp, code, the measurements in MEASUREMENT_FIELDS order, status, known) go as PostgreSQL array literals built here: node-postgres would otherwise quote
        // and escape every element through its generic path (~3 % of the ingester's CPU, measured).
        const ts: string[] = new Array(n);
        const cods: string[] = new Array(n);
        const nums: string[][] = MEASUREMENT_FIELDS.map(() => new Array<string>(n));
        const status: string[] = new Array(n);
        const knownCol: string[] = new Array(n);
        const unknown = new Map<string, { first: number; last: number; count: number }>();
        let tsMin = Number.POSITIVE_INFINITY;
        let tsMax = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const r = readings[i] as Reading;
          if (r.ts < tsMin) tsMin = r.ts;
          if (r.ts > tsMax) tsMax = r.ts;
          const isKnown = known(r.cod_transformador);
          ts[i] = r.timestamp; // normalised ISO-8601 (digits, '-', ':', '.', 'T', 'Z'): no quoting needed
          cods[i] = arrayText(r.cod_transformador);
          for (let f = 0; f < MEASUREMENT_FIELDS.length; f++)
            (nums[f] as string[])[i] = String(r[MEASUREMENT_FIELDS[f] as MeasurementField]);
          status[i] = r.status === undefined ? 'NULL' : arrayText(r.status);
          knownCol[i] = isKnown ? 't' : 'f';
          const due = isKnown ? 0 : this.unknownDue(r.cod_transformador);
          if (due > 0) {
            const u = unknown.get(r.cod_transformador);
            if (u) {
              u.first = Math.min(u.first, r.ts);
              u.last = Math.max(u.last, r.ts);
              u.count += due;
            } else unknown.set(r.cod_transformador, { first: r.ts, last: r.ts, count: due });
          }
        }
        const cols = [ts, cods, ...nums, status, knownCol].map((c) => `{${c.join(',')}}`);
        // Named: parsed and planned once per connection, not once per batch.
        const res = await client.query<{ n: number; novas: string[] | null; lote: string }>({
          name: `telemetria_lote_${this.mode}`,
          text: this.insertSql,
          values: [...cols, n, this.ingesterId, new Date(tsMin).toISOString(), new Date(tsMax).toISOString()],
        });
        const row = res.rows[0];
        batch = row?.lote ?? null;
        if (row?.novas) {
          for (const key of row.novas) {
            const space = key.lastIndexOf(' ');
            inserted.add(readingKey(key.slice(0, space), Number(key.slice(space + 1))));
          }
        } else if (row?.n === n) allInserted = true;
        if (unknown.size > 0) {
          const entries = [...unknown.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
          await client.query(
            `INSERT INTO public.telemetria_desconhecido AS d (cod_transformador, primeira_leitura, ultima_leitura, leituras)
             SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::timestamptz[], $4::bigint[])
             ON CONFLICT (cod_transformador) DO UPDATE SET
               primeira_leitura = least(d.primeira_leitura, excluded.primeira_leitura),
               ultima_leitura = greatest(d.ultima_leitura, excluded.ultima_leitura),
               leituras = d.leituras + excluded.leituras`,
            [
              entries.map((e) => e[0]),
              entries.map((e) => new Date(e[1].first).toISOString()),
              entries.map((e) => new Date(e[1].last).toISOString()),
              entries.map((e) => e[1].count),
            ],
          );
        }
      }
      if (deadLetters.length > 0) {
        await client.query(
          `INSERT INTO public.telemetria_rejeitada (origem, topico, cod_transformador, motivo, detalhe, payload)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [
            deadLetters.map((d) => d.origem),
            deadLetters.map((d) => d.topico),
            deadLetters.map((d) => d.cod_transformador?.slice(0, 200) ?? null),
            deadLetters.map((d) => d.motivo),
            deadLetters.map((d) => d.detalhe),
            // NUL is not allowed in PostgreSQL text.
            deadLetters.map(
              (d) => d.payload?.slice(0, MAX_PAYLOAD_CHARS).replaceAll('\u0000', '\\u0000') ?? null,
            ),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return { allInserted, inserted, batch };
  }

  /** The batch has been cached and published: deregistered. */
  async published(batch: string): Promise<void> {
    await this.pool.query('DELETE FROM public.telemetria_lote WHERE id = $1', [batch]);
  }

  /** Batches this ingester stored but had not published when it stopped (oldest first). */
  async pendingBatches(): Promise<PendingBatch[]> {
    const r = await this.pool.query<{ id: string; ts_min: Date; ts_max: Date }>(
      'SELECT id::text AS id, ts_min, ts_max FROM public.telemetria_lote WHERE ingestor = $1 ORDER BY id',
      [this.ingesterId],
    );
    return r.rows.map((row) => ({
      id: row.id,
      tsMin: row.ts_min.toISOString(),
      tsMax: row.ts_max.toISOString(),
    }));
  }

  /** The readings a batch inserted (its duplicates were not inserted, so they are not there). */
  async batchReadings(batch: PendingBatch): Promise<Reading[]> {
    const r = await this.pool.query<Record<string, unknown> & { timestamp: Date; status: string | null }>(
      `SELECT timestamp, cod_transformador, ${MEASUREMENT_FIELDS.join(', ')}, status
         FROM public.telemetria_transformador
        WHERE timestamp >= $1 AND timestamp <= $2 AND lote = $3`,
      [batch.tsMin, batch.tsMax, batch.id],
    );
    return r.rows.map((row) => {
      const reading = {
        cod_transformador: row.cod_transformador as string,
        timestamp: row.timestamp.toISOString(),
        ts: row.timestamp.getTime(),
      } as Reading;
      for (const f of MEASUREMENT_FIELDS) reading[f] = row[f] as number;
      if (row.status !== null) reading.status = row.status;
      return reading;
    });
  }
}
