// Builds the Fastify application: adapters decorated once at the root, then one encapsulated plugin per
// domain (tiles, network API, health). Used by main.ts and by the tests (with `app.inject`).
import fastifySwagger from '@fastify/swagger';
import { telemetryPlugin } from '@rede-eletrica/telemetry';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import calculationsPlugin from './plugins/calculations/index.ts';
import databasePlugin from './plugins/database.ts';
import errorsPlugin, { schemaErrorFormatter } from './plugins/errors.ts';
import healthPlugin, { saudeSchema } from './plugins/health.ts';
import importJobsPlugin from './plugins/import-jobs/index.ts';
import metricsPlugin from './plugins/metrics.ts';
import networkPlugin from './plugins/network/index.ts';
import tilesPlugin from './plugins/tiles/index.ts';
import { registerWebConsole } from './plugins/web-console.ts';
import './types.ts';

export interface BuildOptions {
  /** Use this database adapter instead of opening one from `config.databaseUrl` (not closed with the app). */
  database?: Database;
  /** Fastify logger setting (default: on in production mode, off otherwise). */
  logger?: boolean;
}

export async function buildApp(config: ServerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? config.modo === 'producao',
    schemaErrorFormatter,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorate('config', config);
  app.addSchema(saudeSchema);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'rede-eletrica',
        description:
          'API de gestão de redes de distribuição (BDGD/ANEEL): tiles vetoriais, alimentadores, ' +
          'rastreamento de rede e ativos. Mensagens em português; nomes de campos BDGD como o BDGD os grafa.',
        version: '0.1.0',
      },
      tags: [
        { name: 'tiles', description: 'Tiles vetoriais (MVT) e TileJSON' },
        { name: 'rede', description: 'Importações, alimentadores, rastreamento e ativos' },
        { name: 'sistema', description: 'Saúde e métricas' },
      ],
    },
  });
  await app.register(metricsPlugin);
  await app.register(errorsPlugin);
  await app.register(databasePlugin, { database: options.database });

  await app.register(healthPlugin);
  await app.register(tilesPlugin);
  await app.register(networkPlugin);
  await app.register(importJobsPlugin);
  await app.register(calculationsPlugin);
  // Telemetria ao vivo (issue 3): REST + WebSocket + ingestão MQTT; REDE_TELEMETRIA=desligada a desliga.
  if (config.telemetria.enabled) await app.register(telemetryPlugin, { config: config.telemetria });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWebConsole(app);
  return app;
}
