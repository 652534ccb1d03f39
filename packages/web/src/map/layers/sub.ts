// Substation footprints (SUB polygons).
import type { CamadaDoMapa } from './tipos.ts';

const COR_SUB = '#b9a6dc';
const CONTORNO_SUB = '#4e3a7a';

export const camadaSubestacoes: CamadaDoMapa = {
  tabela: 'sub',
  rotulo: 'Subestações',
  visivelPorPadrao: true,
  estilos: [
    { id: 'sub-area', type: 'fill', paint: { 'fill-color': COR_SUB, 'fill-opacity': 0.55 } },
    {
      id: 'sub-contorno',
      type: 'line',
      paint: { 'line-color': CONTORNO_SUB, 'line-width': 1.5 },
    },
  ],
  legenda: [{ rotulo: 'Subestação', simbolo: { forma: 'poligono', cor: COR_SUB, contorno: CONTORNO_SUB } }],
};
