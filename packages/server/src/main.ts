// Entry point: read the configuration, create/upgrade the database, listen, and shut down cleanly on
// SIGINT/SIGTERM (in-flight requests finish, the pool closes).
import {
  createPool,
  DatabaseConnectionError,
  ensureDatabase,
  migrate,
  PostgisMissingError,
} from '@rede-eletrica/bdgd';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const migrationPool = createPool(config.databaseUrl, 1);
  try {
    await migrate(migrationPool);
  } finally {
    await migrationPool.end();
  }
  const app = await buildApp(config, { logger: true });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} recebido; encerrando…`);
    const force = setTimeout(() => {
      app.log.error('encerramento demorou mais de 10 s; saindo');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error(err, 'erro ao encerrar');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`modo ${config.modo}; banco ${new URL(config.databaseUrl).pathname.slice(1)}`);
}

main().catch((err) => {
  const known = [ConfigError, DatabaseConnectionError, PostgisMissingError];
  if (known.some((kind) => err instanceof kind)) console.error((err as Error).message);
  else console.error('falha ao iniciar o servidor:', err);
  process.exit(1);
});
