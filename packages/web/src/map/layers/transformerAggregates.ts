// Transformer status aggregates (not a BDGD table): a GeoJSON source filled by LiveTelemetry where many
// transformers are in view (see live/statusAggregates.ts). One circle per cell, coloured by its worst
// status and sized by its number of transformers. The counts and worst status of a cell change through
// feature-state (`pior` read first from the state, then from the properties set with the cells).
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { TRANSFORMER_COLOUR, TRANSFORMER_OUTLINE, TRANSFORMER_STATUS_COLOURS } from './untrd.ts';

export const AGGREGATE_SOURCE = 'untrd-agregado';
export const AGGREGATE_LAYER_ID = 'untrd-agregado-circle';

const colourByWorst: ExpressionSpecification = [
  'match',
  ['coalesce', ['feature-state', 'pior'], ['get', 'pior']],
  'CRITICO',
  TRANSFORMER_STATUS_COLOURS.CRITICO,
  'ALERTA',
  TRANSFORMER_STATUS_COLOURS.ALERTA,
  'OFFLINE',
  TRANSFORMER_STATUS_COLOURS.OFFLINE,
  'DESATUALIZADO',
  TRANSFORMER_STATUS_COLOURS.OFFLINE,
  'NORMAL',
  TRANSFORMER_STATUS_COLOURS.NORMAL,
  TRANSFORMER_COLOUR,
];

export const AGGREGATE_LAYER: LayerSpecification = {
  id: AGGREGATE_LAYER_ID,
  type: 'circle',
  source: AGGREGATE_SOURCE,
  paint: {
    'circle-color': colourByWorst,
    'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'total']], 1, 5, 10, 13, 40, 22],
    'circle-stroke-color': TRANSFORMER_OUTLINE,
    'circle-stroke-width': 1.5,
  },
};
