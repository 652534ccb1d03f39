// The interface between the pure network generator and whatever stores its output (CSV files for
// ogr2ogr, an in-memory collector in tests, the defect injector in between).
import type { LonLat } from './geodesy.ts';
import type { LayerName } from './schema.ts';

export type FieldValue = string | number;
export type FieldValues = Record<string, FieldValue>;

export type Geometry =
  | { readonly kind: 'point'; readonly at: LonLat }
  | { readonly kind: 'line'; readonly points: readonly LonLat[] }
  | { readonly kind: 'polygon'; readonly ring: readonly LonLat[] }
  /** Raw WKT (used by defect injection: EMPTY geometries and the like). */
  | { readonly kind: 'wkt'; readonly text: string }
  /** No geometry at all on a spatial layer (null shape). */
  | { readonly kind: 'null' };

export interface FeatureSink {
  write(layer: LayerName, values: FieldValues, geometry?: Geometry): void;
}

function coordinate(p: LonLat): string {
  return `${p.lon.toFixed(9)} ${p.lat.toFixed(9)}`;
}

export function toWkt(geometry: Geometry): string {
  switch (geometry.kind) {
    case 'point':
      return `POINT (${coordinate(geometry.at)})`;
    case 'line':
      return `MULTILINESTRING ((${geometry.points.map(coordinate).join(',')}))`;
    case 'polygon':
      return `MULTIPOLYGON (((${geometry.ring.map(coordinate).join(',')})))`;
    case 'wkt':
      return geometry.text;
    case 'null':
      return '';
  }
}

/** Collects everything in memory — for unit tests of the generation logic only. */
export class MemorySink implements FeatureSink {
  readonly rows = new Map<string, Array<{ values: FieldValues; geometry?: Geometry }>>();
  write(layer: LayerName, values: FieldValues, geometry?: Geometry): void {
    let list = this.rows.get(layer);
    if (!list) {
      list = [];
      this.rows.set(layer, list);
    }
    list.push(geometry ? { values, geometry } : { values });
  }
}
