// MV conductor segments (SSDMT), coloured by feeder. The colour expression is replaced at runtime once the
// feeder list is known (see `expressaoDeCorPorAlimentador`); a halo layer underneath highlights the
// selected feeder.
import { COR_DESTAQUE, COR_MT_SEM_ALIMENTADOR } from './cores.ts';
import type { CamadaDoMapa } from './tipos.ts';

export const ID_LINHA_MT = 'ssdmt-linha';
export const ID_DESTAQUE_MT = 'ssdmt-destaque';

export const camadaMediaTensao: CamadaDoMapa = {
  tabela: 'ssdmt',
  rotulo: 'Rede de média tensão',
  visivelPorPadrao: true,
  estilos: [
    {
      id: ID_DESTAQUE_MT,
      type: 'line',
      filter: ['==', ['get', 'ctmt'], '\u0000nenhum'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': COR_DESTAQUE,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 12],
      },
    },
    {
      id: ID_LINHA_MT,
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': COR_MT_SEM_ALIMENTADOR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.6, 14, 2.6, 18, 5],
      },
    },
  ],
  legenda: [
    { rotulo: 'Média tensão (cor do alimentador)', simbolo: { forma: 'linha', cor: '#1f6fb4', largura: 3 } },
  ],
};
