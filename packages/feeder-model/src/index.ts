// @rede-eletrica/feeder-model — BDGD feeder (CTMT) → electrical model for @rede-eletrica/powerflow, its
// PostgreSQL reader, telemetry substitution and result summaries (JSON / GeoJSON).
export * from './load/read-feeder.ts';
export * from './model/build-feeder.ts';
export * from './model/calendar.ts';
export * from './model/defects.ts';
export * from './model/geojson.ts';
export * from './model/load-allocation.ts';
export type * from './model/rows.ts';
export * from './model/summarise.ts';
export * from './model/voltage-limits.ts';
export * from './run-feeder.ts';
export * from './run-year.ts';
export * from './telemetry/apply-telemetry.ts';
export * from './telemetry/redis-source.ts';
export type * from './telemetry/source.ts';
