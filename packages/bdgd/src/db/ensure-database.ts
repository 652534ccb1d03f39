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

/** The server at DATABASE_URL could not be reached or refused the login. */
export class DatabaseConnectionError extends Error {
  constructor(url: string, cause: string) {
    super(
      `Não foi possível conectar ao PostgreSQL em ${withoutPassword(url)}: ${cause}. ` +
        'Verifique DATABASE_URL (usuário, host, porta) e se o servidor está ativo.',
    );
    this.name = 'DatabaseConnectionError';
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL inválida)';
  }
}

export async function ensureDatabase(url: string): Promise<void> {
  const { name, adminUrl } = splitDatabaseUrl(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new DatabaseConnectionError(url, (err as Error).message);
  }
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
