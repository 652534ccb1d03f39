// Copies one layer of a file geodatabase into a PostgreSQL staging table with `ogr2ogr` (bulk COPY).
import { spawn } from 'node:child_process';

export interface StageOptions {
  source: string;
  layer: string;
  /** The layer's field names as `ogrinfo` lists them. */
  fields: string[];
  /** libpq URL of the target database. */
  databaseUrl: string;
  schema: string;
  table: string;
  signal?: AbortSignal;
  /** Called with the fraction done (0..1) as GDAL reports it. */
  onProgress?: (fraction: number) => void;
}

export class StageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageError';
  }
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

export function stageLayer(options: StageOptions): Promise<void> {
  const args = [
    '-f',
    'PostgreSQL',
    `PG:${libpqConninfo(options.databaseUrl)}`,
    options.source,
    ...layerSelection(options.layer, options.fields),
    '-nln',
    options.table,
    '-lco',
    `SCHEMA=${options.schema}`,
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
    '-progress',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // GDAL prints "0...10...20..." as it goes; the last number seen is the percentage done.
      const marks = chunk.match(/\d+/g);
      const last = marks?.[marks.length - 1];
      if (last !== undefined) options.onProgress?.(Math.min(Number(last), 100) / 100);
    });
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
        .filter((l) => /^(ERROR|FAILURE)/.test(l))
        .slice(0, 3)
        .join(' | ');
      if (code !== 0 || errors) {
        reject(
          new StageError(
            `falha ao ler a camada ${options.layer} (ogr2ogr ${signal ?? `código ${code}`}): ${errors || stderr.trim().slice(0, 500)}`,
          ),
        );
      } else resolve();
    });
  });
}
