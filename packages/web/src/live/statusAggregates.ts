// Grid aggregation of transformer statuses. Where thousands of transformers are in view, drawing one
// circle each makes every repaint slow (software WebGL: ~0.1 s per 6 000 circles) and unreadable; the
// map then draws one circle per screen cell instead, coloured by the worst status in the cell, with the
// count per status (hover tooltip). Cells are squares of `cellPx` screen pixels at the given zoom, in
// Web Mercator, so a cell always covers the same screen area.
import type { TransformerStatus } from '../api/client.ts';

/** Aggregate categories, worst first: the first one present gives the cell its colour. */
export const AGGREGATE_CATEGORIES = [
  'CRITICO',
  'ALERTA',
  'OFFLINE',
  'DESATUALIZADO',
  'NORMAL',
  'SEM_DADOS',
] as const;
export type AggregateCategory = (typeof AGGREGATE_CATEGORIES)[number];

export const AGGREGATE_LABELS: Record<AggregateCategory, string> = {
  CRITICO: 'crítico',
  ALERTA: 'alerta',
  OFFLINE: 'sem comunicação',
  DESATUALIZADO: 'leitura antiga',
  NORMAL: 'normal',
  SEM_DADOS: 'sem telemetria',
};

/** The category of one transformer from its applied status and staleness. */
export function aggregateCategory(
  status: TransformerStatus | null | undefined,
  stale: boolean,
): AggregateCategory {
  if (!status) return 'SEM_DADOS';
  if (stale && status !== 'OFFLINE') return 'DESATUALIZADO';
  return status;
}

export interface PositionedTransformer {
  cod: string;
  lon: number;
  lat: number;
}

export type AggregateCounts = Record<AggregateCategory, number>;

export interface AggregateProperties extends AggregateCounts {
  /** Cell key (zoom and grid position): the feature id on the map. */
  celula: string;
  total: number;
  /** Worst category present in the cell. */
  pior: AggregateCategory;
}

export interface AggregateCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: AggregateProperties;
  }>;
}

const TILE_SIZE = 512;

function worldX(lon: number, scale: number): number {
  return ((lon + 180) / 360) * scale;
}

function worldY(lat: number, scale: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
}

/** The worst category present in a cell. */
export function worstCategory(counts: AggregateCounts): AggregateCategory {
  return AGGREGATE_CATEGORIES.find((c) => counts[c] > 0) ?? 'SEM_DADOS';
}

/**
 * One feature per non-empty cell, placed at the mean position of its transformers (so a cell with one
 * transformer sits on it), with the count per category and the worst one; and the cell of each
 * transformer (the same objects as the features' properties), so that later status changes can move one
 * count without a new pass over all transformers.
 */
export function aggregateStatuses(
  transformers: Iterable<PositionedTransformer>,
  categoryOf: (cod: string) => AggregateCategory,
  zoom: number,
  cellPx: number,
): { data: AggregateCollection; cellOf: Map<string, AggregateProperties> } {
  const cellOf = new Map<string, AggregateProperties>();
  const scale = TILE_SIZE * 2 ** zoom;
  const z = zoom.toFixed(2);
  const cells = new Map<string, { lon: number; lat: number; props: AggregateProperties }>();
  for (const t of transformers) {
    const key = `${z}:${Math.floor(worldX(t.lon, scale) / cellPx)}:${Math.floor(worldY(t.lat, scale) / cellPx)}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        lon: 0,
        lat: 0,
        props: {
          celula: key,
          total: 0,
          pior: 'SEM_DADOS',
          CRITICO: 0,
          ALERTA: 0,
          OFFLINE: 0,
          DESATUALIZADO: 0,
          NORMAL: 0,
          SEM_DADOS: 0,
        },
      };
      cells.set(key, cell);
    }
    cell.lon += t.lon;
    cell.lat += t.lat;
    cell.props.total++;
    cell.props[categoryOf(t.cod)]++;
    cellOf.set(t.cod, cell.props);
  }
  const features: AggregateCollection['features'] = [];
  for (const { lon, lat, props } of cells.values()) {
    props.pior = worstCategory(props);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon / props.total, lat / props.total] },
      properties: props,
    });
  }
  return { data: { type: 'FeatureCollection', features }, cellOf };
}
