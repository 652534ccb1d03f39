// Decorates the app with the database adapter once (not encapsulated: every domain plugin reads `app.db`).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Database, openDatabase } from '../db/database.ts';

async function databasePlugin(app: FastifyInstance, options: { database?: Database }): Promise<void> {
  const owned = !options.database;
  const db =
    options.database ??
    openDatabase({
      url: app.config.databaseUrl,
      poolSize: app.config.poolSize,
      generationTtlMs: app.config.generationTtlMs,
    });
  app.decorate('db', db);
  if (owned) app.addHook('onClose', async () => db.close());
}

export default fp(databasePlugin, { name: 'banco' });
