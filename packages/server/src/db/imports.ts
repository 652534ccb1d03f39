// Checks on the `importacao` parameter shared by the domain plugins.
import { notFound } from '../http-errors.ts';
import type { Database } from './database.ts';

/** Throws 404 when an explicitly requested import does not exist. */
export async function requireImport(db: Database, idImportado: number | undefined): Promise<void> {
  if (idImportado === undefined) return;
  const ids = await db.importIds.get();
  if (!ids.has(idImportado)) throw notFound(`importação ${idImportado} não encontrada`);
}
