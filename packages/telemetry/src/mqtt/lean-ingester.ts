// MQTT 5 adapter of the ingest pipeline, written against the socket (no MQTT library): the ingester's
// only MQTT work is one subscription, PUBLISH in, PUBACK out, so the client here does just that —
// CONNECT (persistent session, receive maximum), SUBSCRIBE, PINGREQ, reconnection — and parses PUBLISH
// packets in place. Why by hand: under a burst mqtt.js (with mqtt-packet, bl and debug) took ~14 % of the
// ingester's CPU (~7 µs per reading, docs/benchmarks/telemetry.md), and acknowledging after the commit
// needed an override of its private `_sendPacket`. The embedded Aedes broker (MQTT 3.1.1, development
// only) still goes through mqtt.js (`ingester.ts`).
//
// Acknowledge-after-store: the PUBACK of a QoS 1 message is written only after the batch holding it is
// committed; the PUBACKs of a batch go out in one write (4 bytes each: success, no properties). PUBACKs
// of a connection that dropped are discarded: the broker redelivers those messages on reconnection (same
// client id, clean start 0, session expiry 7 days). Crash test: test/crash.test.ts.
import { connect, type Socket } from 'node:net';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { IngesterOptions } from './ingester.ts';
import { encodePubacks, encodeVarint, readVarint, subscriptionTopic } from './packets.ts';

const RECEIVE_MAXIMUM = 20_000;
const SESSION_EXPIRY_S = 7 * 86_400;
const KEEPALIVE_S = 120;
const RECONNECT_MS = 1000;
const CONNECT_TIMEOUT_MS = 5000;

function utf8(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, ...encodeVarint(body.length)]), body]);
}

export class LeanMqttIngester {
  private socket: Socket | null = null;
  private stopped = false;
  private connection = 0;
  private buffered: Buffer | null = null;
  private acks: number[] = [];
  private flushing = false;
  private keepalive: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private lastReceived = 0;
  private paused = false;
  /** Settles the CONNACK/SUBACK wait of the connection being set up. */
  private handshake: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private sessionPresent = false;
  readonly topic: string;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly options: IngesterOptions,
  ) {
    this.topic = subscriptionTopic(options.prefix, options.group);
  }

  private log(message: string): void {
    this.options.onLog?.(message);
  }

  /** Connects and subscribes; rejects if the first connection fails. Later drops reconnect. */
  async start(): Promise<void> {
    try {
      await this.open();
    } catch (err) {
      this.kill(); // no reconnection loop left behind by a start that failed
      throw err;
    }
    this.log(`assinando ${this.topic}`);
  }

  private open(): Promise<void> {
    const url = new URL(this.options.url);
    const socket = connect({ host: url.hostname, port: Number(url.port || 1883) });
    socket.setNoDelay(true);
    this.socket = socket;
    this.buffered = null;
    this.paused = false;
    const connection = ++this.connection;
    this.acks = [];
    const ready = new Promise<void>((resolve, reject) => {
      this.handshake = { resolve, reject };
    });
    const timer = setTimeout(() => {
      this.fail(socket, new Error(`sem CONNACK/SUBACK em ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    void ready.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    socket.once('connect', () => socket.write(this.connectPacket(url)));
    socket.on('data', (chunk: Buffer) => {
      if (connection === this.connection) this.onData(socket, chunk);
    });
    socket.on('error', (err) => this.fail(socket, err));
    socket.on('close', () => {
      if (connection !== this.connection) return;
      this.connection++; // acknowledgements of the lost connection must not reach the next one
      this.acks = [];
      this.socket = null;
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = null;
      this.handshake?.reject(new Error('conexão MQTT fechada'));
      this.handshake = null;
      if (!this.stopped) {
        this.log('conexão MQTT perdida; reconectando');
        this.scheduleReconnect();
      }
    });
    return ready;
  }

  private scheduleReconnect(): void {
    if (this.reconnect || this.stopped) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      this.open().catch((err) => this.log(`erro MQTT: ${(err as Error).message}`));
    }, RECONNECT_MS);
  }

  private fail(socket: Socket, err: Error): void {
    this.log(`erro MQTT: ${err.message}`);
    this.handshake?.reject(err);
    this.handshake = null;
    socket.destroy();
  }

  private connectPacket(url: URL): Buffer {
    let flags = 0; // clean start 0: persistent session
    const payload = [utf8(this.options.clientId)];
    if (url.username) {
      flags |= 0x80;
      payload.push(utf8(decodeURIComponent(url.username)));
    }
    if (url.password) {
      flags |= 0x40;
      payload.push(utf8(decodeURIComponent(url.password)));
    }
    const props = Buffer.from([
      0x11, // session expiry interval
      (SESSION_EXPIRY_S >>> 24) & 0xff,
      (SESSION_EXPIRY_S >>> 16) & 0xff,
      (SESSION_EXPIRY_S >>> 8) & 0xff,
      SESSION_EXPIRY_S & 0xff,
      0x21, // receive maximum: QoS 1 flow control, bounds what this process holds
      RECEIVE_MAXIMUM >> 8,
      RECEIVE_MAXIMUM & 0xff,
    ]);
    const body = Buffer.concat([
      utf8('MQTT'),
      Buffer.from([5, flags, KEEPALIVE_S >> 8, KEEPALIVE_S & 0xff, ...encodeVarint(props.length)]),
      props,
      ...payload,
    ]);
    return packet(0x10, body);
  }

  private subscribePacket(): Buffer {
    const body = Buffer.concat([
      Buffer.from([0, 1, 0]), // packet id 1, no properties
      utf8(this.topic),
      Buffer.from([this.options.qos ?? 1]),
    ]);
    return packet(0x82, body);
  }

  // ── incoming ─────────────────────────────────────────────────────────────────────────────────────
  private onData(socket: Socket, chunk: Buffer): void {
    this.lastReceived = Date.now();
    let buf = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    let at = 0;
    let holdQos0 = false;
    while (at + 2 <= buf.length) {
      // fixed header: type/flags, remaining length (1–4 bytes)
      let length = 0;
      let mult = 1;
      let i = at + 1;
      let complete = false;
      for (; i < buf.length && i < at + 5; i++) {
        const b = buf[i] as number;
        length += (b & 0x7f) * mult;
        mult *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          i++;
          break;
        }
      }
      if (!complete) {
        if (i >= at + 5) {
          this.fail(socket, new Error('comprimento de pacote MQTT inválido'));
          return;
        }
        break;
      }
      const end = i + length;
      if (end > buf.length) break;
      const first = buf[at] as number;
      if (first >> 4 === 3) {
        if (this.onPublish(buf, first, i, end)) holdQos0 = true;
      } else if (!this.onControl(socket, first, buf.subarray(i, end))) return;
      at = end;
    }
    buf = buf.subarray(at);
    this.buffered = buf.length > 0 ? Buffer.from(buf) : null;
    // Backpressure for QoS 0 (no flow control from the broker): stop reading until there is room. QoS 1
    // is bounded by the receive maximum instead, and never held (that would also hold PINGRESP).
    if (holdQos0 && !this.paused) {
      this.paused = true;
      socket.pause();
      this.pipeline.waitForCapacity().then(() => {
        this.paused = false;
        this.lastReceived = Date.now();
        socket.resume();
      });
    }
  }

  /** One PUBLISH at buf[start, end); true when it was QoS 0 and the pipeline is full. */
  private onPublish(buf: Buffer, first: number, start: number, end: number): boolean {
    const qos = (first >> 1) & 3;
    const topicLength = ((buf[start] as number) << 8) | (buf[start + 1] as number);
    let at = start + 2;
    const topic = buf.toString('utf8', at, at + topicLength);
    at += topicLength;
    let messageId = 0;
    if (qos > 0) {
      messageId = ((buf[at] as number) << 8) | (buf[at + 1] as number);
      at += 2;
    }
    // properties (none are needed: no topic alias is allowed, since topicAliasMaximum is not sent)
    const props = readVarint(buf, at);
    at = props.next + props.value;
    const payload = buf.subarray(at, end);
    if (qos === 0) {
      this.pipeline.submitMqtt(topic, payload);
      return this.pipeline.full;
    }
    const connection = this.connection;
    this.pipeline.submitMqtt(topic, payload, () => {
      if (connection === this.connection) this.queueAck(messageId);
    });
    return false;
  }

  /** CONNACK, SUBACK, PINGRESP, DISCONNECT; false when the connection is being dropped. */
  private onControl(socket: Socket, first: number, body: Buffer): boolean {
    switch (first >> 4) {
      case 2: {
        // CONNACK: flags, reason code, properties
        const reason = body[1] as number;
        if (reason !== 0) {
          this.fail(socket, new Error(`conexão MQTT recusada (código 0x${reason.toString(16)})`));
          return false;
        }
        this.sessionPresent = ((body[0] as number) & 1) === 1;
        socket.write(this.subscribePacket());
        return true;
      }
      case 9: {
        // SUBACK: packet id, properties, one reason code
        const props = readVarint(body, 2);
        const code = body[props.next + props.value] as number;
        if (code >= 0x80) {
          this.fail(
            socket,
            new Error(`assinatura de ${this.topic} recusada (código 0x${code.toString(16)})`),
          );
          return false;
        }
        this.log(
          `conectado a ${this.options.url} como ${this.options.clientId} (sessão ${this.sessionPresent ? 'retomada' : 'nova'})`,
        );
        this.startKeepalive(socket);
        this.handshake?.resolve();
        this.handshake = null;
        return true;
      }
      case 13: // PINGRESP
        return true;
      case 14: // DISCONNECT from the broker
        this.log(`o broker encerrou a conexão (código 0x${(body[0] ?? 0).toString(16)})`);
        socket.destroy();
        return false;
      default:
        return true; // nothing else is expected for a QoS ≤ 1 subscriber
    }
  }

  /**
   * PINGREQ every half keepalive. The broker's PINGRESP can sit behind thousands of messages, so any
   * packet received counts as a sign of life; silence for 1.5 × keepalive (not paused by us) drops the
   * connection, which reconnects.
   */
  private startKeepalive(socket: Socket): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.lastReceived = Date.now();
    this.keepalive = setInterval(
      () => {
        if (!this.paused && Date.now() - this.lastReceived > KEEPALIVE_S * 1500) {
          this.fail(socket, new Error('sem resposta do broker MQTT (keepalive)'));
          return;
        }
        socket.write(Buffer.from([0xc0, 0]));
      },
      (KEEPALIVE_S * 1000) / 2,
    );
    this.keepalive.unref();
  }

  // ── acknowledgements ─────────────────────────────────────────────────────────────────────────────
  /** Queues the PUBACK of a stored message; the queue is written at the end of the current tick. */
  private queueAck(messageId: number): void {
    this.acks.push(messageId);
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      const ids = this.acks;
      this.acks = [];
      const socket = this.socket;
      if (ids.length === 0 || !socket || socket.destroyed) return;
      socket.write(encodePubacks(ids));
    });
  }

  /** Stops taking messages, lets the pipeline store what it has, sends the last acknowledgements, disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const socket = this.socket;
    // No more reading: what the broker has sent and we have not read is redelivered on the next
    // connection (never acknowledged). What was read is stored and acknowledged.
    socket?.pause();
    await this.pipeline.drain(); // its PUBACKs were queued (microtask) before drain() resolved
    if (this.keepalive) clearInterval(this.keepalive);
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end(Buffer.from([0xe0, 0])); // DISCONNECT, normal
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 2000).unref();
      });
    }
  }

  /** Simulates a crash: the connection is dropped without acknowledging anything pending. */
  kill(): void {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    if (this.keepalive) clearInterval(this.keepalive);
    this.connection++;
    this.socket?.destroy();
  }
}
