// LV conductor segments (SSDBT): thin grey lines, only from street-level zooms.
import type { CamadaDoMapa } from './tipos.ts';

const COR_BT = '#7d8790';

export const camadaBaixaTensao: CamadaDoMapa = {
  tabela: 'ssdbt',
  rotulo: 'Rede de baixa tensão',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'ssdbt-linha',
      type: 'line',
      minzoom: 13,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': COR_BT,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 16, 1.2, 18, 2],
      },
    },
  ],
  legenda: [{ rotulo: 'Baixa tensão', simbolo: { forma: 'linha', cor: COR_BT, largura: 1 } }],
};
