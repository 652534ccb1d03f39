// Shape of a map layer module: one BDGD table (= vector-tile source = MVT layer name) drawn by one or
// more MapLibre style layers, plus what the legend and the layer toggles need to know about it.
import type {
  CircleLayerSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';

type WithoutSource<T> = T extends unknown ? Omit<T, 'source' | 'source-layer'> : never;

/** A style layer without `source`/`source-layer`: the controller fills them in from `table`. */
export type LayerStyle = WithoutSource<
  LineLayerSpecification | FillLayerSpecification | CircleLayerSpecification | SymbolLayerSpecification
>;

export type LegendSymbolSpec =
  | { shape: 'line'; colour: string; width: number; dashed?: boolean }
  | { shape: 'circle'; colour: string; outline: string; hollow?: boolean }
  | { shape: 'polygon'; colour: string; outline: string };

export interface LegendItem {
  label: string;
  symbol: LegendSymbolSpec;
}

export interface MapLayer {
  /** BDGD table name: also the source id and the layer name inside each vector tile. */
  table: string;
  /** Name shown to operators (toggles, popups). */
  label: string;
  /** Drawn bottom to top; ids must be unique across modules. */
  styles: LayerStyle[];
  legend: LegendItem[];
  visibleByDefault: boolean;
}
