// generateBdgd: pure network generation streamed into per-layer CSV files, then converted layer by
// layer into an Esri File Geodatabase with ogr2ogr (OpenFileGDB), optionally zipped.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipGdb } from './archive.ts';
import { CodeTables } from './codeTables.ts';
import type { NetworkPlan } from './context.ts';
import { CsvLayerWriter } from './csvLayerWriter.ts';
import { DefectInjector, type DefectOptions } from './defects.ts';
import { convertLayer } from './gdal.ts';
import type { LonLat } from './geodesy.ts';
import type { GenerateResult } from './manifest.ts';
import { generateNetwork } from './network.ts';
import { BDGD_LAYER_NAMES, type LayerName, layerDef } from './schema.ts';

export interface GenerateOptions {
  /** Directory that receives `<name>.gdb` (and `<name>.gdb.zip`). */
  outputDir: string;
  /** Base name; default `Sintetica_<DIST>_<year>-12-31_V11_seed<seed>`. */
  name?: string;
  seed?: number;
  /** Number of MV feeders (default 2). */
  feeders?: number;
  /** MV spans per feeder (default 120). */
  mvSegmentsPerFeeder?: number;
  /**
   * Target total of MV + LV spans (SSDMT + SSDBT). When set, the feeder count is derived from it
   * (LV ≈ 2 × MV with the default densities); the exact numbers are in the manifest.
   */
  totalSegments?: number;
  /** Mean MV spans between MV/LV transformers (default 8). */
  mvSegmentsPerTransformer?: number;
  /** Mean LV spans per 70 kVA of transformer (default 16). */
  lvSegmentsPerTransformer?: number;
  feedersPerSubstation?: number;
  dist?: number;
  year?: number;
  origin?: LonLat;
  municipality?: string;
  zip?: boolean;
  defects?: DefectOptions;
  /** Working directory for the intermediate CSV files (default: OS temp). */
  tempDir?: string;
  onProgress?: (message: string) => void;
}

export const DEFAULT_MV_SEGMENTS_PER_FEEDER = 120;
const LARGE_FEEDER_MV_SEGMENTS = 400;

/** Resolves options into the sizing plan of the pure generator. */
export function planFromOptions(options: GenerateOptions): NetworkPlan {
  const mvSegmentsPerTransformer = options.mvSegmentsPerTransformer ?? 8;
  const lvSegmentsPerTransformer = options.lvSegmentsPerTransformer ?? 16;
  let feeders = options.feeders ?? 2;
  let mvSegmentsPerFeeder = options.mvSegmentsPerFeeder ?? DEFAULT_MV_SEGMENTS_PER_FEEDER;
  if (options.totalSegments !== undefined) {
    // Expected LV spans per MV span: a transformer every N MV spans, ~1.03·L LV spans each
    // (kVA mix averages ~70 kVA; single-phase laterals carry smaller networks).
    const lvPerMv = (lvSegmentsPerTransformer * 0.95) / mvSegmentsPerTransformer;
    const mvTotal = options.totalSegments / (1 + lvPerMv);
    if (options.mvSegmentsPerFeeder === undefined) mvSegmentsPerFeeder = LARGE_FEEDER_MV_SEGMENTS;
    feeders = Math.max(1, Math.ceil(mvTotal / mvSegmentsPerFeeder));
  }
  if (!Number.isInteger(feeders) || feeders < 1) throw new Error('feeders deve ser um inteiro ≥ 1');
  if (!Number.isInteger(mvSegmentsPerFeeder) || mvSegmentsPerFeeder < 1)
    throw new Error('mvSegmentsPerFeeder deve ser um inteiro ≥ 1');
  return {
    seed: options.seed ?? 1,
    dist: options.dist ?? 9999,
    year: options.year ?? 2024,
    feeders,
    mvSegmentsPerFeeder,
    mvSegmentsPerTransformer,
    lvSegmentsPerTransformer,
    feedersPerSubstation: options.feedersPerSubstation ?? 6,
    origin: options.origin ?? { lon: -51.95, lat: -28.1 },
    municipality: options.municipality ?? '4399999',
  };
}

function directorySize(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

export async function generateBdgd(options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const plan = planFromOptions(options);
  const name = options.name ?? `Sintetica_${plan.dist}_${plan.year}-12-31_V11_seed${plan.seed}`;
  const outputDir = resolve(options.outputDir);
  mkdirSync(outputDir, { recursive: true });
  const gdbPath = join(outputDir, `${name}.gdb`);
  rmSync(gdbPath, { recursive: true, force: true });
  const work = mkdtempSync(join(options.tempDir ?? tmpdir(), 'bdgd-sintetica-'));
  try {
    const dropped = new Set<LayerName>(options.defects?.dropLayers ?? []);
    const layers = BDGD_LAYER_NAMES.filter((layer) => !dropped.has(layer));
    const writer = new CsvLayerWriter(work, layers);
    const injector = new DefectInjector(writer, options.defects ?? {});
    progress(
      `gerando rede: ${plan.feeders} alimentadores × ${plan.mvSegmentsPerFeeder} vãos MT (semente ${plan.seed})`,
    );
    const step = Math.max(1, Math.round(plan.feeders / 10));
    const summary = generateNetwork(plan, new CodeTables(), injector, (done) => {
      if (done % step === 0 || done === plan.feeders)
        progress(`  alimentadores gerados: ${done}/${plan.feeders}`);
    });
    const csvPaths = writer.close();
    const generateMs = Date.now() - started;

    const convertStarted = Date.now();
    const counts = {} as Record<LayerName, number>;
    let first = true;
    for (const layer of BDGD_LAYER_NAMES) {
      counts[layer] = writer.rowCount(layer);
      const csvPath = csvPaths.get(layer);
      if (!csvPath) continue;
      const t0 = Date.now();
      await convertLayer(gdbPath, csvPath, layerDef(layer), first);
      first = false;
      rmSync(csvPath, { force: true });
      progress(
        `  camada ${layer.padEnd(8)} ${String(counts[layer]).padStart(9)} feições  (${Date.now() - t0} ms)`,
      );
    }
    const convertMs = Date.now() - convertStarted;

    let zipPath: string | undefined;
    let zipBytes: number | undefined;
    const zipStarted = Date.now();
    if (options.zip) {
      zipPath = `${gdbPath}.zip`;
      rmSync(zipPath, { force: true });
      progress(`compactando ${zipPath}`);
      await zipGdb(gdbPath, zipPath);
      zipBytes = statSync(zipPath).size;
    }
    const zipMs = Date.now() - zipStarted;
    const feeders = summary.feeders;
    const sum = (
      key: 'mvSegments' | 'lvSegments' | 'serviceDrops' | 'transformers' | 'lvConsumers' | 'mvConsumers',
    ) => feeders.reduce((acc, f) => acc + f[key], 0);
    const result: GenerateResult = {
      gdbPath,
      seed: plan.seed,
      layers: counts,
      droppedLayers: [...dropped],
      feeders,
      totals: {
        substations: summary.substations,
        feeders: feeders.length,
        mvSegments: sum('mvSegments'),
        lvSegments: sum('lvSegments'),
        segments: sum('mvSegments') + sum('lvSegments'),
        serviceDrops: sum('serviceDrops'),
        transformers: sum('transformers'),
        lvConsumers: sum('lvConsumers'),
        mvConsumers: sum('mvConsumers'),
      },
      defects: injector.defects,
      timings: { generateMs, convertMs, zipMs, totalMs: Date.now() - started },
      gdbBytes: directorySize(gdbPath),
    };
    if (zipPath !== undefined) result.zipPath = zipPath;
    if (zipBytes !== undefined) result.zipBytes = zipBytes;
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
