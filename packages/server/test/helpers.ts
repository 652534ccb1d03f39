// Test fixtures: a database per test file with a real BDGD imported, an app bound to it, and an MVT decoder.
import { execFileSync } from 'node:child_process';
import { VectorTile } from '@mapbox/vector-tile';
import { createPool, ensureDatabase, importBdgd } from '@rede-eletrica/bdgd';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import type pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export const MUX_FILE = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';

export interface Fixture {
  app: FastifyInstance;
  pool: pg.Pool;
  url: string;
  idImportado: number;
  close(): Promise<void>;
}

export function testDatabaseUrl(name: string): string {
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@localhost:5432/rede_eletrica');
  base.pathname = `/${name}`;
  return base.toString();
}

/** Creates (or reuses) database `name`, imports `file` into it and builds an app on it. */
export async function setupFixture(name: string, file: string): Promise<Fixture> {
  const url = testDatabaseUrl(name);
  await ensureDatabase(url);
  const pool = createPool(url, 4);
  const result = await importBdgd({ file, pool, databaseUrl: url });
  // Generation re-read on every request so that re-imports are seen at once.
  const app = await buildApp(
    loadConfig({ DATABASE_URL: url, REDE_GERACAO_TTL_MS: '0', REDE_TELEMETRIA: 'desligada' }),
    { logger: false },
  );
  return {
    app,
    pool,
    url,
    idImportado: result.idImportado,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

export interface DecodedFeature {
  properties: Record<string, unknown>;
  id: number | undefined;
  type: number;
}

/** Decodes a tile into layer name → features. */
export function decodeTile(buffer: Buffer): Map<string, DecodedFeature[]> {
  const tile = new VectorTile(new PbfReader(buffer));
  const layers = new Map<string, DecodedFeature[]>();
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ properties: f.properties as Record<string, unknown>, id: f.id, type: f.type });
    }
    layers.set(name, features);
  }
  return layers;
}

/** Runs an SQLite-dialect SQL through `ogrinfo` on the source file; returns one object per feature. */
export function ogrSql(file: string, sql: string): Record<string, string>[] {
  const source = file.endsWith('.zip') ? `/vsizip/${file}` : file;
  const out = execFileSync('ogrinfo', ['-ro', '-q', '-dialect', 'SQLite', '-sql', sql, source], {
    encoding: 'utf8',
  });
  const rows: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('OGRFeature(')) {
      current = {};
      rows.push(current);
      continue;
    }
    const match = /^\s+(\w+) \([^)]*\) = (.*)$/.exec(line);
    if (match && current) current[match[1] as string] = match[2] as string;
  }
  return rows;
}

/** z/x/y of the tile at zoom z that holds the most features of `table` (by centroid), from SQL. */
export async function densestTile(pool: pg.Pool, table: string, z: number) {
  const size = 40075016.68557849 / 2 ** z;
  const result = await pool.query<{ x: number; y: number }>(
    `SELECT floor((ST_X(c) + 20037508.342789244) / $1)::int AS x, floor((20037508.342789244 - ST_Y(c)) / $1)::int AS y
       FROM (SELECT ST_Centroid(geom_3857) AS c FROM public.${table}) s
      GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    [size],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`sem feições em ${table}`);
  return { z, x: row.x, y: row.y };
}

/** ids of `table` whose geometry intersects the tile envelope (with the renderer's 64/4096 buffer). */
export async function idsInTile(
  pool: pg.Pool,
  table: string,
  tile: { z: number; x: number; y: number },
): Promise<number[]> {
  const result = await pool.query<{ id: string }>(
    `SELECT id FROM public.${table}
      WHERE ST_Intersects(geom_3857, ST_TileEnvelope($1, $2, $3))
      ORDER BY id`,
    [tile.z, tile.x, tile.y],
  );
  return result.rows.map((r) => Number(r.id));
}
