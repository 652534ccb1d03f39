import { useState } from 'react';
import { DEFAULT_BASE_MAP_ID } from '../map/baseStyles.ts';
import type { MapController } from '../map/MapController.ts';

export function BaseMapSelector({ mapController }: { mapController: MapController | null }) {
  const [chosen, setChosen] = useState(DEFAULT_BASE_MAP_ID);
  const [notice, setNotice] = useState<string | null>(null);
  const options = mapController?.baseMapOptions() ?? [];
  if (options.length < 2) return null;
  return (
    <section className="panel-section" aria-labelledby="base-map-title">
      <h2 id="base-map-title">Mapa base</h2>
      <select
        className="select-field"
        aria-labelledby="base-map-title"
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          setNotice(null);
          const previous = chosen;
          void mapController?.switchBaseMap(e.target.value, (message) => {
            setChosen(previous);
            setNotice(message);
          });
        }}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {notice && <p className="muted-text">{notice}</p>}
    </section>
  );
}
