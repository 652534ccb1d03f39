// A WebSocket that reconnects by itself (exponential back-off with jitter, 0.5 s → 15 s) and tells its
// listeners the connection state. `onOpen` runs on every (re)connection so the owner re-subscribes.
// States: 'ao-vivo' (open), 'reconectando' (closed, retrying), 'offline' (browser offline or the
// server unreachable for a while — retries go on).

export type ConnectionState = 'conectando' | 'ao-vivo' | 'reconectando' | 'offline';

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
/** After this long without a connection the state is shown as offline. */
const OFFLINE_AFTER_MS = 20_000;

export class ReconnectingSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private lostSince: number | null = null;
  private stateValue: ConnectionState = 'conectando';
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly onlineHandler = () => this.retryNow();
  private readonly offlineHandler = () => this.setState('offline');

  constructor(
    private readonly path: string,
    private readonly handlers: { onOpen?: () => void; onMessage: (data: unknown) => void },
  ) {
    window.addEventListener('online', this.onlineHandler);
    window.addEventListener('offline', this.offlineHandler);
    this.connect();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.stateValue);
    return () => this.stateListeners.delete(listener);
  }

  /** Sends JSON if connected; returns false otherwise (the owner re-sends from `onOpen`). */
  send(value: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(value));
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onlineHandler);
    window.removeEventListener('offline', this.offlineHandler);
    this.socket?.close(1000);
    this.socket = null;
    this.stateListeners.clear();
  }

  private url(): string {
    const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${protocol}//${window.location.host}${this.path}`;
  }

  private connect(): void {
    if (this.closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.lostSince = null;
      this.setState('ao-vivo');
      this.handlers.onOpen?.();
    };
    socket.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      this.handlers.onMessage(data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.lostSince ??= Date.now();
    const offline =
      (typeof navigator !== 'undefined' && navigator.onLine === false) ||
      Date.now() - this.lostSince > OFFLINE_AFTER_MS;
    this.setState(offline ? 'offline' : 'reconectando');
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), base * (0.75 + Math.random() * 0.5));
  }

  private retryNow(): void {
    if (this.closed || this.socket) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const l of this.stateListeners) l(state);
  }
}
