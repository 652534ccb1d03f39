// @rede-eletrica/powerflow — unbalanced (phase-frame) and balanced (positive-sequence) power flow of
// radial distribution feeders. Pure computation: no I/O in this package's src (except src/cli).

export { type BuildOptions, buildNetwork } from './compile/build.ts';
export { type BranchRecord, type LoadRecord, Network, type SolveMode } from './compile/network.ts';
export { setRegulatorTaps } from './control/regulator-control.ts';
export { linePhaseMatrices } from './elements/line.ts';
export { type DpfFeeder, type DpfOptions, networkFromDpf } from './io/dpf-feeder.ts';
export { networkFromPgmBenchmark, type PgmBenchmark } from './io/pgm-benchmark.ts';
export type * from './model/types.ts';
export { type PowerFlowResult, type SolveOptions, solvePowerFlow } from './solve/power-flow.ts';
export type {
  BranchResult,
  BranchTable,
  LoadResult,
  NetworkResults,
  PhaseValue,
  Totals,
} from './solve/results.ts';
export type { IterationOptions, IterationStatus } from './solve/solve.ts';
export {
  runTimeSeries,
  type TimeSeriesBatch,
  type TimeSeriesOptions,
  type TimeSeriesResult,
  terminalCount,
} from './time-series.ts';
