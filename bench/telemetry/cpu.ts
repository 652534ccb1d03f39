// CPU time of the processes taking part in the benchmark, from /proc/<pid>/stat (utime + stime), sampled
// every 500 ms: the ingester, its PostgreSQL backends (application_name 'rede-telemetria'), the Redis
// server, the private Mosquitto and the benchmark itself. Redis and PostgreSQL are shared with whatever
// else runs on the machine; only the backends of the ingester are counted for PostgreSQL, all of Redis.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICK_US = 1_000_000 / 100; // CLK_TCK = 100 on Linux

function ticks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

export type CpuTotals = Record<string, number>;

export class CpuSampler {
  /** Per pid: group, first and last ticks seen. */
  private readonly seen = new Map<number, { group: string; first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly fixed: Array<[string, number]>;

  constructor(
    private readonly pool: pg.Pool,
    pids: { ingestor: number; mosquitto: number | null },
  ) {
    this.fixed = [['ingestor', pids.ingestor]];
    if (pids.mosquitto) this.fixed.push(['mosquitto', pids.mosquitto]);
    try {
      for (const p of execFileSync('pgrep', ['-x', 'redis-server'], { encoding: 'utf8' }).split('\n'))
        if (p.trim()) this.fixed.push(['redis', Number(p)]);
    } catch {
      // no redis-server visible: not counted
    }
  }

  private note(group: string, pid: number): void {
    const t = ticks(pid);
    if (t === null) return;
    const s = this.seen.get(pid);
    if (s) s.last = t;
    else this.seen.set(pid, { group, first: t, last: t });
  }

  async sample(): Promise<void> {
    for (const [group, pid] of this.fixed) this.note(group, pid);
    const r = await this.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'rede-telemetria' AND datname = current_database()`,
    );
    for (const row of r.rows) this.note('postgresql', row.pid);
  }

  start(): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 500);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Cumulative CPU µs per group since the sampler started (the benchmark from process.cpuUsage). */
  async totals(): Promise<CpuTotals> {
    await this.sample();
    const out: CpuTotals = { ingestor: 0, postgresql: 0, redis: 0, mosquitto: 0 };
    for (const s of this.seen.values()) out[s.group] = (out[s.group] ?? 0) + (s.last - s.first) * TICK_US;
    const u = process.cpuUsage();
    out.benchmark = u.user + u.system;
    return out;
  }
}

/** µs per reading per group between two totals, as a markdown row. */
export function perReading(label: string, a: CpuTotals, b: CpuTotals, readings: number): string {
  const groups = ['ingestor', 'postgresql', 'redis', 'mosquitto', 'benchmark'];
  const us = groups.map((g) => ((b[g] ?? 0) - (a[g] ?? 0)) / readings);
  const total = us.reduce((x, y) => x + y, 0);
  return `| ${label} | ${us.map((v) => v.toFixed(0)).join(' | ')} | ${total.toFixed(0)} |`;
}
