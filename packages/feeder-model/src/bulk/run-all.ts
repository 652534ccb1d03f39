// Bulk power flow of many feeders of one import (`npm run fluxo -- --todos`): a pool of worker threads
// (default: one per core plus one), each reading chunks of feeders with one query per layer and solving them while
// the other workers read. Memory: each worker holds one chunk's rows and one feeder's model at a time.
// Stopping (signal) lets every worker finish the feeder in progress; the chunks not started are skipped.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BulkFeederResult, BulkRunOptions, FromWorker, ToWorker, WorkerData } from './protocol.ts';

export type { BulkFeederResult, BulkRunOptions } from './protocol.ts';

export interface BulkOptions {
  databaseUrl: string;
  idImportado: number;
  feeders: readonly string[];
  run: BulkRunOptions;
  /** Worker threads (default: available cores + 1 — a worker waiting for PostgreSQL leaves its core to another;
   * 1,000 feeders on 2 cores: 60.3 s with 2 workers, 53.1 s with 3). */
  workers?: number;
  /** Feeders read per query (default 16). */
  chunkSize?: number;
  /** Called on the main thread for every feeder, in completion order. */
  onResult: (result: BulkFeederResult) => void;
  /** Abort = stop after the feeders in progress. */
  signal?: AbortSignal;
}

export interface BulkSummary {
  total: number;
  done: number;
  interrupted: boolean;
  /** Wall time of the whole run, ms. */
  wallMs: number;
  /** Σ over workers of the time spent in bulk reads, ms. */
  readMs: number;
}

/** Young generation of each worker. A feeder's model and network are short-lived objects of tens of MB;
 * with V8's default (a few MB of semi-space) a worker spent 17 % of its time in the scavenger on the
 * 1,000-feeder benchmark (CPU profile in docs/benchmarks/feeder-model.md). */
const YOUNG_GENERATION_MB = 192;

export async function runAllFeeders(options: BulkOptions): Promise<BulkSummary> {
  const started = performance.now();
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const chunks: string[][] = [];
  for (let i = 0; i < options.feeders.length; i += chunkSize)
    chunks.push(options.feeders.slice(i, i + chunkSize));
  const poolSize = Math.max(1, Math.min(options.workers ?? availableParallelism() + 1, chunks.length));
  const stopBuffer = new SharedArrayBuffer(4);
  const stop = new Int32Array(stopBuffer);
  const onAbort = () => Atomics.store(stop, 0, 1);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let done = 0;
  let readMs = 0;
  let next = 0;
  const data: Omit<WorkerData, 'stop'> = {
    entry: new URL('./worker.ts', import.meta.url).href,
    databaseUrl: options.databaseUrl,
    idImportado: options.idImportado,
    run: options.run,
  };
  const workers: Worker[] = [];
  let failure: Error | undefined;
  try {
    await Promise.all(
      Array.from(
        { length: poolSize },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
              workerData: { ...data, stop: stopBuffer } satisfies WorkerData,
              resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
            });
            workers.push(worker);
            const post = (message: ToWorker) => worker.postMessage(message);
            const feed = () => {
              const chunk = Atomics.load(stop, 0) === 1 ? undefined : chunks[next];
              if (chunk) {
                next++;
                post({ type: 'chunk', ctmts: chunk });
              } else post({ type: 'close' });
            };
            worker.on('message', (message: FromWorker) => {
              switch (message.type) {
                case 'ready':
                  feed();
                  break;
                case 'result':
                  done++;
                  options.onResult(message.result);
                  break;
                case 'chunk-done':
                  readMs += message.readMs;
                  feed();
                  break;
                case 'fatal':
                  failure ??= new Error(message.message);
                  Atomics.store(stop, 0, 1);
                  post({ type: 'close' });
                  break;
              }
            });
            worker.on('error', (error) => {
              Atomics.store(stop, 0, 1);
              reject(error);
            });
            worker.on('exit', () => resolve());
          }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure) throw failure;
  return {
    total: options.feeders.length,
    done,
    interrupted: done < options.feeders.length && Atomics.load(stop, 0) === 1,
    wallMs: performance.now() - started,
    readMs,
  };
}
