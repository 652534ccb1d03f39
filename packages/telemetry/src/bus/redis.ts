// Redis adapter of the bus (ioredis): commands are pipelined per batch; a Lua script makes "write the
// latest value only if newer" atomic, so late readings never overwrite a newer one, whichever ingester
// handles them. One extra connection per process is used for subscriptions.
import { Redis } from 'ioredis';
import {
  type Bus,
  type Channel,
  type Keys,
  LATEST_TTL_S,
  type LatestUpdate,
  keys as makeKeys,
} from './bus.ts';

const WRITE_LATEST = `
local seen = redis.call('ZSCORE', KEYS[2], ARGV[3])
if seen and tonumber(seen) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'ts_ms', ARGV[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
return 1`;

const PATCH_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

type ScriptedRedis = Redis & {
  writeLatest(hash: string, seen: string, ...args: Array<string | number>): Promise<number>;
  patchIfExists(hash: string, ...args: string[]): Promise<number>;
};

export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  readonly keys: Keys;
  private readonly redis: ScriptedRedis;
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  constructor(
    private readonly url: string,
    prefix: string,
    redis?: Redis,
  ) {
    this.keys = makeKeys(prefix);
    this.redis = (redis ?? new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false })) as ScriptedRedis;
    this.redis.on('error', (err) => console.error(`[redis] ${err.message}`));
    this.redis.defineCommand('writeLatest', { numberOfKeys: 2, lua: WRITE_LATEST });
    this.redis.defineCommand('patchIfExists', { numberOfKeys: 1, lua: PATCH_IF_EXISTS });
  }

  async writeLatest(updates: readonly LatestUpdate[]): Promise<boolean[]> {
    if (updates.length === 0) return [];
    const pipe = this.redis.pipeline() as unknown as ScriptedRedis & {
      exec(): Promise<Array<[Error | null, unknown]>>;
    };
    for (const u of updates) {
      const args: Array<string | number> = [u.tsMs, LATEST_TTL_S, u.cod];
      for (const [k, v] of Object.entries(u.fields)) args.push(k, v);
      pipe.writeLatest(this.keys.latest(u.cod), this.keys.seen, ...args);
    }
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      return value === 1;
    });
  }

  async patchLatest(patches: ReadonlyArray<{ cod: string; fields: Record<string, string> }>): Promise<void> {
    if (patches.length === 0) return;
    const pipe = this.redis.pipeline() as unknown as ScriptedRedis & { exec(): Promise<unknown> };
    for (const p of patches) pipe.patchIfExists(this.keys.latest(p.cod), ...Object.entries(p.fields).flat());
    await pipe.exec();
  }

  async getLatest(cods: readonly string[]): Promise<Array<Record<string, string> | null>> {
    if (cods.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const cod of cods) pipe.hgetall(this.keys.latest(cod));
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      const hash = value as Record<string, string>;
      return Object.keys(hash).length > 0 ? hash : null;
    });
  }

  async setActiveAlerts(
    sets: ReadonlyArray<{ cod: string; members: Array<{ score: number; member: string }> }>,
  ): Promise<void> {
    if (sets.length === 0) return;
    const multi = this.redis.multi();
    for (const s of sets) {
      const key = this.keys.alerts(s.cod);
      multi.del(key);
      if (s.members.length > 0) multi.zadd(key, ...s.members.flatMap((m) => [m.score, m.member]));
    }
    await multi.exec();
  }

  async getActiveAlerts(cods: readonly string[]): Promise<string[][]> {
    if (cods.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const cod of cods) pipe.zrange(this.keys.alerts(cod), 0, -1);
    const results = (await pipe.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      return value as string[];
    });
  }

  private channel(channel: Channel): string {
    return channel === 'telemetria' ? this.keys.telemetryChannel : this.keys.alertsChannel;
  }

  async publish(channel: Channel, messages: readonly string[]): Promise<void> {
    if (messages.length === 0) return;
    const name = this.channel(channel);
    const pipe = this.redis.pipeline();
    for (const m of messages) pipe.publish(name, m);
    await pipe.exec();
  }

  async subscribe(channel: Channel, handler: (message: string) => void): Promise<() => Promise<void>> {
    const name = this.channel(channel);
    if (!this.subscriber) {
      this.subscriber = new Redis(this.url, { maxRetriesPerRequest: null });
      this.subscriber.on('error', (err) => console.error(`[redis/sub] ${err.message}`));
      this.subscriber.on('message', (ch: string, message: string) => {
        for (const h of this.handlers.get(ch) ?? []) h(message);
      });
    }
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
      await this.subscriber.subscribe(name);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(name);
      current?.delete(handler);
      if (current && current.size === 0 && this.subscriber) {
        this.handlers.delete(name);
        await this.subscriber.unsubscribe(name).catch(() => undefined);
      }
    };
  }

  async seenBetween(
    fromMs: number,
    toMs: number,
    offset: number,
    limit: number,
  ): Promise<Array<{ cod: string; tsMs: number }>> {
    const min = Number.isFinite(fromMs) ? String(fromMs) : '-inf';
    const flat = await this.redis.zrangebyscore(
      this.keys.seen,
      min,
      `(${toMs}`,
      'WITHSCORES',
      'LIMIT',
      offset,
      limit,
    );
    const out: Array<{ cod: string; tsMs: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      out.push({ cod: flat[i] as string, tsMs: Number(flat[i + 1]) });
    return out;
  }

  async tryLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.keys.lock(name);
    const ok = await this.redis.set(key, owner, 'PX', ttlMs, 'NX');
    if (ok === 'OK') return true;
    // Renew our own lease.
    const renewed = await this.redis.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end return 0`,
      1,
      key,
      owner,
      ttlMs,
    );
    return renewed === 1;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.redis.quit(), this.subscriber?.quit()]);
  }
}

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
export async function redisReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
