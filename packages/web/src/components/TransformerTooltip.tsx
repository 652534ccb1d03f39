// Hover tooltips: on a transformer (status, age of the reading, main values and rated data) and on a
// group of transformers drawn as one aggregate (count per status).
import { useEffect, useState } from 'react';
import type { LiveTelemetry } from '../live/LiveTelemetry.ts';
import {
  AGGREGATE_CATEGORIES,
  AGGREGATE_LABELS,
  type AggregateProperties,
} from '../live/statusAggregates.ts';
import type { MapController } from '../map/MapController.ts';
import { ReadingAge, ReadingValues, StatusBadge } from './ReadingValues.tsx';
import { useNow } from './useNow.ts';

export function TransformerTooltip({
  mapController,
  live,
}: {
  mapController: MapController | null;
  live: LiveTelemetry | null;
}) {
  const [hover, setHover] = useState<{ codId: string; x: number; y: number } | null>(null);
  const [, setVersion] = useState(0);
  const now = useNow(1000);

  useEffect(() => mapController?.onTransformerHover(setHover), [mapController]);
  useEffect(() => {
    if (!live || !hover) return;
    return live.onChange((changed) => {
      if (changed.has(hover.codId)) setVersion((v) => v + 1);
    });
  }, [live, hover]);

  if (!hover) return null;
  const record = live?.get(hover.codId);
  return (
    <div
      className="transformer-tooltip"
      data-testid="transformer-tooltip"
      style={{ left: hover.x + 14, top: hover.y + 14 }}
    >
      <div className="tooltip-title">
        <strong>Transformador {hover.codId}</strong>
        <StatusBadge record={record} now={now} />
      </div>
      <ReadingAge record={record} now={now} connected={live?.connection === 'ao-vivo'} />
      <ReadingValues record={record} now={now} compact />
      <div className="tooltip-hint">Clique para ver o histórico</div>
    </div>
  );
}

export function AggregateTooltip({ mapController }: { mapController: MapController | null }) {
  const [hover, setHover] = useState<{ group: AggregateProperties; x: number; y: number } | null>(null);
  useEffect(() => mapController?.onAggregateHover(setHover), [mapController]);
  if (!hover) return null;
  const { group } = hover;
  return (
    <div
      className="transformer-tooltip"
      data-testid="aggregate-tooltip"
      style={{ left: hover.x + 14, top: hover.y + 14 }}
    >
      <div className="tooltip-title">
        <strong>{group.total.toLocaleString('pt-BR')} transformadores</strong>
      </div>
      <ul className="aggregate-counts">
        {AGGREGATE_CATEGORIES.filter((c) => group[c] > 0).map((c) => (
          <li key={c} data-categoria={c}>
            <span className={`aggregate-dot aggregate-${c.toLowerCase()}`} />
            {group[c].toLocaleString('pt-BR')} {AGGREGATE_LABELS[c]}
          </li>
        ))}
      </ul>
      <div className="tooltip-hint">Clique para aproximar</div>
    </div>
  );
}
