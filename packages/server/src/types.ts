// Decorations the root app adds once and every domain plugin reads.
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { Metrics } from './plugins/metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    db: Database;
    metrics: Metrics;
  }
}
