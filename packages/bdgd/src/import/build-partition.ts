// Builds the new partition of one layer table from its staging table, outside the live tables:
// normalises values (blank strings → NULL), keeps identifiers as written, reprojects a copy of the
// geometry for tiles, and creates the indexes the parent expects so that ATTACH needs no scan.
import type pg from 'pg';
import type { LayerEntry } from '../catalogue.ts';
import { type ColumnInfo, DROPPED_SOURCE_COLUMNS, q, tableColumns, targetColumnName } from './columns.ts';

/** Columns indexed on every layer table that has them (lookups by code, feeder and topology). */
export const INDEXED_COLUMNS = ['cod_id', 'ctmt', 'pac_1', 'pac_2', 'pac', 'uni_tr_mt'] as const;

export interface BuiltPartition {
  table: string;
  rows: number;
  columns: ColumnInfo[];
}

/** Source columns of a staging table that become layer columns. */
export async function stagedColumns(
  client: pg.ClientBase,
  staging: { schema: string; table: string },
): Promise<{ all: ColumnInfo[]; fields: ColumnInfo[] }> {
  const all = await tableColumns(client, staging.schema, staging.table);
  const fields = all.filter(
    (c) => c.name !== 'ogc_fid' && c.name !== 'geom' && !DROPPED_SOURCE_COLUMNS.has(c.name),
  );
  return { all, fields };
}

/**
 * Adds to the live parent table the source columns it does not have yet (a new vintage may bring fields).
 * Runs in its own short transactions, before the partitions are built, so no long lock is held on live tables.
 */
export async function widenParent(client: pg.ClientBase, table: string, staged: ColumnInfo[]): Promise<void> {
  const existing = new Set((await tableColumns(client, 'public', table)).map((c) => c.name));
  const missing = staged
    .map((column) => ({ name: targetColumnName(column.name), type: column.type }))
    .filter((column) => !existing.has(column.name));
  if (missing.length === 0) return;
  await client.query(
    `ALTER TABLE public.${q(table)} ${missing.map((c) => `ADD COLUMN IF NOT EXISTS ${q(c.name)} ${c.type}`).join(', ')}`,
  );
  for (const column of missing) {
    if ((INDEXED_COLUMNS as readonly string[]).includes(column.name)) {
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${q(`${table}_${column.name}_idx`)} ON public.${q(table)} (${q(column.name)})`,
      );
    }
  }
}

function selectExpression(column: ColumnInfo, targetType: string): string {
  const source = q(column.name);
  if (column.type === 'text') {
    // BDGD writes a single space for "not informed": every all-blank string becomes NULL; others stay verbatim.
    const value = `CASE WHEN btrim(${source}) = '' THEN NULL ELSE ${source}::text END`;
    return targetType === 'text' ? value : `(${value})::${targetType}`;
  }
  return column.type === targetType ? source : `${source}::${targetType}`;
}

export async function buildPartition(
  client: pg.ClientBase,
  options: {
    layer: LayerEntry;
    idImportado: number;
    workSchema: string;
    staging: { schema: string; table: string } | null;
  },
): Promise<BuiltPartition> {
  const { layer, idImportado, workSchema, staging } = options;
  const { all: stagedAll, fields: staged } = staging
    ? await stagedColumns(client, staging)
    : { all: [], fields: [] };
  const parentColumns = await tableColumns(client, 'public', layer.table);
  const parentType = new Map(parentColumns.map((c) => [c.name, c.type]));
  const target = `${q(workSchema)}.${q(layer.table)}`;

  await client.query(`CREATE TABLE ${target} (LIKE public.${q(layer.table)} INCLUDING DEFAULTS)`);
  let rows = 0;
  if (staging) {
    const targets = ['id_importado', 'id'];
    const values = [String(idImportado), 'ogc_fid'];
    for (const column of staged) {
      const name = targetColumnName(column.name);
      targets.push(name);
      values.push(selectExpression(column, parentType.get(name) ?? column.type));
    }
    const stagedHasGeometry = stagedAll.some((c) => c.name === 'geom');
    if (layer.geometry && stagedHasGeometry) {
      targets.push('geom', 'geom_3857');
      values.push(
        'ST_SetSRID(geom, 4674)',
        // Web Mercator copy for tiles; empty or missing shapes stay NULL (reported as defects).
        'CASE WHEN geom IS NULL OR ST_IsEmpty(geom) THEN NULL ELSE ST_Transform(ST_SetSRID(geom, 4674), 3857) END',
      );
    }
    const result = await client.query(
      `INSERT INTO ${target} (${targets.map(q).join(', ')})
       SELECT ${values.join(', ')} FROM ${q(staging.schema)}.${q(staging.table)}`,
    );
    rows = result.rowCount ?? 0;
  }

  await client.query(
    `ALTER TABLE ${target} ADD CONSTRAINT ${q(`${layer.table}_${idImportado}_particao`)} CHECK (id_importado = ${idImportado})`,
  );
  // Index names are unique per partition: they move with the table into the shared `particoes` schema.
  const partition = `${layer.table}_${idImportado}`;
  await client.query(
    `ALTER TABLE ${target} ADD CONSTRAINT ${q(`${partition}_pkey`)} PRIMARY KEY (id_importado, id)`,
  );
  if (layer.geometry) {
    await client.query(`CREATE INDEX ${q(`${partition}_geom_3857_idx`)} ON ${target} USING gist (geom_3857)`);
  }
  for (const column of INDEXED_COLUMNS) {
    if (parentType.has(column)) {
      await client.query(`CREATE INDEX ${q(`${partition}_${column}_idx`)} ON ${target} (${q(column)})`);
    }
  }
  return { table: layer.table, rows, columns: parentColumns };
}
