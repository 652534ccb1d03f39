// Base maps. The default is a plain local background: it needs no network, so the electric network is
// always visible even in a control room without internet. A remote style (e.g. OSM/vector basemap) can
// be offered through the build-time variable VITE_MAPA_BASE (a MapLibre style URL).
import type { StyleSpecification } from 'maplibre-gl';
import { COR_FUNDO } from './layers/cores.ts';

export interface OpcaoDeMapaBase {
  id: string;
  rotulo: string;
  estilo: StyleSpecification | string;
}

function fundoSimples(cor: string): StyleSpecification {
  return {
    version: 8,
    name: 'fundo-simples',
    sources: {},
    layers: [{ id: 'fundo', type: 'background', paint: { 'background-color': cor } }],
  };
}

export const ID_BASE_PADRAO = 'claro';

export function opcoesDeMapaBase(): OpcaoDeMapaBase[] {
  const opcoes: OpcaoDeMapaBase[] = [
    { id: 'claro', rotulo: 'Fundo claro (offline)', estilo: fundoSimples(COR_FUNDO) },
    { id: 'escuro', rotulo: 'Fundo escuro (offline)', estilo: fundoSimples('#1d232a') },
  ];
  const externo = import.meta.env.VITE_MAPA_BASE?.trim();
  if (externo) opcoes.push({ id: 'externo', rotulo: 'Mapa base configurado', estilo: externo });
  return opcoes;
}
