// SQL that finds every record with a COD_ID across all layer tables (one UNION ALL, index on cod_id).
import { LAYERS } from '@rede-eletrica/bdgd';
import type { TableColumns } from '../../db/columns.ts';
import { q } from '../../db/sql.ts';

export const MAX_ASSET_RECORDS = 500;

/** Tables that have a cod_id column now, in catalogue order. */
export function tablesWithCode(columns: TableColumns): string[] {
  return LAYERS.map((l) => l.table).filter((t) => columns.get(t)?.has('cod_id'));
}

/**
 * Records with COD_ID = $1 (and id_importado = $2 when filtering): camada, id_importado, id, the record as
 * JSON without geometry columns, and the geometry as GeoJSON in EPSG:4674 for spatial layers.
 */
export function assetsByCodeSql(columns: TableColumns, withImport: boolean, withAttributes = true): string {
  const parts = tablesWithCode(columns).map((table) => {
    const spatial = columns.get(table)?.has('geom') ?? false;
    // COD_ID is text in most layers; where GDAL typed it as a number, compare its text (no index needed there).
    const codeColumn = columns.get(table)?.get('cod_id') === 'text' ? 't.cod_id' : 't.cod_id::text';
    const attributes = withAttributes
      ? `, to_jsonb(t) - 'id' - 'id_importado'${spatial ? ` - 'geom' - 'geom_3857'` : ''} AS atributos,
         ${spatial ? 'ST_AsGeoJSON(t.geom, 7)::json' : 'NULL::json'} AS geometria`
      : '';
    return `SELECT '${table}'::text AS camada, t.id_importado, t.id${attributes}
              FROM public.${q(table)} t
             WHERE ${codeColumn} = $1${withImport ? ' AND t.id_importado = $2' : ''}`;
  });
  if (parts.length === 0)
    return 'SELECT NULL::text AS camada, NULL::int AS id_importado, NULL::bigint AS id WHERE false';
  return `SELECT a.* FROM (${parts.join('\nUNION ALL\n')}) a
            JOIN public.importados i USING (id_importado)
           ORDER BY i.importado_em DESC, a.id_importado DESC, a.camada, a.id
           LIMIT ${MAX_ASSET_RECORDS}`;
}
