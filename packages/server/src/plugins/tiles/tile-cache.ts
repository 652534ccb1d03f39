// Least-recently-used cache of rendered tiles bounded by bytes. Keys include the import generation, so a
// re-import makes old entries unreachable; they age out (and `clearOlderGenerations` drops them at once).
export interface CachedTile {
  raw: Buffer;
  /** gzip of `raw`, or null when the tile is empty. */
  gzip: Buffer | null;
  etag: string;
  generation: string;
}

const ENTRY_OVERHEAD = 200;

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get(key: string): CachedTile | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, tile: CachedTile): void {
    const cost = sizeOf(tile);
    if (cost > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= sizeOf(previous);
      this.entries.delete(key);
    }
    this.entries.set(key, tile);
    this.bytes += cost;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= sizeOf(old);
    }
  }

  clearOlderGenerations(current: string): void {
    for (const [key, tile] of this.entries) {
      if (tile.generation !== current) {
        this.entries.delete(key);
        this.bytes -= sizeOf(tile);
      }
    }
  }
}

function sizeOf(tile: CachedTile): number {
  return tile.raw.length + (tile.gzip?.length ?? 0) + ENTRY_OVERHEAD;
}
