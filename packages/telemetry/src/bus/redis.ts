// Redis adapter of the bus (ioredis): commands are grouped per batch in Lua scripts; claiming "newest"
// (ZADD GT) and writing the latest value only if still the newest are atomic, so late readings never
// overwrite a newer one, whichever ingester handles them. One extra connection per process is used for
// subscriptions.
import { Redis } from 'ioredis';
import {
  type Bus,
  type Channel,
  type Keys,
  LATEST_TTL_S,
  type LatestUpdate,
  keys as makeKeys,
} from './bus.ts';

// Caching a batch takes two script calls per chunk (instead of one command per reading):
//  • CLAIM_NEWEST, KEYS[1] = the "seen" set, ARGV = ts_ms, cod per reading: ZADD GT CH records the time
//    only when it is newer than the one seen, and says so (1) — a late reading gets 0;
//  • WRITE_AND_PUBLISH, after the alert lifecycle has given each transformer its status: KEYS[1] = the
//    "seen" set, KEYS[2] = the channel, KEYS[i + 2] = hash of update i; ARGV[1] = ttl, ARGV[2] = the
//    updates as one JSON array of [ts_ms, cod, field, value, field, value…] (one argument for the whole
//    chunk: far less protocol work per reading), ARGV[3…] = messages. A hash is written only if its
//    reading is still the newest claimed (another ingester may have claimed a newer one meanwhile).
const CLAIM_NEWEST = `
local out = {}
for a = 1, #ARGV, 2 do
  out[#out + 1] = redis.call('ZADD', KEYS[1], 'GT', 'CH', ARGV[a], ARGV[a + 1])
end
return out`;

const WRITE_AND_PUBLISH = `
local ttl = ARGV[1]
local updates = cjson.decode(ARGV[2])
for i = 3, #KEYS do
  local u = updates[i - 2]
  local seen = redis.call('ZSCORE', KEYS[1], u[2])
  if not seen or tonumber(seen) <= tonumber(u[1]) then
    redis.call('HSET', KEYS[i], 'ts_ms', u[1], unpack(u, 3))
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
for i = 3, #ARGV do redis.call('PUBLISH', KEYS[2], ARGV[i]) end
return 1`;

// KEYS = hashes; ARGV = per hash: n, n field/value pairs. Only existing hashes are touched.
const PATCH_IF_EXISTS = `
local a = 1
for i = 1, #KEYS do
  local n = tonumber(ARGV[a])
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('HSET', KEYS[i], unpack(ARGV, a + 1, a + 2 * n)) end
  a = a + 1 + 2 * n
end
return 1`;

// KEYS[1] = channel; ARGV = messages.
const PUBLISH_MANY = `
for i = 1, #ARGV do redis.call('PUBLISH', KEYS[1], ARGV[i]) end
return #ARGV`;

const CHUNK = 1000;

type ScriptedRedis = Redis & {
  claimNewest(seen: string, ...args: Array<string | number>): Promise<number[]>;
  writeAndPublish(numKeys: number, ...args: Array<string | number>): Promise<number>;
  patchIfExists(numKeys: number, ...args: Array<string | number>): Promise<number>;
  publishMany(channel: string, ...messages: string[]): Promise<number>;
};

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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
    this.redis.defineCommand('claimNewest', { numberOfKeys: 1, lua: CLAIM_NEWEST });
    this.redis.defineCommand('writeAndPublish', { lua: WRITE_AND_PUBLISH });
    this.redis.defineCommand('patchIfExists', { lua: PATCH_IF_EXISTS });
    this.redis.defineCommand('publishMany', { numberOfKeys: 1, lua: PUBLISH_MANY });
  }

  async claimNewest(readings: ReadonlyArray<{ cod: string; tsMs: number }>): Promise<boolean[]> {
    // All chunks are sent at once: one connection, so Redis runs them in order.
    const results = await Promise.all(
      chunks(readings).map((chunk) => {
        const args: Array<string | number> = [];
        for (const r of chunk) args.push(r.tsMs, r.cod);
        return this.redis.claimNewest(this.keys.seen, ...args);
      }),
    );
    const out: boolean[] = [];
    for (const result of results) for (const r of result) out.push(r === 1);
    return out;
  }

  async writeLatestAndPublish(latest: readonly LatestUpdate[], messages: readonly string[]): Promise<void> {
    // Chunks of updates and messages go together; whichever list is longer sets the number of calls.
    const calls = Math.max(Math.ceil(latest.length / CHUNK), Math.ceil(messages.length / CHUNK));
    const sent: Array<Promise<number>> = []; // sent at once, run in order (one connection)
    for (let c = 0; c < calls; c++) {
      const updates = latest.slice(c * CHUNK, (c + 1) * CHUNK);
      const keys: string[] = [this.keys.seen, this.keys.telemetryChannel];
      const packed: string[][] = [];
      for (const u of updates) {
        keys.push(this.keys.latest(u.cod));
        const flat = [String(u.tsMs), u.cod];
        for (const k in u.fields) flat.push(k, u.fields[k] as string);
        packed.push(flat);
      }
      sent.push(
        this.redis.writeAndPublish(
          keys.length,
          ...keys,
          LATEST_TTL_S,
          JSON.stringify(packed),
          ...messages.slice(c * CHUNK, (c + 1) * CHUNK),
        ),
      );
    }
    await Promise.all(sent);
  }

  async patchLatest(patches: ReadonlyArray<{ cod: string; fields: Record<string, string> }>): Promise<void> {
    for (const chunk of chunks(patches)) {
      const keys = chunk.map((p) => this.keys.latest(p.cod));
      const args: Array<string | number> = [];
      for (const p of chunk) {
        const fields = Object.entries(p.fields);
        args.push(fields.length);
        for (const [k, v] of fields) args.push(k, v);
      }
      await this.redis.patchIfExists(keys.length, ...keys, ...args);
    }
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
    const name = this.channel(channel);
    for (const chunk of chunks(messages)) await this.redis.publishMany(name, ...chunk);
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
