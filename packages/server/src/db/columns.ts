// Columns of the live layer tables. Layer tables gain columns when a file brings new BDGD fields, so the
// server asks PostgreSQL instead of assuming a fixed schema (a table with no data may have no fields at all).
import type pg from 'pg';
import { type ImportGeneration, PerGeneration } from './generation.ts';

/** table → (column → SQL type as format_type prints it). */
export type TableColumns = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function columnCatalog(pool: pg.Pool, generation: ImportGeneration): PerGeneration<TableColumns> {
  return new PerGeneration(generation, async () => {
    const result = await pool.query<{ table: string; columns: string[]; types: string[] }>(
      `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns,
              array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('p', 'r') AND a.attnum > 0 AND NOT a.attisdropped
        GROUP BY c.relname`,
    );
    return new Map(
      result.rows.map((r) => [r.table, new Map(r.columns.map((c, i) => [c, r.types[i] ?? 'text']))]),
    );
  });
}
