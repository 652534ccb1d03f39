// TileJSON 3.0.0 documents and the tile-layer catalogue: URLs, zoom range, data bounds, fields per layer.
import type { Database } from '../../db/database.ts';
import { q } from '../../db/sql.ts';
import { DATA_MAX_ZOOM, TILE_LAYERS, type TileLayer } from './layers.ts';
import { tileProperties } from './tile-sql.ts';

export type Bounds = [number, number, number, number];
const WORLD: Bounds = [-180, -85.0511, 180, 85.0511];

/** Extent of a layer's data in EPSG:4674 (≈ WGS 84), from the table or, for MV/LV lines, the generalised network. */
export async function layerBounds(
  db: Database,
  layer: TileLayer,
  importacao: number | undefined,
): Promise<Bounds> {
  const filter = importacao !== undefined ? 'AND id_importado = $1' : '';
  const values = importacao !== undefined ? [importacao] : [];
  const fromGeneralized = layer.table === 'ssdmt' || layer.table === 'ssdbt';
  const sql = fromGeneralized
    ? `SELECT ST_Transform(ST_SetSRID(ST_Extent(geom_3857)::geometry, 3857), 4674) AS e
         FROM public.rede_generalizada WHERE camada = '${layer.table}' AND nivel = 2 ${filter}`
    : `SELECT ST_Extent(geom) AS e FROM public.${q(layer.table)} WHERE geom IS NOT NULL ${filter}`;
  const result = await db.pool.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>(
    `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax FROM (${sql}) b`,
    values,
  );
  const row = result.rows[0];
  if (!row || row.xmin === null) return WORLD;
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return [r(row.xmin), r(row.ymin), r(row.xmax), r(row.ymax)];
}

function fieldType(sqlType: string): 'Number' | 'String' | 'Boolean' {
  if (/^(integer|bigint|smallint|double precision|real|numeric)/.test(sqlType)) return 'Number';
  if (sqlType === 'boolean') return 'Boolean';
  return 'String';
}

export async function layerFields(db: Database, layer: TileLayer): Promise<Record<string, string>> {
  const columns = (await db.columns.get()).get(layer.table);
  const fields: Record<string, string> = { id: 'Number', id_importado: 'Number' };
  for (const p of tileProperties(columns)) fields[p] = fieldType(columns?.get(p) ?? 'text');
  if (layer.generalization.length > 0) {
    Object.assign(fields, { comprimento_m: 'Number', nivel: 'Number', generalizado: 'Boolean' });
  }
  return fields;
}

export function tileUrl(origin: string, layer: TileLayer, importacao: number | undefined): string {
  const query = importacao !== undefined ? `?importacao=${importacao}` : '';
  return `${origin}/tiles/${layer.table}/{z}/{x}/{y}.pbf${query}`;
}

export async function tileJson(
  db: Database,
  layer: TileLayer,
  origin: string,
  importacao: number | undefined,
): Promise<Record<string, unknown>> {
  const bounds = await layerBounds(db, layer, importacao);
  return {
    tilejson: '3.0.0',
    name: layer.table,
    description: `${layer.name} — ${layer.description}`,
    scheme: 'xyz',
    tiles: [tileUrl(origin, layer, importacao)],
    minzoom: layer.minzoom,
    maxzoom: DATA_MAX_ZOOM,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(layer.minzoom, 12)],
    vector_layers: [
      {
        id: layer.table,
        description: layer.name,
        minzoom: layer.minzoom,
        maxzoom: DATA_MAX_ZOOM,
        fields: await layerFields(db, layer),
      },
    ],
  };
}

export function catalogue(origin: string) {
  return [...TILE_LAYERS.values()].map((layer) => ({
    camada: layer.table,
    nome: layer.name,
    descricao: layer.description,
    tipo_geometria: layer.geometry,
    minzoom: layer.minzoom,
    maxzoom: DATA_MAX_ZOOM,
    generalizacao: layer.generalization.map((g) => ({ nivel: g.nivel, ate_zoom: g.maxZoom })),
    tilejson: `${origin}/tiles/${layer.table}.json`,
    tiles: tileUrl(origin, layer, undefined),
  }));
}
