// MV switching devices (UNSEMT: switches, fuses, breakers, reclosers). Normally open devices
// (`p_n_ope = 'A'`) are hollow red rings; normally closed ones are filled dark dots.
import type { ExpressionSpecification } from 'maplibre-gl';
import { COR_CHAVE_ABERTA, COR_CHAVE_FECHADA } from './cores.ts';
import type { CamadaDoMapa } from './tipos.ts';

const ehAberta: ExpressionSpecification = ['==', ['get', 'p_n_ope'], 'A'];

export const camadaChaves: CamadaDoMapa = {
  tabela: 'unsemt',
  rotulo: 'Chaves e proteções (MT)',
  visivelPorPadrao: true,
  estilos: [
    {
      id: 'unsemt-circulo',
      type: 'circle',
      minzoom: 12,
      // Open switches drawn last so they stay visible over closed ones.
      layout: { 'circle-sort-key': ['case', ehAberta, 1, 0] },
      paint: {
        'circle-color': ['case', ehAberta, '#ffffff', COR_CHAVE_FECHADA],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 15, 4.5, 18, 7],
        'circle-stroke-color': ['case', ehAberta, COR_CHAVE_ABERTA, '#ffffff'],
        'circle-stroke-width': ['case', ehAberta, 2.2, 1],
      },
    },
  ],
  legenda: [
    {
      rotulo: 'Chave fechada',
      simbolo: { forma: 'circulo', cor: COR_CHAVE_FECHADA, contorno: '#ffffff' },
    },
    {
      rotulo: 'Chave aberta (NA)',
      simbolo: { forma: 'circulo', cor: '#ffffff', contorno: COR_CHAVE_ABERTA, vazado: true },
    },
  ],
};
