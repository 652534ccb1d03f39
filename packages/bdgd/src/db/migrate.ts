// Versioned schema migrations, applied once each, in order, under an advisory lock.
import type pg from 'pg';
import { loadCodeTables } from '../codes.ts';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_import_jobs.ts';

interface Migration {
  version: number;
  name: string;
  up(client: pg.ClientBase): Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'import_jobs', up: m002.up },
];

const MIGRATION_LOCK = 7_270_001;

export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM public.schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await migration.up(client);
        await client.query('INSERT INTO public.schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    await refreshCodeTables(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** Reloads ANEEL's code tables (shipped in packages/bdgd/codes) into `dominio_aneel`. */
async function refreshCodeTables(client: pg.ClientBase): Promise<void> {
  const tables = loadCodeTables();
  const rows = [...tables.values()].flatMap((t) =>
    t.entries.map((e) => [t.domain, e.code, e.description, e.value]),
  );
  await client.query('BEGIN');
  try {
    await client.query('DELETE FROM public.dominio_aneel');
    await client.query(
      `INSERT INTO public.dominio_aneel (tabela, codigo, descricao, valor)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
