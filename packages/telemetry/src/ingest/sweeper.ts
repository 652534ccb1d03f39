// Periodic duties, run by one process at a time (a Redis lease): OFFLINE alerts for transformers that
// missed `offlineIntervals` intervals, and — native storage path — retention (drop partitions older than
// the retention) and creating tomorrow's partition ahead of time.
import type { AlertService } from '../alerts/service.ts';
import type { Bus } from '../bus/bus.ts';
import type { RatingCache } from '../ratings/ratings.ts';
import { dropExpiredPartitions } from '../storage/partitions.ts';
import type { TelemetryStore } from '../storage/store.ts';

export interface SweeperOptions {
  owner: string;
  intervalSeconds: number;
  offlineIntervals: number;
  retentionDays: number;
  everyMs: number;
  now?: () => number;
  onLog?: (message: string) => void;
}

export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private lastCutoff = Number.NEGATIVE_INFINITY;
  private lastRetention = 0;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly bus: Bus,
    private readonly alerts: AlertService,
    private readonly store: TelemetryStore,
    private readonly ratings: RatingCache,
    private readonly publish: (messages: string[]) => Promise<void>,
    private readonly options: SweeperOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  tick(): Promise<void> {
    if (!this.running) {
      this.running = this.run()
        .catch((err) => this.options.onLog?.(`varredura falhou: ${(err as Error).message}`))
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  private async run(): Promise<void> {
    const leaseMs = Math.max(this.options.everyMs * 3, 10_000);
    if (!(await this.bus.tryLease('varredura', this.options.owner, leaseMs))) {
      this.lastCutoff = Number.NEGATIVE_INFINITY; // if we become the sweeper later, look at everything once
      return;
    }
    await this.sweepOffline();
    await this.retention();
  }

  /** OFFLINE: newest reading older than `offlineIntervals` intervals (+20 % of one interval of grace). */
  async sweepOffline(): Promise<number> {
    const now = this.now();
    const { intervalSeconds, offlineIntervals } = this.options;
    const cutoff = now - (offlineIntervals + 0.2) * intervalSeconds * 1000;
    let raised = 0;
    // Transformers that went stale since the previous sweep (all of them on the first one).
    const page = 20_000;
    for (let offset = 0; ; offset += page) {
      const stale = await this.bus.seenBetween(this.lastCutoff, cutoff, offset, page);
      const events = await this.alerts.raiseOffline(
        stale.map((s) => ({ ...s, ctmt: this.ratings.get(s.cod)?.ctmt ?? null })),
        intervalSeconds,
        offlineIntervals,
        now,
      );
      raised += events.length;
      if (events.length > 0) await this.publish(events.map((e) => JSON.stringify(e)));
      if (stale.length < page) break;
    }
    this.lastCutoff = cutoff;
    return raised;
  }

  async retention(force = false): Promise<string[]> {
    if (this.store.mode !== 'particionamento_nativo') return [];
    const now = this.now();
    if (!force && now - this.lastRetention < 3_600_000) return [];
    this.lastRetention = now;
    await this.store.partitions.ensure([now, now + 86_400_000]);
    const dropped = await dropExpiredPartitions(
      this.store.pool,
      this.options.retentionDays,
      now,
      this.store.partitions,
    );
    if (dropped.length > 0)
      this.options.onLog?.(`retenção: ${dropped.length} partição(ões) removida(s): ${dropped.join(', ')}`);
    return dropped;
  }
}
