// Messages between the bulk runner (main thread) and its feeder workers.

import type { InstantSummary } from '../model/summarise.ts';
import type { DaySummary, RunOptions } from '../run-feeder.ts';

/** Run options that cross the thread boundary (no telemetry source, no catalogue: each worker reads its own). */
export type BulkRunOptions = Omit<RunOptions, 'telemetry' | 'catalogue' | 'geometry'>;

export interface WorkerData {
  entry: string;
  databaseUrl: string;
  idImportado: number;
  run: BulkRunOptions;
  /** Int32 flag set to 1 by the main thread: finish the feeder in progress and take no other. */
  stop: SharedArrayBuffer;
}

/** One feeder's outcome, as sent back by a worker. */
export interface BulkFeederResult {
  ctmt: string;
  resultado?: InstantSummary;
  dia?: DaySummary;
  /** Σ occurrences of data defects met while modelling. */
  defeitos: number;
  counts: Record<string, number>;
  /** leitura = the feeder's share of its chunk's read (chunk read time / feeders in the chunk). */
  tempos_ms: { leitura: number; modelo: number; montagem: number; solucao: number };
  regulatorTaps: Record<string, number[]>;
  erro?: string;
}

export type ToWorker = { type: 'chunk'; ctmts: string[] } | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; result: BulkFeederResult }
  | { type: 'chunk-done'; readMs: number; skipped: number }
  | { type: 'fatal'; message: string };
