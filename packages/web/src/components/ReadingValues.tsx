// The latest reading of a transformer with its age. Values older than STALE_AFTER_MS are greyed and
// labelled as an old reading, never shown as live.

import {
  formatAge,
  formatDateTime,
  formatNumber,
  isStale,
  READING_FIELDS,
  readingTime,
  STATUS_LABELS,
} from '../domain/telemetry.ts';
import type { TransformerLive } from '../live/LiveTelemetry.ts';

/** Status of the latest reading; an old reading's status is not shown as current. */
export function StatusBadge({ record, now }: { record: TransformerLive | undefined; now: number }) {
  const status = record?.status ?? null;
  if (status && status !== 'OFFLINE' && record?.dados.timestamp && isStale(record.dados, now)) {
    return (
      <span className="status-badge status-offline" data-status="DESATUALIZADO">
        Desatualizado
      </span>
    );
  }
  return (
    <span className={`status-badge status-${(status ?? 'none').toLowerCase()}`} data-status={status ?? ''}>
      {status ? STATUS_LABELS[status] : 'Sem telemetria'}
    </span>
  );
}

export function ReadingAge({
  record,
  now,
  connected = true,
}: {
  record: TransformerLive | undefined;
  now: number;
  /** False while the live connection is down: values may have changed since. */
  connected?: boolean;
}) {
  const t = readingTime(record?.dados);
  if (t === null) return <span className="reading-age reading-none">Nenhuma leitura recebida</span>;
  const stale = isStale(record?.dados, now);
  return (
    <span
      className={`reading-age ${stale || !connected ? 'reading-stale' : 'reading-live'}`}
      data-testid="reading-age"
      title={formatDateTime(t)}
    >
      {stale ? 'Leitura antiga' : 'Leitura'} {formatAge(now - t)} ({formatDateTime(t)})
      {!connected && ' — sem conexão ao vivo, pode haver leituras mais novas'}
    </span>
  );
}

export function ReadingValues({
  record,
  now,
  compact = false,
}: {
  record: TransformerLive | undefined;
  now: number;
  compact?: boolean;
}) {
  const dados = record?.dados ?? {};
  const stale = isStale(dados, now);
  const fields = compact
    ? READING_FIELDS.filter((f) =>
        ['tensao_secundario', 'potencia_ativa', 'temperatura', 'corrente_a'].includes(f.field),
      )
    : READING_FIELDS;
  // Loading from this reading (√(P²+Q²) / kVA), never from an older server value.
  const p = dados.potencia_ativa;
  const q = dados.potencia_reativa;
  const kva = record?.pot_nom;
  const load =
    typeof p === 'number' && typeof q === 'number' && typeof kva === 'number' && kva > 0
      ? (Math.hypot(p, q) / kva) * 100
      : null;
  return (
    <dl className={`reading-values ${stale ? 'is-stale' : ''}`}>
      {fields.map((f) => {
        const v = dados[f.field];
        return (
          <div key={f.field}>
            <dt>{f.label}</dt>
            <dd data-field={f.field} className="reading-value">
              {typeof v === 'number' ? `${formatNumber(v, f.digits)} ${f.unit}` : '—'}
            </dd>
          </div>
        );
      })}
      {typeof record?.pot_nom === 'number' && (
        <div>
          <dt>Potência nominal</dt>
          <dd>{formatNumber(record.pot_nom, 1)} kVA</dd>
        </div>
      )}
      {load !== null && !stale && (
        <div>
          <dt>Carregamento</dt>
          <dd>{formatNumber(load, 0)} %</dd>
        </div>
      )}
    </dl>
  );
}
