// Live connection state (ao vivo / reconectando / offline) of the telemetry and alert WebSockets: the
// worse of the two is shown.
import { useEffect, useState } from 'react';
import type { ConnectionState, ReconnectingSocket } from '../live/ReconnectingSocket.ts';

const LABELS: Record<ConnectionState, string> = {
  conectando: 'Conectando…',
  'ao-vivo': 'Ao vivo',
  reconectando: 'Reconectando…',
  offline: 'Offline',
};
const RANK: Record<ConnectionState, number> = { 'ao-vivo': 0, conectando: 1, reconectando: 2, offline: 3 };

export function ConnectionBadge({ sockets }: { sockets: ReconnectingSocket[] }) {
  const [states, setStates] = useState<ConnectionState[]>(() => sockets.map((s) => s.state));
  useEffect(() => {
    setStates(sockets.map((s) => s.state));
    const offs = sockets.map((s, i) =>
      s.onState((state) =>
        setStates((prev) => {
          const next = [...prev];
          next[i] = state;
          return next;
        }),
      ),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [sockets]);
  const worst = states.reduce<ConnectionState>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ao-vivo');
  const state = sockets.length === 0 ? 'conectando' : worst;
  return (
    <output
      className={`connection-badge connection-${state}`}
      data-testid="connection-state"
      data-state={state}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </output>
  );
}
