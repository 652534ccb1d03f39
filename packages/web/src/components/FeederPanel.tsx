// Feeder list with search. Selecting a feeder highlights it and zooms the map to its extent.
import { useEffect, useState } from 'react';
import { type Feeder, fetchFeeders } from '../api/client.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { FeederItem } from './FeederItem.tsx';

interface Props {
  importId: number;
  colours: Map<string, string>;
  selected: string | null;
  onSelect: (feeder: Feeder | null) => void;
}

const SEARCH_DEBOUNCE_MS = 250;

export function FeederPanel({ importId, colours, selected, onSelect }: Props) {
  const [search, setSearch] = useState('');
  const [list, setList] = useState<Feeder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only re-triggers the request.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchFeeders({ search, importId }, controller.signal)
        .then((result) => {
          setList(result);
          setError(null);
        })
        .catch((err: Error) => {
          if (err.name !== 'AbortError') setError(err.message);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, importId, attempt]);

  return (
    <section className="panel-section feeder-panel" aria-labelledby="feeders-title">
      <h2 id="feeders-title">Alimentadores</h2>
      <input
        type="search"
        className="search-field"
        placeholder="Buscar por código, nome ou subestação"
        aria-label="Buscar alimentador"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {error && <ErrorNotice message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {list === null && !error && <p className="muted-text">Carregando…</p>}
      {list?.length === 0 && <p className="muted-text">Nenhum alimentador encontrado.</p>}
      <ul className="feeder-list">
        {list?.map((f) => (
          <FeederItem
            key={f.cod_id}
            feeder={f}
            colour={colours.get(f.cod_id)}
            selected={f.cod_id === selected}
            onClick={() => onSelect(f)}
          />
        ))}
      </ul>
      {selected && (
        <button type="button" className="secondary-button" onClick={() => onSelect(null)}>
          Limpar destaque
        </button>
      )}
    </section>
  );
}
