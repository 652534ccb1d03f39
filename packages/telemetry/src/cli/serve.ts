// Stand-alone telemetry process (ingester + REST/WebSocket), for scaling ingesters apart from the main
// server, for the multi-process tests and the benchmarks. Configuration from the environment (config.ts);
// PORT / HOST for HTTP (default 0 = any free port, 127.0.0.1). Prints one JSON line {"porta": N} when ready.
// Ctrl-C / SIGTERM: stops taking messages, stores what is pending, acknowledges, exits.
import Fastify from 'fastify';
import { loadTelemetryConfig } from '../config.ts';
import telemetryPlugin from '../http/plugin.ts';
import { startTelemetry } from '../service.ts';

async function main(): Promise<void> {
  const config = loadTelemetryConfig();
  const telemetry = await startTelemetry(config, {
    log: (level, m) => (level === 'warn' ? console.warn : console.error)(`[telemetria] ${m}`),
  });
  const app = Fastify({ logger: false });
  await app.register(telemetryPlugin, { telemetry });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ porta: port, pid: process.pid })}\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.error(`[telemetria] ${signal}: encerrando (gravando o pendente)…`);
    app
      .close()
      .then(() => telemetry.stop())
      .then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`falha ao iniciar a telemetria: ${(err as Error).message}`);
  process.exit(1);
});
