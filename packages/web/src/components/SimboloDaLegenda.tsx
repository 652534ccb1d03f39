import type { SimboloDeLegenda } from '../map/layers/index.ts';

/** A small SVG swatch matching how the layer is drawn on the map. */
export function SimboloDaLegenda({ simbolo }: { simbolo: SimboloDeLegenda }) {
  return (
    <svg className="simbolo-legenda" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">
      {simbolo.forma === 'linha' && (
        <line
          x1="2"
          y1="8"
          x2="26"
          y2="8"
          stroke={simbolo.cor}
          strokeWidth={simbolo.largura}
          strokeLinecap="round"
          strokeDasharray={simbolo.tracejada ? '4 3' : undefined}
        />
      )}
      {simbolo.forma === 'circulo' && (
        <circle
          cx="14"
          cy="8"
          r="5"
          fill={simbolo.cor}
          stroke={simbolo.contorno}
          strokeWidth={simbolo.vazado ? 2.2 : 1.2}
        />
      )}
      {simbolo.forma === 'poligono' && (
        <rect
          x="5"
          y="2"
          width="18"
          height="12"
          fill={simbolo.cor}
          stroke={simbolo.contorno}
          strokeWidth="1.5"
        />
      )}
    </svg>
  );
}
