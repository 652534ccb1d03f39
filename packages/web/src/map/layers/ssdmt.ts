// MV conductor segments (SSDMT), coloured by feeder. The colour expression is replaced at runtime once the
// feeder list is known (see `MapController.colourFeeders`); a halo layer underneath highlights the
// selected feeder.
import { HIGHLIGHT_COLOUR, MV_NO_FEEDER_COLOUR } from './colours.ts';
import type { MapLayer } from './types.ts';

export const MV_LINE_ID = 'ssdmt-line';
export const MV_HIGHLIGHT_ID = 'ssdmt-highlight';

/** A `ctmt` value no feature has: the highlight filter matches nothing while no feeder is selected. */
export const NO_FEEDER = '\u0000none';

export const mvLayer: MapLayer = {
  table: 'ssdmt',
  label: 'Rede de média tensão',
  visibleByDefault: true,
  styles: [
    {
      id: MV_HIGHLIGHT_ID,
      type: 'line',
      filter: ['==', ['get', 'ctmt'], NO_FEEDER],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': HIGHLIGHT_COLOUR,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 12],
      },
    },
    {
      id: MV_LINE_ID,
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': MV_NO_FEEDER_COLOUR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.6, 14, 2.6, 18, 5],
      },
    },
  ],
  legend: [
    { label: 'Média tensão (cor do alimentador)', symbol: { shape: 'line', colour: '#1f6fb4', width: 3 } },
  ],
};
