// SQL that renders one Mapbox Vector Tile with ST_AsMVT / ST_AsMVTGeom, for a layer table or for the
// generalised per-feeder network. Parameters: $1 z, $2 x, $3 y, and $4 id_importado when filtering.
import { q } from '../../db/sql.ts';
import { type Generalization, TILE_PROPERTIES, type TileLayer } from './layers.ts';

export const EXTENT = 4096;
export const BUFFER = 64;

export interface TileQuery {
  /** Stable name for a prepared statement (same text ⇒ same name). */
  name: string;
  text: string;
}

/** Properties this layer can carry given the columns its table has now. */
export function tileProperties(columns: ReadonlyMap<string, string> | undefined): string[] {
  if (!columns) return [];
  return TILE_PROPERTIES.filter((p) => columns.has(p));
}

function envelopeFilter(filterByImport: boolean, alias: string): string {
  const margin = BUFFER / EXTENT;
  return `${alias}.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => ${margin})${
    filterByImport ? ` AND ${alias}.id_importado = $4` : ''
  }`;
}

export function layerTileQuery(layer: TileLayer, properties: string[], filterByImport: boolean): TileQuery {
  const columns = ['s.id', 's.id_importado', ...properties.map((p) => `s.${q(p)}`)].join(', ');
  const text = `SELECT ST_AsMVT(t, ${literal(layer.table)}, ${EXTENT}, 'geom', 'fid') AS mvt FROM (
    SELECT ST_AsMVTGeom(s.geom_3857, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS geom,
           (s.id_importado::bigint << 32) + s.id AS fid, ${columns}
      FROM public.${q(layer.table)} s
     WHERE ${envelopeFilter(filterByImport, 's')}
  ) t WHERE t.geom IS NOT NULL`;
  return { name: statementName(text), text };
}

export function generalizedTileQuery(
  layer: TileLayer,
  generalization: Generalization,
  filterByImport: boolean,
): TileQuery {
  const text = `SELECT ST_AsMVT(t, ${literal(layer.table)}, ${EXTENT}, 'geom', 'fid') AS mvt FROM (
    SELECT ST_AsMVTGeom(g.geom_3857, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS geom,
           (g.id_importado::bigint << 32) + g.id AS fid, g.id, g.id_importado, g.ctmt,
           round(g.comprimento_m::numeric, 1)::float8 AS comprimento_m, g.nivel::int AS nivel, true AS generalizado
      FROM public.rede_generalizada g
     WHERE g.camada = ${literal(layer.table)} AND g.nivel = ${generalization.nivel}
       AND ${envelopeFilter(filterByImport, 'g')}
  ) t WHERE t.geom IS NOT NULL`;
  return { name: statementName(text), text };
}

function literal(value: string): string {
  if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`nome de camada inesperado: ${value}`);
  return `'${value}'`;
}

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tile_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}
