// LV conductor segments (SSDBT): thin grey lines, only from street-level zooms.
import type { MapLayer } from './types.ts';

const LV_COLOUR = '#7d8790';

export const lvLayer: MapLayer = {
  table: 'ssdbt',
  label: 'Rede de baixa tensão',
  visibleByDefault: true,
  styles: [
    {
      id: 'ssdbt-line',
      type: 'line',
      minzoom: 13,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': LV_COLOUR,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 16, 1.2, 18, 2],
      },
    },
  ],
  legend: [{ label: 'Baixa tensão', symbol: { shape: 'line', colour: LV_COLOUR, width: 1 } }],
};
