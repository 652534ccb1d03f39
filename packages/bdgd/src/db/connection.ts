// Connection settings and pools for the BDGD database (PostgreSQL + PostGIS).
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@localhost:5432/rede_eletrica';

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function createPool(url: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'rede-eletrica' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (err) => console.error(`[postgres] conexão ociosa perdida: ${err.message}`));
  return pool;
}

/** Database name and a URL to the maintenance database `postgres` on the same server. */
export function splitDatabaseUrl(url: string): { name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL sem nome de banco: ${url}`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}
