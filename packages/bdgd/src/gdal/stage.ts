// Copies one layer of a file geodatabase into a PostgreSQL staging table with `ogr2ogr` (bulk COPY).
import { spawn } from 'node:child_process';
import { balance } from '../import/balance.ts';

export interface StageOptions {
  source: string;
  /** Layers to copy, with their field names as `ogrinfo` lists them. */
  layers: Array<{ name: string; fields: string[]; featureCount: number }>;
  /** How many ogr2ogr processes run at once (default 2: GDAL's encoding is the bottleneck on small machines). */
  concurrency?: number;
  /** libpq URL of the target database. */
  databaseUrl: string;
  schema: string;
  signal?: AbortSignal;
}

export class StageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageError';
  }
}

/** Staging table name GDAL gives a layer (its laundered, lower-cased name). */
export function stagingTableName(layer: string): string {
  return layer.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** GDAL's PG driver wants libpq's keyword form; a postgres:// URL is converted. */
export function libpqConninfo(url: string): string {
  const u = new URL(url);
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const parts: string[] = [];
  if (u.hostname) parts.push(`host=${quote(decodeURIComponent(u.hostname))}`);
  if (u.port) parts.push(`port=${u.port}`);
  parts.push(`dbname=${quote(decodeURIComponent(u.pathname.replace(/^\//, '')))}`);
  if (u.username) parts.push(`user=${quote(decodeURIComponent(u.username))}`);
  if (u.password) parts.push(`password=${quote(decodeURIComponent(u.password))}`);
  for (const [key, value] of u.searchParams) parts.push(`${key}=${quote(value)}`);
  return parts.join(' ');
}

/** PostgreSQL system column names: a BDGD field with one of these names (SEGCON.CMAX) is renamed `<name>_bdgd`. */
export const SYSTEM_COLUMN_NAMES = new Set(['tableoid', 'xmin', 'xmax', 'cmin', 'cmax', 'ctid', 'oid']);

/** The layer itself, or an OGR SQL select that renames fields PostgreSQL cannot hold under their own name. */
function layerSelection(layer: string, fields: string[]): string[] {
  if (!fields.some((f) => SYSTEM_COLUMN_NAMES.has(f.toLowerCase()))) return [layer];
  const list = fields.map((f) =>
    SYSTEM_COLUMN_NAMES.has(f.toLowerCase()) ? `"${f}" AS "${f.toLowerCase()}_bdgd"` : `"${f}"`,
  );
  return ['-sql', `SELECT ${list.join(', ')} FROM "${layer}"`];
}

/**
 * Copies the layers with as few `ogr2ogr` processes as possible (process start-up dominates small files):
 * one for every layer whose fields PostgreSQL accepts as they are, one per layer needing renamed fields.
 */
export async function stageLayers(options: StageOptions): Promise<void> {
  const plain = options.layers.filter((l) => layerSelection(l.name, l.fields).length === 1);
  const renamed = options.layers.filter((l) => layerSelection(l.name, l.fields).length > 1);
  const groups = balance(plain, (l) => l.featureCount + 1000, options.concurrency ?? 2);
  await Promise.all(
    groups.map((group) =>
      runOgr2ogr(
        options,
        group.map((l) => l.name),
        null,
      ),
    ),
  );
  for (const layer of renamed) {
    await runOgr2ogr(options, layerSelection(layer.name, layer.fields), stagingTableName(layer.name));
  }
}

function runOgr2ogr(options: StageOptions, selection: string[], tableName: string | null): Promise<void> {
  const args = [
    '-f',
    'PostgreSQL',
    // active_schema/schemas keep GDAL inside the staging schema: otherwise, copying several layers at once,
    // it finds the live table of the same name (ssdmt…) on the search path and appends to it.
    // Staging tables are disposable: no synchronous WAL flush on each of GDAL's commits.
    `PG:${libpqConninfo(options.databaseUrl)} active_schema=${options.schema} schemas=${options.schema} options='-c synchronous_commit=off'`,
    options.source,
    ...selection,
    ...(tableName ? ['-nln', tableName] : []),
    '-lco',
    'GEOMETRY_NAME=geom',
    '-lco',
    'FID=ogc_fid',
    '-lco',
    'SPATIAL_INDEX=NONE',
    '-lco',
    'PRECISION=NO',
    '-lco',
    'UNLOGGED=ON',
    '-preserve_fid',
    '-dim',
    'XY',
    '-gt',
    '65536',
    '--config',
    'PG_USE_COPY',
    'YES',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.resume();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        err.code === 'ENOENT'
          ? new StageError('GDAL não encontrado (ogr2ogr). Instale com: apt-get install -y gdal-bin')
          : err,
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(new StageError('importação interrompida'));
      const errors = stderr
        .split('\n')
        .filter((l) => /^(ERROR|FAILURE)/.test(l) && !/current transaction is aborted/.test(l))
        .slice(0, 3)
        .join(' | ');
      if (code !== 0 || errors) {
        reject(
          new StageError(
            `falha ao ler o arquivo (ogr2ogr ${signal ?? `código ${code}`}): ${errors || stderr.trim().slice(0, 500)}`,
          ),
        );
      } else resolve();
    });
  });
}
