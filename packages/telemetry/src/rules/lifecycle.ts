// Alert lifecycle, pure: given the alerts open for one transformer and the rules evaluated on its newest
// reading, decide what to raise, keep (silently, or with a notification when the severity changes) and
// clear. Acknowledgement by an operator does not change the lifecycle: an acknowledged alert stays active
// until its condition ends. The transformer status is derived from the active alerts.
import type { AlertType, Severity, TransformerStatus } from '../model.ts';
import { type Evaluation, nextSeverity } from './anomalies.ts';

export interface OpenAlert {
  id: number;
  tipo: AlertType;
  severidade: Severity;
}

export interface Raise {
  tipo: AlertType;
  severidade: Severity;
  valor: number | null;
  limite: number | null;
  unidade: string;
  mensagem: string;
}

export interface Keep {
  id: number;
  tipo: AlertType;
  severidade: Severity;
  valor: number;
  mensagem: string;
  /** Set when the severity changed (the only case in which a kept alert is notified again). */
  change: 'agravado' | 'atenuado' | null;
}

export interface Decision {
  raise: Raise[];
  keep: Keep[];
  clear: OpenAlert[];
}

/** Decisions for one transformer after a new (newest) reading. A reading always ends OFFLINE. */
export function decide(open: readonly OpenAlert[], evaluations: readonly Evaluation[]): Decision {
  const decision: Decision = { raise: [], keep: [], clear: [] };
  const byType = new Map(open.map((a) => [a.tipo, a]));
  const offline = byType.get('OFFLINE');
  if (offline) decision.clear.push(offline);
  for (const ev of evaluations) {
    const current = byType.get(ev.tipo);
    const severity = nextSeverity(ev.metric, ev.levels, current?.severidade ?? null);
    if (!current) {
      if (severity) {
        decision.raise.push({
          tipo: ev.tipo,
          severidade: severity,
          valor: ev.valor,
          limite: ev.limite,
          unidade: ev.unidade,
          mensagem: ev.describe(severity),
        });
      }
    } else if (severity) {
      const change =
        severity === current.severidade ? null : severity === 'CRITICO' ? 'agravado' : ('atenuado' as const);
      decision.keep.push({
        id: current.id,
        tipo: ev.tipo,
        severidade: severity,
        valor: ev.valor,
        mensagem: ev.describe(severity),
        change,
      });
    } else {
      decision.clear.push(current);
    }
  }
  // Rules that could not be evaluated on this reading (e.g. all currents zero) leave their alerts as they are.
  return decision;
}

/** OFFLINE decision for a transformer whose last reading is too old. */
export function offlineRaise(lastSeenIso: string, intervalSeconds: number, missed: number): Raise {
  return {
    tipo: 'OFFLINE',
    severidade: 'ALERTA',
    valor: null,
    limite: intervalSeconds * missed,
    unidade: 's',
    mensagem: `Sem comunicação: nenhuma leitura desde ${lastSeenIso} (${missed} intervalos de ${intervalSeconds} s)`,
  };
}

/** Operator status from the active alerts (acknowledged ones included). */
export function statusFromAlerts(
  active: ReadonlyArray<{ tipo: AlertType; severidade: Severity }>,
): TransformerStatus {
  if (active.some((a) => a.tipo === 'OFFLINE')) return 'OFFLINE';
  if (active.some((a) => a.severidade === 'CRITICO')) return 'CRITICO';
  if (active.length > 0) return 'ALERTA';
  return 'NORMAL';
}
