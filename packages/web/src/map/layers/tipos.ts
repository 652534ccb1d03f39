// Shape of a map layer module: one BDGD table (= vector-tile source = MVT layer name) drawn by one or
// more MapLibre style layers, plus what the legend and the layer toggles need to know about it.
import type {
  CircleLayerSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';

type SemFonte<T> = T extends unknown ? Omit<T, 'source' | 'source-layer'> : never;

/** A style layer without `source`/`source-layer`: the controller fills them in from `tabela`. */
export type EstiloDaCamada = SemFonte<
  LineLayerSpecification | FillLayerSpecification | CircleLayerSpecification | SymbolLayerSpecification
>;

export type SimboloDeLegenda =
  | { forma: 'linha'; cor: string; largura: number; tracejada?: boolean }
  | { forma: 'circulo'; cor: string; contorno: string; vazado?: boolean }
  | { forma: 'poligono'; cor: string; contorno: string };

export interface ItemDeLegenda {
  rotulo: string;
  simbolo: SimboloDeLegenda;
}

export interface CamadaDoMapa {
  /** BDGD table name: also the source id and the layer name inside each vector tile. */
  tabela: string;
  /** Name shown to operators (toggles, popups). */
  rotulo: string;
  /** Drawn bottom to top; ids must be unique across modules. */
  estilos: EstiloDaCamada[];
  legenda: ItemDeLegenda[];
  visivelPorPadrao: boolean;
}
