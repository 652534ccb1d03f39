// A fresh, empty PostgreSQL + PostGIS database per test file, on the server of DATABASE_URL
// (default: the local server). Test databases are named `rede_eletrica_test_<name>`.
import pg from 'pg';
import { createPool, databaseUrl, splitDatabaseUrl } from '../packages/bdgd/src/db/connection.ts';
import { ensureDatabase } from '../packages/bdgd/src/db/ensure-database.ts';
import { migrate } from '../packages/bdgd/src/db/migrate.ts';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function freshDatabase(name: string): Promise<TestDatabase> {
  const base = new URL(process.env.TEST_DATABASE_URL || databaseUrl());
  const dbName = `rede_eletrica_test_${name}`;
  base.pathname = `/${dbName}`;
  const url = base.toString();
  const admin = new pg.Client({ connectionString: splitDatabaseUrl(url).adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(url);
  const pool = createPool(url, 4);
  await migrate(pool);
  return { url, pool, close: () => pool.end() };
}
