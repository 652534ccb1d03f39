// HV conductor segments (SSDAT): thick dark lines (many distributors have none).
import type { CamadaDoMapa } from './tipos.ts';

const COR_AT = '#3b2a6b';

export const camadaAltaTensao: CamadaDoMapa = {
  tabela: 'ssdat',
  rotulo: 'Rede de alta tensão',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'ssdat-linha',
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': COR_AT,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 16, 5],
      },
    },
  ],
  legenda: [{ rotulo: 'Alta tensão', simbolo: { forma: 'linha', cor: COR_AT, largura: 4 } }],
};
