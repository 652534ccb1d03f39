// Base maps. The default is a plain local background: it needs no network, so the electric network is
// always visible even in a control room without internet. A remote style (e.g. OSM/vector basemap) can
// be offered through the build-time variable VITE_MAPA_BASE (a MapLibre style URL).
import type { StyleSpecification } from 'maplibre-gl';
import { BACKGROUND_COLOUR } from './layers/colours.ts';

export interface BaseMapOption {
  id: string;
  label: string;
  style: StyleSpecification | string;
}

function plainBackground(colour: string): StyleSpecification {
  return {
    version: 8,
    name: 'plain-background',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': colour } }],
  };
}

export const DEFAULT_BASE_MAP_ID = 'light';

export function baseMapOptions(): BaseMapOption[] {
  const options: BaseMapOption[] = [
    { id: 'light', label: 'Fundo claro (offline)', style: plainBackground(BACKGROUND_COLOUR) },
    { id: 'dark', label: 'Fundo escuro (offline)', style: plainBackground('#1d232a') },
  ];
  const external = import.meta.env.VITE_MAPA_BASE?.trim();
  if (external) options.push({ id: 'external', label: 'Mapa base configurado', style: external });
  return options;
}
