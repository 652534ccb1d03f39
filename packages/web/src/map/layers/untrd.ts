// MV/LV distribution transformers (UNTRD / UNTRMT). Features are keyed by `cod_id` (promoteId), so a
// live status layer can later colour them with `map.setFeatureState({ source: 'untrd', sourceLayer:
// 'untrd', id: codId }, { status: 'CRITICO' })` without touching the style: the colour below already
// reads the `status` feature-state (values as the server sends them) and falls back to the static colour.
import type { ExpressionSpecification } from 'maplibre-gl';
import type { MapLayer } from './types.ts';

/** Without live status: white, so it is never confused with a status colour. */
export const TRANSFORMER_COLOUR = '#ffffff';
export const TRANSFORMER_OUTLINE = '#4a3300';

/** Transformer status colours driven by feature-state `status` (NORMAL, ALERTA, CRITICO). */
export const TRANSFORMER_STATUS_COLOURS = {
  NORMAL: '#2a9d3a',
  ALERTA: '#ff8c00',
  CRITICO: '#d62728',
  OFFLINE: '#8c8c8c',
} as const;

const colourByStatus: ExpressionSpecification = [
  'match',
  ['coalesce', ['feature-state', 'status'], ''],
  'NORMAL',
  TRANSFORMER_STATUS_COLOURS.NORMAL,
  'ALERTA',
  TRANSFORMER_STATUS_COLOURS.ALERTA,
  'CRITICO',
  TRANSFORMER_STATUS_COLOURS.CRITICO,
  'OFFLINE',
  TRANSFORMER_STATUS_COLOURS.OFFLINE,
  TRANSFORMER_COLOUR,
];

/** A reading too old to be live (feature-state `desatualizado`, set by the live layer) shows grey. */
const colour: ExpressionSpecification = [
  'case',
  ['boolean', ['feature-state', 'desatualizado'], false],
  TRANSFORMER_STATUS_COLOURS.OFFLINE,
  colourByStatus,
];

export const transformerLayer: MapLayer = {
  table: 'untrd',
  label: 'Transformadores de distribuição',
  visibleByDefault: true,
  styles: [
    {
      id: 'untrd-circle',
      type: 'circle',
      minzoom: 13,
      paint: {
        'circle-color': colour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 3.5, 15, 5, 18, 8],
        'circle-stroke-color': TRANSFORMER_OUTLINE,
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 13, 0.8, 15, 1.2],
      },
    },
  ],
  legend: [
    {
      label:
        'Grupo de transformadores (muitos na vista, abaixo de z15) — cor do pior estado, tamanho pela quantidade',
      symbol: { shape: 'circle', colour: TRANSFORMER_STATUS_COLOURS.ALERTA, outline: TRANSFORMER_OUTLINE },
    },
    {
      label: 'Transformador — sem telemetria',
      symbol: { shape: 'circle', colour: TRANSFORMER_COLOUR, outline: TRANSFORMER_OUTLINE },
    },
    {
      label: 'Transformador — normal',
      symbol: { shape: 'circle', colour: TRANSFORMER_STATUS_COLOURS.NORMAL, outline: TRANSFORMER_OUTLINE },
    },
    {
      label: 'Transformador — alerta',
      symbol: { shape: 'circle', colour: TRANSFORMER_STATUS_COLOURS.ALERTA, outline: TRANSFORMER_OUTLINE },
    },
    {
      label: 'Transformador — crítico',
      symbol: { shape: 'circle', colour: TRANSFORMER_STATUS_COLOURS.CRITICO, outline: TRANSFORMER_OUTLINE },
    },
    {
      label: 'Transformador — sem comunicação ou leitura antiga',
      symbol: { shape: 'circle', colour: TRANSFORMER_STATUS_COLOURS.OFFLINE, outline: TRANSFORMER_OUTLINE },
    },
  ],
};
