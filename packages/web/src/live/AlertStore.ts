// Active alerts, live from `/ws/alertas`: the server sends `{ tipo: 'alertas_ativos', alertas }` on
// every (re)connection, then one `{ tipo: 'alerta', evento, alerta, status }` per change. Closed alerts
// (`encerrado`) leave the list. The transformer status carried by each event is passed on to the map.
import { type Alert, acknowledgeAlert, type TransformerStatus } from '../api/client.ts';
import { ReconnectingSocket } from './ReconnectingSocket.ts';

interface AlertEventMessage {
  tipo: 'alerta';
  evento: 'aberto' | 'agravado' | 'atenuado' | 'reconhecido' | 'encerrado';
  alerta: Alert;
  status: TransformerStatus;
}

type AlertMessage = { tipo: 'alertas_ativos'; alertas: Alert[] } | AlertEventMessage | { tipo: string };

export class AlertStore {
  readonly socket: ReconnectingSocket;
  private readonly alerts = new Map<number, Alert>();
  private readonly listeners = new Set<(alerts: Alert[]) => void>();
  private snapshot: Alert[] = [];

  constructor(private readonly onStatus?: (cod: string, status: TransformerStatus) => void) {
    this.socket = new ReconnectingSocket('/ws/alertas', {
      onMessage: (data) => this.onMessage(data as AlertMessage),
    });
  }

  /** Active alerts, newest first. */
  get list(): Alert[] {
    return this.snapshot;
  }

  onChange(listener: (alerts: Alert[]) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  async acknowledge(id: number, operador: string): Promise<void> {
    const { alerta } = await acknowledgeAlert(id, operador);
    if (this.alerts.has(id) && !alerta.encerrado_em) this.alerts.set(id, alerta);
    this.changed();
  }

  destroy(): void {
    this.socket.close();
    this.listeners.clear();
  }

  private onMessage(msg: AlertMessage): void {
    if (msg.tipo === 'alertas_ativos' && 'alertas' in msg) {
      this.alerts.clear();
      for (const a of msg.alertas) this.alerts.set(a.id, a);
      this.changed();
      return;
    }
    if (msg.tipo === 'alerta' && 'alerta' in msg) {
      const { alerta, evento } = msg;
      if (evento === 'encerrado' || alerta.encerrado_em) this.alerts.delete(alerta.id);
      else this.alerts.set(alerta.id, alerta);
      if (msg.status) this.onStatus?.(alerta.cod_transformador, msg.status);
      this.changed();
    }
  }

  private changed(): void {
    this.snapshot = [...this.alerts.values()].sort((a, b) => b.aberto_em.localeCompare(a.aberto_em));
    for (const l of this.listeners) l(this.snapshot);
  }
}
