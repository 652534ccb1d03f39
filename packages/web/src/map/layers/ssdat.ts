// HV conductor segments (SSDAT): thick dark lines (many distributors have none).
import type { MapLayer } from './types.ts';

const HV_COLOUR = '#3b2a6b';

export const hvLayer: MapLayer = {
  table: 'ssdat',
  label: 'Rede de alta tensão',
  visibleByDefault: true,
  styles: [
    {
      id: 'ssdat-line',
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': HV_COLOUR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 16, 5],
      },
    },
  ],
  legend: [{ label: 'Alta tensão', symbol: { shape: 'line', colour: HV_COLOUR, width: 4 } }],
};
