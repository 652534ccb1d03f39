// MV voltage regulator banks (UNREMT).
import type { MapLayer } from './types.ts';

const REGULATOR_COLOUR = '#0b6e4f';

export const regulatorLayer: MapLayer = {
  table: 'unremt',
  label: 'Reguladores de tensão',
  visibleByDefault: true,
  styles: [
    {
      id: 'unremt-circle',
      type: 'circle',
      paint: {
        'circle-color': REGULATOR_COLOUR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 7, 18, 10],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ],
  legend: [{ label: 'Regulador', symbol: { shape: 'circle', colour: REGULATOR_COLOUR, outline: '#ffffff' } }],
};
