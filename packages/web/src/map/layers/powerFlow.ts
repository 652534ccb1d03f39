// Power-flow result layer (not a BDGD table): the GeoJSON of `POST /calculos/fluxo-carga/{ctmt}` with
// `formato: 'geojson'`, segments coloured by loading % and overloaded ones drawn wider.
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { LegendItem } from './types.ts';

export const POWER_FLOW_SOURCE = 'fluxo-carga';
export const POWER_FLOW_LINE_ID = 'fluxo-carga-line';

/** Loading bands (upper bound %, colour, label). */
export const LOADING_BANDS: Array<[number, string, string]> = [
  [50, '#1a9850', 'até 50 %'],
  [80, '#91cf60', '50–80 %'],
  [100, '#fdae61', '80–100 %'],
  [Number.POSITIVE_INFINITY, '#d73027', 'acima de 100 % (sobrecarga)'],
];

const colourByLoading: ExpressionSpecification = [
  'step',
  ['coalesce', ['get', 'carregamento_pct'], 0],
  LOADING_BANDS[0]?.[1] ?? '#1a9850',
  50,
  LOADING_BANDS[1]?.[1] ?? '#91cf60',
  80,
  LOADING_BANDS[2]?.[1] ?? '#fdae61',
  100,
  LOADING_BANDS[3]?.[1] ?? '#d73027',
];

export const POWER_FLOW_LAYERS: LayerSpecification[] = [
  {
    id: 'fluxo-carga-casing',
    type: 'line',
    source: POWER_FLOW_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': '#1b1b1b',
      'line-opacity': 0.3,
      'line-width': [
        'interpolate',
        ['linear'],
        ['zoom'],
        11,
        ['case', ['==', ['get', 'nivel'], 'MT'], 3.5, 2],
        16,
        ['case', ['==', ['get', 'nivel'], 'MT'], 7.5, 4.5],
      ],
    },
  },
  {
    id: POWER_FLOW_LINE_ID,
    type: 'line',
    source: POWER_FLOW_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': colourByLoading,
      'line-width': ['case', ['get', 'sobrecarga'], 5, ['==', ['get', 'nivel'], 'MT'], 3.5, 2],
    },
  },
];

export const POWER_FLOW_LEGEND: LegendItem[] = LOADING_BANDS.map(([, colour, label]) => ({
  label,
  symbol: { shape: 'line', colour, width: 3 },
}));
