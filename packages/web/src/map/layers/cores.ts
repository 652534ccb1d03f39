// Colours shared by the layer modules and the legend. Red is reserved for open switches (and, later,
// for critical transformer status), so the feeder palette avoids it.
export const COR_FUNDO = '#eef0ec';

/** Categorical palette for feeders (ctmt): distinct, readable on the light background, no red. */
export const PALETA_ALIMENTADORES = [
  '#1f6fb4',
  '#e07b00',
  '#2a9d3a',
  '#8e44ad',
  '#00a5b5',
  '#a0522d',
  '#d6409f',
  '#6b8e23',
  '#3949ab',
  '#b8860b',
  '#00796b',
  '#5d4037',
] as const;

export const COR_MT_SEM_ALIMENTADOR = '#5f6b73';
export const COR_DESTAQUE = '#ffd60a';
export const COR_CHAVE_ABERTA = '#d62728';
export const COR_CHAVE_FECHADA = '#1b1f23';
