// The database adapter shared by every plugin: one pool plus the per-generation catalogues built on it.
import { createPool } from '@rede-eletrica/bdgd';
import type pg from 'pg';
import { type CodeDecoder, codeCatalog } from './codes.ts';
import { columnCatalog, type TableColumns } from './columns.ts';
import { ImportGeneration, PerGeneration } from './generation.ts';

export interface Database {
  pool: pg.Pool;
  generation: ImportGeneration;
  columns: PerGeneration<TableColumns>;
  codes: PerGeneration<CodeDecoder>;
  /** Ids of the imports present now (cached per generation). */
  importIds: PerGeneration<ReadonlySet<number>>;
  close(): Promise<void>;
}

export function openDatabase(options: { url: string; poolSize: number; generationTtlMs: number }): Database {
  const pool = createPool(options.url, options.poolSize);
  const generation = new ImportGeneration(pool, options.generationTtlMs);
  return {
    pool,
    generation,
    columns: columnCatalog(pool, generation),
    codes: codeCatalog(pool, generation),
    importIds: new PerGeneration(generation, async () => {
      const result = await pool.query<{ id: number }>('SELECT id_importado AS id FROM public.importados');
      return new Set(result.rows.map((r) => r.id));
    }),
    close: () => pool.end(),
  };
}
