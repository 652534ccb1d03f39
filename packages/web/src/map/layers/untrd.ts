// MV/LV distribution transformers (UNTRD / UNTRMT). Features are keyed by `cod_id` (promoteId), so a
// live status layer can later colour them with `map.setFeatureState({ source: 'untrd', sourceLayer:
// 'untrd', id: codId }, { estado: 'CRITICO' })` without touching the style: the colour below already
// reads the `estado` feature-state and falls back to the static colour.
import type { ExpressionSpecification } from 'maplibre-gl';
import type { CamadaDoMapa } from './tipos.ts';

const COR_TRAFO = '#f2a900';
const CONTORNO_TRAFO = '#4a3300';

/** Transformer status colours driven by feature-state `estado` (NORMAL, ALERTA, CRITICO). */
export const CORES_ESTADO_TRAFO = { NORMAL: '#2a9d3a', ALERTA: '#ff8c00', CRITICO: '#d62728' } as const;

const corPorEstado: ExpressionSpecification = [
  'match',
  ['coalesce', ['feature-state', 'estado'], ''],
  'NORMAL',
  CORES_ESTADO_TRAFO.NORMAL,
  'ALERTA',
  CORES_ESTADO_TRAFO.ALERTA,
  'CRITICO',
  CORES_ESTADO_TRAFO.CRITICO,
  COR_TRAFO,
];

export const camadaTransformadores: CamadaDoMapa = {
  tabela: 'untrd',
  rotulo: 'Transformadores de distribuição',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'untrd-circulo',
      type: 'circle',
      minzoom: 13,
      paint: {
        'circle-color': corPorEstado,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 3.5, 15, 5, 18, 8],
        'circle-stroke-color': CONTORNO_TRAFO,
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 13, 0.8, 15, 1.2],
      },
    },
  ],
  legenda: [
    { rotulo: 'Transformador', simbolo: { forma: 'circulo', cor: COR_TRAFO, contorno: CONTORNO_TRAFO } },
  ],
};
