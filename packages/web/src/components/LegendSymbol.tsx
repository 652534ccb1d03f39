import type { LegendSymbolSpec } from '../map/layers/index.ts';

/** A small SVG swatch matching how the layer is drawn on the map. */
export function LegendSymbol({ symbol }: { symbol: LegendSymbolSpec }) {
  return (
    <svg className="legend-symbol" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">
      {symbol.shape === 'line' && (
        <line
          x1="2"
          y1="8"
          x2="26"
          y2="8"
          stroke={symbol.colour}
          strokeWidth={symbol.width}
          strokeLinecap="round"
          strokeDasharray={symbol.dashed ? '4 3' : undefined}
        />
      )}
      {symbol.shape === 'circle' && (
        <circle
          cx="14"
          cy="8"
          r="5"
          fill={symbol.colour}
          stroke={symbol.outline}
          strokeWidth={symbol.hollow ? 2.2 : 1.2}
        />
      )}
      {symbol.shape === 'polygon' && (
        <rect
          x="5"
          y="2"
          width="18"
          height="12"
          fill={symbol.colour}
          stroke={symbol.outline}
          strokeWidth="1.5"
        />
      )}
    </svg>
  );
}
