// Colours shared by the layer modules and the legend. Red is reserved for open switches (and, later,
// for critical transformer status), so the feeder palette avoids it.
export const BACKGROUND_COLOUR = '#eef0ec';

/** Categorical palette for feeders (ctmt): distinct, readable on the light background, no red. */
export const FEEDER_PALETTE = [
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

export const MV_NO_FEEDER_COLOUR = '#5f6b73';
export const HIGHLIGHT_COLOUR = '#ffd60a';
export const OPEN_SWITCH_COLOUR = '#d62728';
export const CLOSED_SWITCH_COLOUR = '#1b1f23';
