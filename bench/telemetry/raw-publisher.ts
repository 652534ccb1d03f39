// A lean MQTT 3.1.1 publisher for the benchmark: PUBLISH packets are encoded by hand into large buffers
// and written straight to the socket, so that the load generator costs little CPU on the same 2 cores as
// the system under test. QoS 1: PUBACKs (4 bytes each) are counted to know the broker has every message.
import { connect, type Socket } from 'node:net';
import { encodeVarint } from '../../packages/telemetry/src/mqtt/packets.ts';

export class RawPublisher {
  private acked = 0;
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  private nextId = 1;
  private pending = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      let i = 0;
      while (i + 2 <= buf.length) {
        const len = buf[i + 1] as number; // PUBACK/CONNACK: remaining length 2
        if (i + 2 + len > buf.length) break;
        if ((buf[i] as number) >> 4 === 4) this.acked++;
        i += 2 + len;
      }
      buf = buf.subarray(i);
      this.pending = Buffer.from(buf);
      this.waiters = this.waiters.filter((w) => {
        if (this.acked >= w.target) {
          w.resolve();
          return false;
        }
        return true;
      });
    });
  }

  static async open(url: string, clientId: string): Promise<RawPublisher> {
    const u = new URL(url);
    const socket = connect({ host: u.hostname, port: Number(u.port || 1883) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    const id = Buffer.from(clientId);
    const body = Buffer.concat([
      Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 0]), // "MQTT", level 4, clean session, no keepalive
      Buffer.from([id.length >> 8, id.length & 0xff]),
      id,
    ]);
    const connack = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(Buffer.concat([Buffer.from([0x10, ...encodeVarint(body.length)]), body]));
    await connack;
    return new RawPublisher(socket);
  }

  /** Encodes and writes PUBLISH packets (QoS 1); resolves once they are written to the socket. */
  async publish(messages: Array<[topic: string, payload: string]>): Promise<void> {
    let size = 0;
    for (const [topic, payload] of messages) {
      const remaining = 4 + Buffer.byteLength(topic) + Buffer.byteLength(payload);
      size += 1 + encodeVarint(remaining).length + remaining;
    }
    // One buffer for the whole call, written in place.
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const [topic, payload] of messages) {
      const t = Buffer.byteLength(topic);
      const remaining = 4 + t + Buffer.byteLength(payload);
      const id = this.nextId;
      this.nextId = (this.nextId % 65535) + 1;
      out[at++] = 0x32;
      for (const b of encodeVarint(remaining)) out[at++] = b;
      out[at++] = t >> 8;
      out[at++] = t & 0xff;
      at += out.write(topic, at);
      out[at++] = id >> 8;
      out[at++] = id & 0xff;
      at += out.write(payload, at);
    }
    const ok = this.socket.write(out);
    if (!ok) await new Promise((r) => this.socket.once('drain', r));
  }

  /** Resolves when `count` PUBACKs have arrived in total. */
  waitAcked(count: number): Promise<void> {
    if (this.acked >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target: count, resolve }));
  }

  close(): void {
    this.socket.end(Buffer.from([0xe0, 0]));
  }
}
