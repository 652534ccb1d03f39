// Per-process WebSocket fan-out. Each server process subscribes once to `telemetria:stream` and
// `alertas:stream` and forwards each message to its own clients whose subscription matches (transformer
// list, feeder, bbox) — once per client even when several of its subscriptions match. Since every process
// receives every message exactly once from Redis, a client gets each message once, whichever process
// ingested it. A slow client never slows the others: messages are dropped for a client whose send buffer
// is over the limit, and a client that stays over it (or reaches 4× the limit) is disconnected.
import type { WebSocket } from 'ws';
import type { Bus } from '../bus/bus.ts';
import type { AlertEvent, TelemetryEvent } from '../model.ts';

export type BBox = [number, number, number, number];

export interface HubCounters {
  clientes_telemetria: number;
  clientes_alertas: number;
  entregues: number;
  descartadas: number;
  desconectados_lentos: number;
}

const OPEN = 1;
const MAX_CONSECUTIVE_DROPS = 1000;
/**
 * Fan-out frames to one client are written together (socket corked until the next turn of the event
 * loop), but never more than this many bytes at once: a corked socket counts in `bufferedAmount`, and a
 * large pile-up would trip the slow-client limit (a 20,000-transformer snapshot did, in an earlier
 * version that corked every send). Measured: one write per frame was ~23 µs of ingester CPU per
 * delivered message (docs/benchmarks/telemetry.md).
 */
const CORK_MAX_BYTES = 128 * 1024;
/** How every telemetry message from this code begins (pipeline.ts stringifies the event in this order). */
const TELEMETRY_PREFIX = '{"tipo":"telemetria","cod_transformador":"';

/** The TCP socket under a `ws` WebSocket (not in its public types). */
type Corkable = { _socket?: { cork(): void; uncork(): void } };

class Conn {
  /** Bytes sent while its socket is corked (0 = not corked). */
  corkedBytes = 0;
  readonly cods = new Set<string>();
  readonly ctmts = new Set<string>();
  bboxes: BBox[] = [];
  severidades: Set<string> | null = null;
  consecutiveDrops = 0;
  constructor(readonly socket: WebSocket) {}
}

export class TelemetryHub {
  readonly counters: HubCounters = {
    clientes_telemetria: 0,
    clientes_alertas: 0,
    entregues: 0,
    descartadas: 0,
    desconectados_lentos: 0,
  };
  private readonly telemetryClients = new Set<Conn>();
  private readonly alertClients = new Set<Conn>();
  private readonly byCod = new Map<string, Set<Conn>>();
  private readonly byCtmt = new Map<string, Set<Conn>>();
  private readonly withBbox = new Set<Conn>();
  private readonly conns = new WeakMap<WebSocket, Conn>();
  private unsubscribers: Array<() => Promise<void>> = [];
  private readonly corked: Conn[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly maxBufferedBytes: number,
  ) {}

  async start(): Promise<void> {
    this.unsubscribers.push(await this.bus.subscribe('telemetria', (m) => this.onTelemetry(m)));
    this.unsubscribers.push(await this.bus.subscribe('alertas', (m) => this.onAlert(m)));
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribers.splice(0)) await u();
    for (const c of [...this.telemetryClients, ...this.alertClients])
      c.socket.close(1001, 'servidor encerrando');
  }

  // ── clients ──────────────────────────────────────────────────────────────────────────────────────
  addTelemetryClient(socket: WebSocket): void {
    const conn = new Conn(socket);
    this.conns.set(socket, conn);
    this.telemetryClients.add(conn);
    this.counters.clientes_telemetria = this.telemetryClients.size;
    socket.once('close', () => {
      this.unsubscribe(socket, {});
      this.telemetryClients.delete(conn);
      this.counters.clientes_telemetria = this.telemetryClients.size;
    });
  }

  addAlertClient(socket: WebSocket): void {
    const conn = new Conn(socket);
    this.conns.set(socket, conn);
    this.alertClients.add(conn);
    this.counters.clientes_alertas = this.alertClients.size;
    socket.once('close', () => {
      this.alertClients.delete(conn);
      this.counters.clientes_alertas = this.alertClients.size;
    });
  }

  subscribe(
    socket: WebSocket,
    sub: { transformadores?: string[]; alimentadores?: string[]; bbox?: BBox },
  ): void {
    const conn = this.conns.get(socket);
    if (!conn) return;
    for (const cod of sub.transformadores ?? []) {
      conn.cods.add(cod);
      addTo(this.byCod, cod, conn);
    }
    for (const ctmt of sub.alimentadores ?? []) {
      conn.ctmts.add(ctmt);
      addTo(this.byCtmt, ctmt, conn);
    }
    if (sub.bbox) {
      conn.bboxes.push(sub.bbox);
      this.withBbox.add(conn);
    }
  }

  /** Removes the given subscriptions; with none given, all of them. */
  unsubscribe(
    socket: WebSocket,
    sub: { transformadores?: string[]; alimentadores?: string[]; bbox?: BBox },
  ): void {
    const conn = this.conns.get(socket);
    if (!conn) return;
    const all = !sub.transformadores && !sub.alimentadores && !sub.bbox;
    for (const cod of all ? [...conn.cods] : (sub.transformadores ?? [])) {
      conn.cods.delete(cod);
      removeFrom(this.byCod, cod, conn);
    }
    for (const ctmt of all ? [...conn.ctmts] : (sub.alimentadores ?? [])) {
      conn.ctmts.delete(ctmt);
      removeFrom(this.byCtmt, ctmt, conn);
    }
    if (all) conn.bboxes = [];
    else if (sub.bbox) {
      const b = sub.bbox;
      conn.bboxes = conn.bboxes.filter((x) => x.some((v, i) => v !== b[i]));
    }
    if (conn.bboxes.length === 0) this.withBbox.delete(conn);
  }

  setAlertFilter(socket: WebSocket, filter: { alimentadores?: string[]; severidades?: string[] }): void {
    const conn = this.conns.get(socket);
    if (!conn) return;
    conn.ctmts.clear();
    for (const c of filter.alimentadores ?? []) conn.ctmts.add(c);
    conn.severidades = filter.severidades?.length ? new Set(filter.severidades) : null;
  }

  subscriptionOf(socket: WebSocket): { transformadores: number; alimentadores: string[]; bbox: BBox[] } {
    const conn = this.conns.get(socket);
    return {
      transformadores: conn?.cods.size ?? 0,
      alimentadores: [...(conn?.ctmts ?? [])],
      bbox: conn?.bboxes ?? [],
    };
  }

  // ── fan-out ──────────────────────────────────────────────────────────────────────────────────────
  private onTelemetry(message: string): void {
    if (this.telemetryClients.size === 0) return;
    if (this.byCtmt.size === 0 && this.withBbox.size === 0) {
      // Only per-transformer subscriptions: each client is in the set once, and only the code is needed —
      // read from the message's known prefix rather than parsing the whole message (the hub sees every
      // reading of every ingester, most of them for nobody here).
      const cod = codOf(message);
      if (cod === undefined) return;
      const direct = this.byCod.get(cod);
      if (direct) for (const c of direct) this.sendBatched(c, message);
      return;
    }
    let event: Pick<TelemetryEvent, 'cod_transformador' | 'ctmt' | 'lon' | 'lat'>;
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    const direct = this.byCod.get(event.cod_transformador);
    const targets = new Set<Conn>(direct);
    if (event.ctmt) for (const c of this.byCtmt.get(event.ctmt) ?? []) targets.add(c);
    if (this.withBbox.size > 0 && typeof event.lon === 'number' && typeof event.lat === 'number') {
      const { lon, lat } = event;
      for (const c of this.withBbox) {
        if (c.bboxes.some((b) => lon >= b[0] && lat >= b[1] && lon <= b[2] && lat <= b[3])) targets.add(c);
      }
    }
    for (const c of targets) this.sendBatched(c, message);
  }

  private onAlert(message: string): void {
    if (this.alertClients.size === 0) return;
    let event: AlertEvent;
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    for (const c of this.alertClients) {
      if (c.ctmts.size > 0 && !c.ctmts.has(event.alerta.ctmt ?? '')) continue;
      if (c.severidades && !c.severidades.has(event.alerta.severidade)) continue;
      this.send(c, message);
    }
  }

  /** Sends unless the client is too far behind (then drops, and eventually disconnects it). */
  send(conn: Conn | WebSocket, data: string): boolean {
    const c = conn instanceof Conn ? conn : this.conns.get(conn);
    if (!c || c.socket.readyState !== OPEN) return false;
    const buffered = c.socket.bufferedAmount;
    if (buffered > this.maxBufferedBytes) {
      this.counters.descartadas++;
      c.consecutiveDrops++;
      if (buffered > this.maxBufferedBytes * 4 || c.consecutiveDrops > MAX_CONSECUTIVE_DROPS) {
        this.counters.desconectados_lentos++;
        c.socket.terminate();
      }
      return false;
    }
    c.consecutiveDrops = 0;
    c.socket.send(data);
    this.counters.entregues++;
    return true;
  }

  /** `send`, with the frames of one event-loop turn written together (up to CORK_MAX_BYTES). */
  private sendBatched(c: Conn, data: string): void {
    if (c.corkedBytes === 0) {
      const raw = (c.socket as unknown as Corkable)._socket;
      if (!raw || c.socket.readyState !== OPEN) {
        this.send(c, data);
        return;
      }
      raw.cork();
      c.corkedBytes = 1;
      this.corked.push(c);
      if (this.corked.length === 1) setImmediate(() => this.uncorkAll());
    }
    if (this.send(c, data)) {
      c.corkedBytes += data.length;
      if (c.corkedBytes > CORK_MAX_BYTES) this.uncork(c);
    }
  }

  private uncork(c: Conn): void {
    if (c.corkedBytes === 0) return;
    c.corkedBytes = 0;
    (c.socket as unknown as Corkable)._socket?.uncork();
  }

  private uncorkAll(): void {
    for (const c of this.corked.splice(0)) this.uncork(c);
  }
}

/** `cod_transformador` of a telemetry message, from its prefix; parsed in full when it is not plain. */
export function codOf(message: string): string | undefined {
  if (message.startsWith(TELEMETRY_PREFIX)) {
    const end = message.indexOf('"', TELEMETRY_PREFIX.length);
    const cod = end > 0 ? message.slice(TELEMETRY_PREFIX.length, end) : '';
    if (end > 0 && !cod.includes('\\')) return cod;
  }
  try {
    const cod = (JSON.parse(message) as Partial<TelemetryEvent>).cod_transformador;
    return typeof cod === 'string' ? cod : undefined;
  } catch {
    return undefined;
  }
}

function addTo<K>(map: Map<K, Set<Conn>>, key: K, conn: Conn): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(conn);
}

function removeFrom<K>(map: Map<K, Set<Conn>>, key: K, conn: Conn): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(conn);
  if (set.size === 0) map.delete(key);
}
