// Creates the database when missing and enables PostGIS, with an actionable message when it is not installed.
import pg from 'pg';
import { splitDatabaseUrl } from './connection.ts';

export class PostgisMissingError extends Error {
  constructor(cause: string) {
    super(
      'A extensão PostGIS não está instalada neste servidor PostgreSQL. ' +
        'Instale-a (Debian/Ubuntu: `apt-get install -y postgresql-15-postgis-3`) e tente novamente. ' +
        `Detalhe: ${cause}`,
    );
    this.name = 'PostgisMissingError';
  }
}

export async function ensureDatabase(url: string): Promise<void> {
  const { name, adminUrl } = splitDatabaseUrl(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } catch (err) {
        // Another process may have created it at the same time.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    const message = (err as Error).message;
    if (/postgis/i.test(message) && /(not available|could not open|não)/i.test(message)) {
      throw new PostgisMissingError(message);
    }
    throw err;
  } finally {
    await client.end();
  }
}
