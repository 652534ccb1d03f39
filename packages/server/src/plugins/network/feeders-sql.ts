// SQL for feeders (CTMT): the per-generation summary list and the parts of one feeder's detail.
// Lengths come from COMP (metres), never from Shape_Length.
import type { TableColumns } from '../../db/columns.ts';
import { columnOr, selectList } from '../../db/select.ts';

/** One row per feeder of every import: name, substation, MV km, transformer count, extent of its MV lines. */
export function feederSummariesSql(columns: TableColumns): string {
  const comp = columnOr(columns, 'ssdmt', 's', 'comp', '0');
  return `
    WITH mt AS (
      SELECT s.id_importado, s.ctmt, sum(${comp}) AS comp, ST_Extent(s.geom) AS ext
        FROM public.ssdmt s GROUP BY 1, 2
    ), tr AS (
      SELECT id_importado, ctmt, count(*) AS n FROM public.untrd GROUP BY 1, 2
    )
    SELECT c.id_importado, c.cod_id, ${selectList(columns, 'ctmt', 'c', ['nome', 'sub'])},
           coalesce(mt.comp, 0) / 1000.0 AS km_mt, coalesce(tr.n, 0)::int AS n_transformadores,
           ST_XMin(mt.ext) AS xmin, ST_YMin(mt.ext) AS ymin, ST_XMax(mt.ext) AS xmax, ST_YMax(mt.ext) AS ymax
      FROM public.ctmt c
      LEFT JOIN mt ON mt.id_importado = c.id_importado AND mt.ctmt = c.cod_id
      LEFT JOIN tr ON tr.id_importado = c.id_importado AND tr.ctmt = c.cod_id
     ORDER BY c.id_importado, c.cod_id`;
}

/** The CTMT record of a feeder, from the given import or the most recently imported one. */
export function feederRecordSql(columns: TableColumns, withImport: boolean): string {
  return `
    SELECT c.id_importado, c.id, c.cod_id,
           ${selectList(columns, 'ctmt', 'c', ['nome', 'sub', 'pac_ini', 'ten_nom', 'ten_ope'])}
      FROM public.ctmt c JOIN public.importados i USING (id_importado)
     WHERE c.cod_id = $1 ${withImport ? 'AND c.id_importado = $2' : ''}
     ORDER BY i.importado_em DESC, c.id_importado DESC
     LIMIT 1`;
}

export const SUBSTATION_SQL = `SELECT cod_id, nome FROM public.sub WHERE id_importado = $1 AND cod_id = $2 LIMIT 1`;

export function feederTotalsSql(columns: TableColumns): string {
  const compMt = columnOr(columns, 'ssdmt', 's', 'comp', '0');
  const compBt = columnOr(columns, 'ssdbt', 'b', 'comp', '0');
  const kva = columnOr(columns, 'untrd', 'u', 'pot_nom', 'NULL');
  const ucbt = columnOr(columns, 'ucbt_tab', 'c', 'cod_id', 'c.id::text');
  const ucmt = columnOr(columns, 'ucmt_tab', 'c', 'cod_id', 'c.id::text');
  const where = (alias: string) => `${alias}.id_importado = $1 AND ${alias}.ctmt = $2`;
  return `
    SELECT
      (SELECT count(*) FROM public.ssdmt s WHERE ${where('s')})::int AS segmentos_mt,
      (SELECT coalesce(sum(${compMt}), 0) / 1000.0 FROM public.ssdmt s WHERE ${where('s')}) AS km_mt,
      (SELECT coalesce(sum(${compBt}), 0) / 1000.0 FROM public.ssdbt b WHERE ${where('b')}) AS km_bt,
      (SELECT count(*) FROM public.untrd u WHERE ${where('u')})::int AS transformadores,
      (SELECT coalesce(sum(${kva}::float8), 0) FROM public.untrd u WHERE ${where('u')}) AS kva_instalado,
      (SELECT count(*) FROM public.unsemt w WHERE ${where('w')})::int AS chaves,
      (SELECT count(DISTINCT ${ucbt}) FROM public.ucbt_tab c WHERE ${where('c')})::int AS consumidores_bt,
      (SELECT count(DISTINCT ${ucmt}) FROM public.ucmt_tab c WHERE ${where('c')})::int AS consumidores_mt,
      (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]
         FROM (SELECT ST_Extent(s.geom) AS e FROM public.ssdmt s WHERE ${where('s')}) x) AS bbox`;
}

export const TRANSFORMER_FIELDS = [
  'cod_id',
  'pot_nom',
  'fas_con_p',
  'fas_con_s',
  'tip_trafo',
  'tip_unid',
  'pos',
  'pac_1',
  'pac_2',
] as const;

export function feederTransformersSql(columns: TableColumns): string {
  return `SELECT u.id::int AS id, ${selectList(columns, 'untrd', 'u', TRANSFORMER_FIELDS)}
            FROM public.untrd u WHERE u.id_importado = $1 AND u.ctmt = $2 ORDER BY u.cod_id, u.id`;
}

export const SWITCH_FIELDS = [
  'cod_id',
  'tip_unid',
  'p_n_ope',
  'fas_con',
  'cor_nom',
  'pac_1',
  'pac_2',
] as const;

export function feederSwitchesSql(columns: TableColumns): string {
  return `SELECT w.id::int AS id, ${selectList(columns, 'unsemt', 'w', SWITCH_FIELDS)}
            FROM public.unsemt w WHERE w.id_importado = $1 AND w.ctmt = $2 ORDER BY w.cod_id, w.id`;
}

export function feederSegmentsGeoJsonSql(columns: TableColumns): string {
  return `SELECT s.id::int AS id, ${selectList(columns, 'ssdmt', 's', ['cod_id', 'fas_con', 'tip_cnd', 'comp', 'pac_1', 'pac_2'])},
                 ST_AsGeoJSON(s.geom, 7)::json AS geometria
            FROM public.ssdmt s WHERE s.id_importado = $1 AND s.ctmt = $2 ORDER BY s.id`;
}
