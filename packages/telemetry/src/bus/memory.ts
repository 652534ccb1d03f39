// In-process stand-in for Redis: same semantics as RedisBus (newest-only latest values with TTL, active
// alert sets, pub/sub, OFFLINE bookkeeping, leases) for one process. Development fallback only: several
// server processes on it do not see each other.
import {
  type Bus,
  type Channel,
  type Keys,
  LATEST_TTL_S,
  type LatestUpdate,
  keys as makeKeys,
} from './bus.ts';

export class MemoryBus implements Bus {
  readonly kind = 'memoria' as const;
  readonly keys: Keys;
  private readonly hashes = new Map<string, { fields: Record<string, string>; expires: number }>();
  private readonly seen = new Map<string, number>();
  private readonly alertSets = new Map<string, Array<{ score: number; member: string }>>();
  private readonly handlers = new Map<Channel, Set<(message: string) => void>>();
  private readonly leases = new Map<string, { owner: string; expires: number }>();

  constructor(
    prefix = '',
    private readonly now: () => number = Date.now,
  ) {
    this.keys = makeKeys(prefix);
  }

  async claimNewest(readings: ReadonlyArray<{ cod: string; tsMs: number }>): Promise<boolean[]> {
    return readings.map((r) => {
      const seen = this.seen.get(r.cod);
      if (seen !== undefined && seen >= r.tsMs) return false;
      this.seen.set(r.cod, r.tsMs);
      return true;
    });
  }

  async writeLatestAndPublish(latest: readonly LatestUpdate[], messages: readonly string[]): Promise<void> {
    for (const u of latest) {
      const seen = this.seen.get(u.cod);
      if (seen !== undefined && seen > u.tsMs) continue;
      const key = this.keys.latest(u.cod);
      const fields: Record<string, string> = {
        ...(this.live(key) ?? {}),
        ts_ms: String(u.tsMs),
        ...u.fields,
      };
      this.hashes.set(key, { fields, expires: this.now() + LATEST_TTL_S * 1000 });
    }
    await this.publish('telemetria', messages);
  }

  private live(key: string): Record<string, string> | null {
    const entry = this.hashes.get(key);
    if (!entry) return null;
    if (entry.expires <= this.now()) {
      this.hashes.delete(key);
      return null;
    }
    return entry.fields;
  }

  async patchLatest(patches: ReadonlyArray<{ cod: string; fields: Record<string, string> }>): Promise<void> {
    for (const p of patches) {
      const fields = this.live(this.keys.latest(p.cod));
      if (fields) Object.assign(fields, p.fields);
    }
  }

  async getLatest(cods: readonly string[]): Promise<Array<Record<string, string> | null>> {
    return cods.map((cod) => {
      const fields = this.live(this.keys.latest(cod));
      return fields ? { ...fields } : null;
    });
  }

  async setActiveAlerts(
    sets: ReadonlyArray<{ cod: string; members: Array<{ score: number; member: string }> }>,
  ): Promise<void> {
    for (const s of sets) {
      if (s.members.length === 0) this.alertSets.delete(s.cod);
      else
        this.alertSets.set(
          s.cod,
          [...s.members].sort((a, b) => a.score - b.score),
        );
    }
  }

  async getActiveAlerts(cods: readonly string[]): Promise<string[][]> {
    return cods.map((cod) => (this.alertSets.get(cod) ?? []).map((m) => m.member));
  }

  async publish(channel: Channel, messages: readonly string[]): Promise<void> {
    const handlers = this.handlers.get(channel);
    if (!handlers || handlers.size === 0) return;
    const batch = [...messages];
    // Delivered asynchronously, like Redis.
    setImmediate(() => {
      for (const m of batch) for (const h of handlers) h(m);
    });
  }

  async subscribe(channel: Channel, handler: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  async seenBetween(
    fromMs: number,
    toMs: number,
    offset: number,
    limit: number,
  ): Promise<Array<{ cod: string; tsMs: number }>> {
    const out: Array<{ cod: string; tsMs: number }> = [];
    for (const [cod, tsMs] of this.seen) if (tsMs >= fromMs && tsMs < toMs) out.push({ cod, tsMs });
    out.sort((a, b) => a.tsMs - b.tsMs || (a.cod < b.cod ? -1 : 1));
    return out.slice(offset, offset + limit);
  }

  async tryLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const lease = this.leases.get(name);
    const now = this.now();
    if (lease && lease.expires > now && lease.owner !== owner) return false;
    this.leases.set(name, { owner, expires: now + ttlMs });
    return true;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
