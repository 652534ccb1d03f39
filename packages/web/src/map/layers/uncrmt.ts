// MV capacitor banks (UNCRMT).
import type { CamadaDoMapa } from './tipos.ts';

const COR_CAPACITOR = '#0097a7';

export const camadaCapacitores: CamadaDoMapa = {
  tabela: 'uncrmt',
  rotulo: 'Bancos de capacitores',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'uncrmt-circulo',
      type: 'circle',
      paint: {
        'circle-color': COR_CAPACITOR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 6.5, 18, 9],
        'circle-stroke-color': '#102a2d',
        'circle-stroke-width': 1.5,
      },
    },
  ],
  legenda: [
    {
      rotulo: 'Banco de capacitores',
      simbolo: { forma: 'circulo', cor: COR_CAPACITOR, contorno: '#102a2d' },
    },
  ],
};
