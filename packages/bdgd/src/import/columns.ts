// Column sets of staging and layer tables, and how a staged column maps onto a layer column.
import pg from 'pg';

export interface ColumnInfo {
  name: string;
  /** SQL type as PostgreSQL formats it (character varying is mapped to text). */
  type: string;
}

/** Columns the project owns in every layer table; a source field with one of these names is renamed. */
export const RESERVED_COLUMNS = new Set(['id_importado', 'id', 'geom', 'geom_3857', 'ogc_fid']);

/** Source fields that are dropped: Esri's derived Shape_Length/Shape_Area are in degrees here (EPSG:4674). */
export const DROPPED_SOURCE_COLUMNS = new Set(['shape_length', 'shape_area']);

export function targetColumnName(stagedName: string): string {
  return RESERVED_COLUMNS.has(stagedName) ? `${stagedName}_bdgd` : stagedName;
}

export async function tableColumns(
  client: pg.ClientBase,
  schema: string,
  table: string,
): Promise<ColumnInfo[]> {
  const result = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema, table],
  );
  return result.rows.map((r) => ({
    name: r.name,
    type: r.type.startsWith('character varying') ? 'text' : r.type,
  }));
}

export const q = pg.escapeIdentifier;
