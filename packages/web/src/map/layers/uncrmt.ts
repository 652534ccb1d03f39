// MV capacitor banks (UNCRMT).
import type { MapLayer } from './types.ts';

const CAPACITOR_COLOUR = '#0097a7';

export const capacitorLayer: MapLayer = {
  table: 'uncrmt',
  label: 'Bancos de capacitores',
  visibleByDefault: true,
  styles: [
    {
      id: 'uncrmt-circle',
      type: 'circle',
      paint: {
        'circle-color': CAPACITOR_COLOUR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 6.5, 18, 9],
        'circle-stroke-color': '#102a2d',
        'circle-stroke-width': 1.5,
      },
    },
  ],
  legend: [
    {
      label: 'Banco de capacitores',
      symbol: { shape: 'circle', colour: CAPACITOR_COLOUR, outline: '#102a2d' },
    },
  ],
};
