// Tiny benchmark helpers: wall-clock timing, medians, machine description, optional GC.
import { cpus, loadavg, totalmem } from 'node:os';

export function now(): number {
  return performance.now();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU time of this process (user + system), ms: less sensitive than wall time to other load. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Load average over the last minute (machine shared with other work). */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
}

/** Runs fn `runs` times after `warmup` runs; returns the durations in ms. */
export function timeRuns(fn: () => void, runs: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    fn();
    out.push(now() - t0);
  }
  return out;
}

export function machine(): string {
  const c = cpus();
  return `${c[0]?.model ?? 'cpu'} × ${c.length} núcleos, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
}

/** Forces a GC when node runs with --expose-gc; returns whether it could. */
export function collect(): boolean {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
}

export function heapMiB(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
