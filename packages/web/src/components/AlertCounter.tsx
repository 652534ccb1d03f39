// Always-visible counter of active alerts by severity (header).
import type { Alert } from '../api/client.ts';

export function AlertCounter({ alerts }: { alerts: Alert[] }) {
  const critical = alerts.filter((a) => a.severidade === 'CRITICO').length;
  const warning = alerts.length - critical;
  const unacknowledged = alerts.filter((a) => !a.reconhecido_em).length;
  return (
    <div className="alert-counter" data-testid="alert-counter" title="Alertas ativos">
      <span className="counter counter-critico" data-severity="CRITICO">
        <strong>{critical}</strong> {critical === 1 ? 'crítico' : 'críticos'}
      </span>
      <span className="counter counter-alerta" data-severity="ALERTA">
        <strong>{warning}</strong> {warning === 1 ? 'alerta' : 'alertas'}
      </span>
      <span className="counter counter-pendente">{unacknowledged} sem reconhecimento</span>
    </div>
  );
}
