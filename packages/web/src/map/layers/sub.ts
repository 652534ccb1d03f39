// Substation footprints (SUB polygons).
import type { MapLayer } from './types.ts';

const SUBSTATION_COLOUR = '#b9a6dc';
const SUBSTATION_OUTLINE = '#4e3a7a';

export const substationLayer: MapLayer = {
  table: 'sub',
  label: 'Subestações',
  visibleByDefault: true,
  styles: [
    { id: 'sub-fill', type: 'fill', paint: { 'fill-color': SUBSTATION_COLOUR, 'fill-opacity': 0.55 } },
    {
      id: 'sub-outline',
      type: 'line',
      paint: { 'line-color': SUBSTATION_OUTLINE, 'line-width': 1.5 },
    },
  ],
  legend: [
    {
      label: 'Subestação',
      symbol: { shape: 'polygon', colour: SUBSTATION_COLOUR, outline: SUBSTATION_OUTLINE },
    },
  ],
};
