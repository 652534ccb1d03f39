// Native path only: daily range partitions of `telemetria_transformador` (UTC days), created on demand
// before a batch is written and dropped whole by retention. Names: telemetria_transformador_pYYYYMMDD.
import type pg from 'pg';

const DAY_MS = 86_400_000;
const PARTITION_LOCK = 7_270_102;

export function partitionName(dayStartMs: number): string {
  return `telemetria_transformador_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Keeps track of partitions known to exist so the common case costs no query. */
export class PartitionManager {
  private readonly known = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  /** Ensures a partition exists for every day among `timestamps` (epoch ms). */
  async ensure(timestamps: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const ts of timestamps) {
      const day = dayStart(ts);
      if (!this.known.has(day)) missing.add(day);
    }
    if (missing.size === 0) return;
    const client = await this.pool.connect();
    try {
      // Serialised across ingesters: two concurrent CREATE … PARTITION OF for the same range would conflict.
      await client.query('SELECT pg_advisory_lock($1)', [PARTITION_LOCK]);
      for (const day of [...missing].sort()) {
        const name = partitionName(day);
        const from = new Date(day).toISOString();
        const to = new Date(day + DAY_MS).toISOString();
        await client.query(
          `CREATE TABLE IF NOT EXISTS public.${name} PARTITION OF public.telemetria_transformador
             FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
        this.known.add(day);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PARTITION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  forget(day: number): void {
    this.known.delete(day);
  }
}

export interface PartitionInfo {
  name: string;
  from: Date;
  to: Date;
}

export async function listPartitions(db: pg.Pool | pg.ClientBase): Promise<PartitionInfo[]> {
  const r = await db.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.telemetria_transformador'::regclass
      ORDER BY c.relname`,
  );
  return r.rows.flatMap((row) => {
    const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(row.name);
    if (!m) return [];
    const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return [{ name: row.name, from: new Date(from), to: new Date(from + DAY_MS) }];
  });
}

/**
 * Retention: drops every partition whose whole range is older than `retentionDays` before `now`.
 * The rollups (`telemetria_1h`, `telemetria_1d`) are kept. Returns the dropped partition names.
 */
export async function dropExpiredPartitions(
  pool: pg.Pool,
  retentionDays: number,
  now: number,
  manager?: PartitionManager,
): Promise<string[]> {
  const cutoff = now - retentionDays * DAY_MS;
  const dropped: string[] = [];
  for (const p of await listPartitions(pool)) {
    if (p.to.getTime() <= cutoff) {
      await pool.query(`DROP TABLE IF EXISTS public.${p.name}`);
      manager?.forget(p.from.getTime());
      dropped.push(p.name);
    }
  }
  return dropped;
}
