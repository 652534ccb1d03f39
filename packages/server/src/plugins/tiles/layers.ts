// Which BDGD layers are served as vector tiles and how each is drawn by zoom.
//
// Every spatial layer of the catalogue (`entgeo`) is a tile layer named after its table. Note: the design
// brief names `segcon` and `unsemt` as "the" tile layers; SEGCON is a tabular conductor catalogue with no
// geometry. The drawn network is SSDMT/SSDBT/SSDAT (lines) with UNTRD/UNTRS (transformers) and
// UNSEMT/UNSEBT/UNSEAT (switches) as points.
import { LAYERS } from '@rede-eletrica/bdgd';

export const TILE_MAX_ZOOM = 22;
/** Highest zoom the data is cut at; clients over-zoom above it. */
export const DATA_MAX_ZOOM = 18;

export interface Generalization {
  /** Use rede_generalizada at this level for zooms up to `maxZoom` (inclusive). */
  nivel: 1 | 2;
  maxZoom: number;
}

export interface TileLayer {
  table: string;
  name: string;
  geometry: string;
  description: string;
  /** Below this zoom the layer's tiles are empty (too many features to be useful or fast). */
  minzoom: number;
  /** Zoom ranges served from the per-feeder generalised network, coarsest first. */
  generalization: Generalization[];
}

/** Minimum zoom per table; layers not listed are shown from zoom 0. */
const MIN_ZOOM: Record<string, number> = {
  ssdbt: 13,
  untrd: 13,
  unsemt: 12,
  unsebt: 15,
  uncrbt: 15,
  uncrmt: 11,
  unremt: 11,
  ponnot: 15,
  ucbt: 15,
  ucmt: 13,
  ugbt: 15,
  ugmt: 13,
  ucat: 8,
  ugat: 8,
  untrs: 8,
  unseat: 8,
  unreat: 8,
  uncrat: 8,
};

const GENERALIZATION: Record<string, Generalization[]> = {
  ssdmt: [
    { nivel: 1, maxZoom: 9 },
    { nivel: 2, maxZoom: 12 },
  ],
};

export const TILE_LAYERS: ReadonlyMap<string, TileLayer> = new Map(
  LAYERS.filter((l) => l.geometry).map((l) => [
    l.table,
    {
      table: l.table,
      name: l.name,
      geometry: l.geometry as string,
      description: l.description,
      minzoom: MIN_ZOOM[l.table] ?? 0,
      generalization: GENERALIZATION[l.table] ?? [],
    },
  ]),
);

export const TILE_LAYER_NAMES: readonly string[] = [...TILE_LAYERS.keys()];

/** Attributes carried in tiles (for styling and popups), when the layer has them. */
export const TILE_PROPERTIES: readonly string[] = [
  'cod_id',
  'ctmt',
  'fas_con',
  'fas_con_p',
  'fas_con_s',
  'tip_unid',
  'p_n_ope',
  'pot_nom',
  'tip_trafo',
  'pos',
  'tip_cnd',
  'comp',
  'nome',
  'sub',
  'uni_tr_mt',
  'tip_pn',
  'cor_nom',
  'tip_regu',
];

/** Properties of features read from rede_generalizada. */
export const GENERALIZED_PROPERTIES = [
  'id',
  'id_importado',
  'ctmt',
  'comprimento_m',
  'nivel',
  'generalizado',
];

/** Generalisation level for a zoom, or undefined when the full-detail table is read. */
export function generalizationFor(layer: TileLayer, z: number): Generalization | undefined {
  return layer.generalization.find((g) => z <= g.maxZoom);
}
