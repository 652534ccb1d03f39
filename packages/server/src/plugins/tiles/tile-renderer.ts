// Renders tiles through PostGIS with a byte-bounded cache in front, one query per distinct tile even under
// concurrent requests, and the ETag each tile version answers to.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../db/database.ts';
import type { TileCoordinates } from './coordinates.ts';
import { generalizationFor, type TileLayer } from './layers.ts';
import { type CachedTile, TileCache } from './tile-cache.ts';
import { generalizedTileQuery, layerTileQuery, tileProperties } from './tile-sql.ts';

/** Bump when the tile content format changes, so that clients' ETags stop matching. */
const FORMAT_VERSION = 1;

export interface TileRequest extends TileCoordinates {
  layer: TileLayer;
  /** id_importado to filter on, or undefined for every import. */
  importacao: number | undefined;
}

export class TileRenderer {
  readonly cache: TileCache;
  private readonly inFlight = new Map<string, Promise<CachedTile>>();
  private lastGeneration: string | undefined;

  constructor(
    private readonly db: Database,
    cacheBytes: number,
  ) {
    this.cache = new TileCache(cacheBytes);
  }

  /** ETag of a tile in the current generation; computable without rendering the tile. */
  etag(request: TileRequest, generation: string): string {
    const hash = createHash('sha1')
      .update(
        `${FORMAT_VERSION}|${generation}|${request.layer.table}|${request.importacao ?? '*'}|${request.z}/${request.x}/${request.y}`,
      )
      .digest('base64url')
      .slice(0, 22);
    return `W/"${hash}"`;
  }

  async render(request: TileRequest, generation: string): Promise<CachedTile> {
    if (this.lastGeneration !== generation) {
      this.lastGeneration = generation;
      this.cache.clearOlderGenerations(generation);
    }
    const key = `${generation}|${request.layer.table}|${request.importacao ?? '*'}|${request.z}/${request.x}/${request.y}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.renderUncached(request, generation).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
      pending.then((tile) => this.cache.set(key, tile)).catch(() => undefined);
    }
    return pending;
  }

  private async renderUncached(request: TileRequest, generation: string): Promise<CachedTile> {
    const etag = this.etag(request, generation);
    const raw = await this.query(request);
    return { raw, gzip: raw.length > 0 ? gzipSync(raw, { level: 6 }) : null, etag, generation };
  }

  private async query(request: TileRequest): Promise<Buffer> {
    const { layer, z, x, y, importacao } = request;
    if (z < layer.minzoom) return Buffer.alloc(0);
    const filter = importacao !== undefined;
    const generalization = generalizationFor(layer, z);
    let statement: { name: string; text: string };
    if (generalization) {
      statement = generalizedTileQuery(layer, generalization, filter);
    } else {
      const columns = (await this.db.columns.get()).get(layer.table);
      statement = layerTileQuery(layer, tileProperties(columns), filter);
    }
    const values: number[] = filter ? [z, x, y, importacao] : [z, x, y];
    const result = await this.db.pool.query<{ mvt: Buffer | null }>({ ...statement, values });
    return result.rows[0]?.mvt ?? Buffer.alloc(0);
  }
}
