// Cache + pub/sub port. Two adapters: Redis (redis.ts, the real one, shared by every process) and an
// in-process stand-in (memory.ts, development fallback and a single process only). Keys and channels are
// the brief's, optionally behind a prefix (tests, several systems on one Redis):
//   telemetria:ultimo:{cod}   hash, TTL 600 s — last reading (+ status, ts_ms)
//   alertas:{cod}             sorted set — active alerts (JSON member, score = opening time in ms)
//   telemetria:stream         channel — every stored reading
//   alertas:stream            channel — alert events (opened, changed, acknowledged, cleared)
//   telemetria:visto          sorted set (ours) — last reading time per transformer, for OFFLINE detection

export const LATEST_TTL_S = 600;

export interface Keys {
  latest(cod: string): string;
  alerts(cod: string): string;
  telemetryChannel: string;
  alertsChannel: string;
  seen: string;
  lock(name: string): string;
}

export function keys(prefix: string): Keys {
  return {
    latest: (cod) => `${prefix}telemetria:ultimo:${cod}`,
    alerts: (cod) => `${prefix}alertas:${cod}`,
    telemetryChannel: `${prefix}telemetria:stream`,
    alertsChannel: `${prefix}alertas:stream`,
    seen: `${prefix}telemetria:visto`,
    lock: (name) => `${prefix}telemetria:trava:${name}`,
  };
}

export interface LatestUpdate {
  cod: string;
  tsMs: number;
  /** Hash fields (reading fields and the derived status), as strings. */
  fields: Record<string, string>;
}

export type Channel = 'telemetria' | 'alertas';

export interface Bus {
  readonly kind: 'redis' | 'memoria';
  readonly keys: Keys;
  /**
   * First half of caching a batch: for each reading (in time order), records its time as the
   * transformer's newest when it is newer than every reading seen so far, whichever process saw them.
   * Returns, per reading, whether it was the newest (false: a late reading).
   */
  claimNewest(readings: ReadonlyArray<{ cod: string; tsMs: number }>): Promise<boolean[]>;
  /**
   * Second half, in one round trip: writes each latest-value hash (TTL `LATEST_TTL_S`) unless a newer
   * reading was claimed meanwhile, then publishes the messages on `telemetria:stream`.
   */
  writeLatestAndPublish(latest: readonly LatestUpdate[], messages: readonly string[]): Promise<void>;
  /** Sets fields on existing latest-value hashes (e.g. the derived status). */
  patchLatest(patches: ReadonlyArray<{ cod: string; fields: Record<string, string> }>): Promise<void>;
  getLatest(cods: readonly string[]): Promise<Array<Record<string, string> | null>>;
  /** Replaces the active-alert set of each transformer (empty list: deleted). */
  setActiveAlerts(
    sets: ReadonlyArray<{ cod: string; members: Array<{ score: number; member: string }> }>,
  ): Promise<void>;
  getActiveAlerts(cods: readonly string[]): Promise<string[][]>;
  publish(channel: Channel, messages: readonly string[]): Promise<void>;
  /** Subscribes to a channel; resolves once the subscription is active. Returns an unsubscribe function. */
  subscribe(channel: Channel, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** Transformers whose newest reading is in [fromMs, toMs), oldest first, paginated. */
  seenBetween(
    fromMs: number,
    toMs: number,
    offset: number,
    limit: number,
  ): Promise<Array<{ cod: string; tsMs: number }>>;
  /** A lease held by one process at a time (the OFFLINE/retention sweeper). */
  tryLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
