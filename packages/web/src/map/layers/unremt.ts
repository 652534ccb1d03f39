// MV voltage regulator banks (UNREMT).
import type { CamadaDoMapa } from './tipos.ts';

const COR_REGULADOR = '#0b6e4f';

export const camadaReguladores: CamadaDoMapa = {
  tabela: 'unremt',
  rotulo: 'Reguladores de tensão',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'unremt-circulo',
      type: 'circle',
      paint: {
        'circle-color': COR_REGULADOR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 7, 18, 10],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ],
  legenda: [{ rotulo: 'Regulador', simbolo: { forma: 'circulo', cor: COR_REGULADOR, contorno: '#ffffff' } }],
};
