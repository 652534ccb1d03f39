// Column-tolerant SELECT lists: a field the live table lacks (older vintage, empty layer) reads as NULL.
import type { TableColumns } from './columns.ts';
import { q } from './sql.ts';

/** `alias.col` for each wanted column, or `NULL::text AS col` when the table does not have it. */
export function selectList(
  columns: TableColumns,
  table: string,
  alias: string,
  wanted: readonly string[],
): string {
  const present = columns.get(table);
  return wanted.map((c) => (present?.has(c) ? `${alias}.${q(c)}` : `NULL::text AS ${q(c)}`)).join(', ');
}

export function hasColumn(columns: TableColumns, table: string, column: string): boolean {
  return columns.get(table)?.has(column) ?? false;
}

/** `alias.col` or a typed NULL, for use inside expressions. */
export function columnOr(
  columns: TableColumns,
  table: string,
  alias: string,
  column: string,
  fallback: string,
): string {
  return hasColumn(columns, table, column) ? `${alias}.${q(column)}` : fallback;
}
