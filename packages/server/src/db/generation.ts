// The "generation" of the imported data: changes whenever an import is added, replaced or deleted.
// Every cache in the server (tiles, feeder summaries, network graphs, column lists) keys on it, so that a
// re-import invalidates them without any message between processes. Reading it costs one tiny query; the
// value is trusted for `ttlMs` and concurrent readers share one query.
import type pg from 'pg';

export class ImportGeneration {
  private value: string | undefined;
  private readAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
  ) {}

  async current(): Promise<string> {
    if (this.value !== undefined && performance.now() - this.readAt < this.ttlMs) return this.value;
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached value (e.g. after this process imported a file). */
  invalidate(): void {
    this.value = undefined;
  }

  private async read(): Promise<string> {
    const result = await this.pool.query<{ g: string }>(
      `SELECT count(*) || ':' || coalesce(max(id_importado), 0) || ':' ||
              coalesce(extract(epoch FROM max(importado_em))::text, '0') AS g
         FROM public.importados`,
    );
    this.value = result.rows[0]?.g ?? '0';
    this.readAt = performance.now();
    return this.value;
  }
}

/** A value computed once per generation (and per key), shared by concurrent callers. */
export class PerGeneration<T> {
  private readonly entries = new Map<string, { generation: string; value: Promise<T> }>();

  constructor(
    private readonly generation: ImportGeneration,
    private readonly compute: (key: string) => Promise<T>,
    private readonly maxEntries = 16,
  ) {}

  async get(key = ''): Promise<T> {
    const generation = await this.generation.current();
    const entry = this.entries.get(key);
    if (entry && entry.generation === generation) return entry.value;
    const value = this.compute(key);
    this.entries.delete(key);
    this.entries.set(key, { generation, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }
}
