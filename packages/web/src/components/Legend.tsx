// Legend built from the layer modules' own legend entries (layers without data are left out).
import { NETWORK_LAYERS } from '../map/layers/index.ts';
import { LegendSymbol } from './LegendSymbol.tsx';

export function Legend({ counts }: { counts: Record<string, number> }) {
  const items = NETWORK_LAYERS.filter((l) => counts[l.table] !== 0)
    .flatMap((l) => l.legend)
    .reverse();
  return (
    <section className="panel-section" aria-labelledby="legend-title">
      <h2 id="legend-title">Legenda</h2>
      <ul className="legend">
        {items.map((item) => (
          <li key={item.label}>
            <LegendSymbol symbol={item.symbol} />
            <span>{item.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
