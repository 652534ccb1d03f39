// Follows GDAL's COPY into the staging tables from PostgreSQL's side (pg_stat_progress_copy), so that the
// import can report rows done per layer while a single ogr2ogr process copies many layers.
import type pg from 'pg';

export interface CopyProgress {
  table: string;
  rows: number;
}

export function watchCopyProgress(
  pool: pg.Pool,
  schema: string,
  onProgress: (progress: CopyProgress) => void,
  intervalMs = 250,
): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const { rows } = await pool.query<{ table: string; rows: string }>(
          `SELECT c.relname AS table, p.tuples_processed AS rows
             FROM pg_stat_progress_copy p
             JOIN pg_class c ON c.oid = p.relid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1`,
          [schema],
        );
        for (const row of rows) onProgress({ table: row.table, rows: Number(row.rows) });
      } catch {
        // Progress is informative only; a failed poll must not disturb the import.
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
