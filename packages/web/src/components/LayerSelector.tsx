// Layer on/off switches, with the number of features the import holds for each layer.
import { useState } from 'react';
import { NETWORK_LAYERS } from '../map/layers/index.ts';
import type { MapController } from '../map/MapController.ts';

interface Props {
  mapController: MapController | null;
  counts: Record<string, number>;
}

export function LayerSelector({ mapController, counts }: Props) {
  const [visible, setVisible] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(NETWORK_LAYERS.map((l) => [l.table, l.visibleByDefault])),
  );

  function toggle(table: string) {
    const nowVisible = !visible[table];
    setVisible((current) => ({ ...current, [table]: nowVisible }));
    mapController?.setVisibility(table, nowVisible);
  }

  return (
    <section className="panel-section" aria-labelledby="layers-title">
      <h2 id="layers-title">Camadas</h2>
      <ul className="layer-list">
        {[...NETWORK_LAYERS].reverse().map((layer) => {
          const total = counts[layer.table];
          const empty = total === 0;
          return (
            <li key={layer.table} className={empty ? 'empty-layer' : undefined}>
              <label>
                <input
                  type="checkbox"
                  checked={visible[layer.table] ?? false}
                  onChange={() => toggle(layer.table)}
                  data-layer={layer.table}
                />
                <span>{layer.label}</span>
                <span className="count">{total === undefined ? '' : empty ? 'sem dados' : total}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
