// Registry of the network layers, in drawing order (bottom to top).
import { camadaAltaTensao } from './ssdat.ts';
import { camadaBaixaTensao } from './ssdbt.ts';
import { camadaMediaTensao } from './ssdmt.ts';
import { camadaSubestacoes } from './sub.ts';
import type { CamadaDoMapa } from './tipos.ts';
import { camadaCapacitores } from './uncrmt.ts';
import { camadaReguladores } from './unremt.ts';
import { camadaChaves } from './unsemt.ts';
import { camadaTransformadores } from './untrd.ts';

export const CAMADAS_DA_REDE: readonly CamadaDoMapa[] = [
  camadaSubestacoes,
  camadaAltaTensao,
  camadaBaixaTensao,
  camadaMediaTensao,
  camadaCapacitores,
  camadaReguladores,
  camadaTransformadores,
  camadaChaves,
];

export function camadaPorTabela(tabela: string): CamadaDoMapa | undefined {
  return CAMADAS_DA_REDE.find((c) => c.tabela === tabela);
}

export type { CamadaDoMapa, ItemDeLegenda, SimboloDeLegenda } from './tipos.ts';
