// Registry of the network layers, in drawing order (bottom to top).
import { hvLayer } from './ssdat.ts';
import { lvLayer } from './ssdbt.ts';
import { mvLayer } from './ssdmt.ts';
import { substationLayer } from './sub.ts';
import type { MapLayer } from './types.ts';
import { capacitorLayer } from './uncrmt.ts';
import { regulatorLayer } from './unremt.ts';
import { switchLayer } from './unsemt.ts';
import { transformerLayer } from './untrd.ts';

export const NETWORK_LAYERS: readonly MapLayer[] = [
  substationLayer,
  hvLayer,
  lvLayer,
  mvLayer,
  capacitorLayer,
  regulatorLayer,
  transformerLayer,
  switchLayer,
];

export function layerByTable(table: string): MapLayer | undefined {
  return NETWORK_LAYERS.find((l) => l.table === table);
}

export type { LegendItem, LegendSymbolSpec, MapLayer } from './types.ts';
