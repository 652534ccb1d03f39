// MQTT adapter of the ingest pipeline (mqtt.js). Subscribes to `{prefix}/+` — as a shared subscription
// `$share/{group}/{prefix}/+` when several ingesters split the load — with a persistent session, so that
// QoS 1 messages are kept by the broker while the ingester is down.
//
// Acknowledge-after-store: mqtt.js acknowledges a QoS 1 message as soon as its handler returns, and handles
// the next packet only after that. To batch, the PUBACK of each message is held back (mqtt.js is told it
// was sent, the message id is parked) and, once the batch holding the message is committed, the PUBACKs
// of the batch are written to the socket together, encoded here (4 bytes each, the same in MQTT 3.1.1 and
// 5: success, no properties) — one write per batch instead of one encoded packet per message. PUBACKs
// parked for a connection that dropped are discarded: the broker redelivers those messages on
// reconnection.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import { encodePubacks, subscriptionTopic } from './packets.ts';

export interface IngesterOptions {
  url: string;
  prefix: string;
  clientId: string;
  /** `$share` group; null for a plain subscription (brokers without shared subscriptions). */
  group: string | null;
  /** MQTT 5 (mosquitto) or 3.1.1 (the embedded Aedes broker). */
  protocolVersion: 4 | 5;
  qos?: 0 | 1;
  onLog?: (message: string) => void;
}

interface ParkedAck {
  connection: number;
  /** The batch holding the message is committed. */
  durable: boolean;
  /** mqtt.js has handed over its PUBACK. */
  released: boolean;
}

const RECEIVE_MAXIMUM = 20_000;

type PacketSender = (
  packet: { cmd: string; messageId?: number },
  cb?: (err?: Error) => void,
  ...rest: unknown[]
) => void;

export class MqttIngester {
  private client: MqttClient | null = null;
  /** The client PUBACKs are written to: still set while `stop()` drains. */
  private acking: MqttClient | null = null;
  private connection = 0;
  private readonly parked = new Map<number, ParkedAck>();
  /** Message ids whose PUBACK goes out with the next write. */
  private acks: number[] = [];
  private flushing = false;
  readonly topic: string;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly options: IngesterOptions,
  ) {
    this.topic = subscriptionTopic(options.prefix, options.group);
  }

  async start(): Promise<void> {
    const log = this.options.onLog ?? (() => undefined);
    const opts: IClientOptions = {
      clientId: this.options.clientId,
      clean: false,
      protocolVersion: this.options.protocolVersion,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // Every message is handed over at once; the PUBACK waits (see above).
      customHandleAcks: (_topic, _message, _packet, done) => done(0),
    };
    if (this.options.protocolVersion === 5) {
      // QoS 1 flow control: the broker sends at most RECEIVE_MAXIMUM messages not yet acknowledged, and we
      // acknowledge only after storing — that bounds what this process holds in memory.
      opts.properties = { sessionExpiryInterval: 7 * 86_400, receiveMaximum: RECEIVE_MAXIMUM };
    }
    opts.keepalive = 120;
    const client = mqtt.connect(this.options.url, opts);
    this.client = client;
    this.acking = client;
    // `_sendPacket` is mqtt.js's internal send (5.x); the version is pinned in package.json, and a release
    // without it fails here, at start, instead of acknowledging before the commit.
    const internal = client as unknown as { _sendPacket?: PacketSender };
    if (typeof internal._sendPacket !== 'function') {
      client.end(true);
      throw new Error('mqtt.js sem _sendPacket: versão incompatível com a confirmação após gravar');
    }
    const send = internal._sendPacket.bind(client);
    internal._sendPacket = (packet, cb, ...rest) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined) {
        const parked = this.parked.get(packet.messageId);
        if (parked) {
          parked.released = true;
          if (parked.durable) this.queueAck(packet.messageId);
          cb?.();
          return;
        }
      }
      send(packet, cb, ...rest);
    };

    client.on('close', () => {
      // Acknowledgements of the lost connection must not reach the next one.
      this.connection++;
      this.parked.clear();
      this.acks = [];
    });
    client.on('error', (err) => log(`erro MQTT: ${err.message}`));
    client.on('message', (topic, payload, packet) => {
      let ack: (() => void) | undefined;
      if (packet.qos === 1 && packet.messageId !== undefined) {
        const messageId = packet.messageId;
        const entry: ParkedAck = { connection: this.connection, durable: false, released: false };
        this.parked.set(messageId, entry);
        ack = () => {
          if (entry.connection !== this.connection) return;
          entry.durable = true;
          if (entry.released) this.queueAck(messageId);
        };
      }
      this.pipeline.submitMqtt(topic, payload, ack);
    });
    // Backpressure for QoS 0 (no flow control from the broker): mqtt.js reads the next packet only after
    // handleMessage's callback. QoS 1 is never held here — holding would also hold PINGRESP and the
    // keepalive would drop the connection under load; the receive maximum bounds QoS 1 instead.
    client.handleMessage = (packet, callback) => {
      if (packet.cmd === 'publish' && packet.qos === 0)
        this.pipeline.waitForCapacity().then(() => callback(), callback);
      else callback();
    };

    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      client.once('connect', (connack) => {
        client.off('error', onError);
        log(
          `conectado a ${this.options.url} como ${this.options.clientId} (sessão ${connack.sessionPresent ? 'retomada' : 'nova'})`,
        );
        resolve();
      });
      client.once('error', onError);
    });
    await client.subscribeAsync(this.topic, { qos: this.options.qos ?? 1 });
    log(`assinando ${this.topic}`);
  }

  /** Queues the PUBACK of a stored message; the queue is written at the end of the current tick. */
  private queueAck(messageId: number): void {
    this.parked.delete(messageId);
    this.acks.push(messageId);
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      const ids = this.acks;
      this.acks = [];
      const stream = (this.acking as unknown as { stream?: NodeJS.WritableStream } | null)?.stream;
      if (ids.length === 0 || !stream) return;
      stream.write(encodePubacks(ids));
    });
  }

  /** Stops taking messages, lets the pipeline store what it has, sends the last acknowledgements, disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    client.handleMessage = (_packet, callback) => callback(); // drain the socket, messages are still redelivered
    await this.pipeline.drain(); // its PUBACKs were queued (microtask) before drain() resolved
    await client.endAsync();
    this.acking = null;
  }

  /** Simulates a crash: the connection is dropped without acknowledging anything pending. */
  kill(): void {
    const client = this.client;
    this.client = null;
    client?.end(true);
  }
}
