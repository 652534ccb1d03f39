// Embedded Aedes MQTT broker: development fallback when MQTT_URL points nowhere. MQTT 3.1.1 only, no
// shared subscriptions, messages kept in memory — one process, not for production.
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    port: actual,
    url: `mqtt://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        broker.close(() => undefined);
      }),
  };
}

/** True when something accepts TCP connections at the MQTT URL's host and port within `timeoutMs`. */
export async function mqttReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const { connect } = await import('node:net');
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'mqtts:' ? 8883 : 1883));
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname, port, timeout: timeoutMs });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}
