// MV switching devices (UNSEMT: switches, fuses, breakers, reclosers). Normally open devices
// (`p_n_ope = 'A'`) are hollow red rings; normally closed ones are filled dark dots.
import type { ExpressionSpecification } from 'maplibre-gl';
import { CLOSED_SWITCH_COLOUR, OPEN_SWITCH_COLOUR } from './colours.ts';
import type { MapLayer } from './types.ts';

const isOpen: ExpressionSpecification = ['==', ['get', 'p_n_ope'], 'A'];

export const switchLayer: MapLayer = {
  table: 'unsemt',
  label: 'Chaves e proteções (MT)',
  visibleByDefault: true,
  styles: [
    {
      id: 'unsemt-circle',
      type: 'circle',
      minzoom: 12,
      // Open switches drawn last so they stay visible over closed ones.
      layout: { 'circle-sort-key': ['case', isOpen, 1, 0] },
      paint: {
        'circle-color': ['case', isOpen, '#ffffff', CLOSED_SWITCH_COLOUR],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 15, 4.5, 18, 7],
        'circle-stroke-color': ['case', isOpen, OPEN_SWITCH_COLOUR, '#ffffff'],
        'circle-stroke-width': ['case', isOpen, 2.2, 1],
      },
    },
  ],
  legend: [
    {
      label: 'Chave fechada',
      symbol: { shape: 'circle', colour: CLOSED_SWITCH_COLOUR, outline: '#ffffff' },
    },
    {
      label: 'Chave aberta (NA)',
      symbol: { shape: 'circle', colour: '#ffffff', outline: OPEN_SWITCH_COLOUR, hollow: true },
    },
  ],
};
