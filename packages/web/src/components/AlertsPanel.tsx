// Active alerts, live: severity, time, transformer, feeder; filters; acknowledge; click to locate.
import { useMemo, useState } from 'react';
import type { Alert, Severity } from '../api/client.ts';
import { ALERT_TYPE_LABELS, formatDateTime, SEVERITY_LABELS } from '../domain/telemetry.ts';

interface Props {
  alerts: Alert[];
  onAcknowledge: (alert: Alert) => Promise<void>;
  onLocate: (alert: Alert) => void;
}

export function AlertsPanel({ alerts, onAcknowledge, onLocate }: Props) {
  const [severity, setSeverity] = useState<'' | Severity>('');
  const [search, setSearch] = useState('');
  const [pendingOnly, setPendingOnly] = useState(false);
  const [busy, setBusy] = useState<Set<number>>(() => new Set());
  const [error, setError] = useState<string | null>(null);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return alerts.filter(
      (a) =>
        (!severity || a.severidade === severity) &&
        (!pendingOnly || !a.reconhecido_em) &&
        (!q || a.cod_transformador.toLowerCase().includes(q) || (a.ctmt ?? '').toLowerCase().includes(q)),
    );
  }, [alerts, severity, search, pendingOnly]);

  const acknowledge = async (alert: Alert) => {
    setBusy((b) => new Set(b).add(alert.id));
    setError(null);
    try {
      await onAcknowledge(alert);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(alert.id);
        return next;
      });
    }
  };

  return (
    <section className="panel-section alerts-panel" aria-labelledby="alerts-title" data-testid="alerts-panel">
      <h2 id="alerts-title">Alertas ativos</h2>
      <div className="alerts-filters">
        <select
          aria-label="Severidade"
          value={severity}
          onChange={(e) => setSeverity(e.target.value as '' | Severity)}
        >
          <option value="">Todas as severidades</option>
          <option value="CRITICO">Críticos</option>
          <option value="ALERTA">Alertas</option>
        </select>
        <input
          type="text"
          placeholder="Transformador ou alimentador"
          aria-label="Filtrar por transformador ou alimentador"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} />
          Só não reconhecidos
        </label>
      </div>
      {error && <p className="inline-error">{error}</p>}
      {shown.length === 0 ? (
        <p className="muted">
          {alerts.length === 0 ? 'Nenhum alerta ativo.' : 'Nenhum alerta neste filtro.'}
        </p>
      ) : (
        <ul className="alert-list">
          {shown.map((a) => (
            <li
              key={a.id}
              className={`alert-item severity-${a.severidade.toLowerCase()} ${a.reconhecido_em ? 'is-acknowledged' : ''}`}
              data-alert-id={a.id}
              data-cod={a.cod_transformador}
            >
              <button
                type="button"
                className="alert-main"
                onClick={() => onLocate(a)}
                title="Localizar no mapa"
              >
                <span className={`severity-badge severity-${a.severidade.toLowerCase()}`}>
                  {SEVERITY_LABELS[a.severidade]}
                </span>
                <span className="alert-type">{ALERT_TYPE_LABELS[a.tipo] ?? a.tipo}</span>
                <span className="alert-time">{formatDateTime(a.aberto_em)}</span>
                <span className="alert-asset">
                  Trafo <strong>{a.cod_transformador}</strong>
                  {a.ctmt && <> · alim. {a.ctmt}</>}
                </span>
                <span className="alert-message">{a.mensagem}</span>
              </button>
              {a.reconhecido_em ? (
                <span className="alert-ack" data-testid="alert-acknowledged">
                  Reconhecido{a.reconhecido_por ? ` por ${a.reconhecido_por}` : ''} às{' '}
                  {formatDateTime(a.reconhecido_em)}
                </span>
              ) : (
                <button
                  type="button"
                  className="button-small"
                  disabled={busy.has(a.id)}
                  onClick={() => void acknowledge(a)}
                >
                  {busy.has(a.id) ? 'Reconhecendo…' : 'Reconhecer'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
