// The MQTT 5 ingester (src/mqtt/lean-ingester.ts, written against the socket) reconnects and subscribes
// again when the broker goes away and comes back: a private Mosquitto (no persistence) is stopped and
// started on the same port, and readings published after the restart are stored. Real PostgreSQL, Redis
// and Mosquitto.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import type { IngestPipeline } from '../src/ingest/pipeline.ts';
import { LeanMqttIngester } from '../src/mqtt/lean-ingester.ts';
import { eventually, publisher, type Running, reading, startRunning, testConfig } from './helpers.ts';

let db: TestDatabase;
let running: Running | null = null;
let broker: ChildProcess | null = null;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startBroker(port: number): Promise<ChildProcess> {
  const proc = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
  // Listening when a TCP connection is accepted.
  await eventually(
    () =>
      new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      }),
    50,
  );
  return proc;
}

async function stopBroker(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  await exited;
}

before(async () => {
  db = await freshDatabase('telemetria_reconexao');
});

after(async () => {
  await running?.close();
  if (broker && broker.exitCode === null) await stopBroker(broker);
  await db?.close();
});

test('ingestor MQTT 5 reconecta e volta a assinar depois que o broker reinicia', async () => {
  const port = await freePort();
  broker = await startBroker(port);
  const config = testConfig(db, 'reconexao', { MQTT_URL: `mqtt://127.0.0.1:${port}` });
  running = await startRunning(config);
  assert.equal(running.telemetry.fallbacks.length, 0, 'Mosquitto real, não o broker embutido');
  const count = async () =>
    Number((await db.pool.query('SELECT count(*) AS n FROM telemetria_transformador')).rows[0].n);
  const at = Date.now() - 600_000;

  const pub1 = await publisher(`mqtt://127.0.0.1:${port}`);
  await pub1.publishAsync(
    `${config.mqttPrefix}/RECON_1`,
    JSON.stringify(reading({ potencia_ativa: 1 }, new Date(at))),
    {
      qos: 1,
    },
  );
  await eventually(async () => (await count()) === 1);
  await pub1.endAsync(true);

  await stopBroker(broker);
  broker = await startBroker(port);

  // No persistence: the session is gone, so the ingester has to subscribe again on its own.
  const pub2 = await publisher(`mqtt://127.0.0.1:${port}`);
  let n = 0;
  await eventually(async () => {
    n++;
    await pub2.publishAsync(
      `${config.mqttPrefix}/RECON_2`,
      JSON.stringify(reading({ potencia_ativa: 2 }, new Date(at + n * 1000))),
      { qos: 1 },
    );
    return (await count()) >= 2;
  }, 200);
  const r = await db.pool.query(
    `SELECT count(*)::int AS n FROM telemetria_transformador WHERE cod_transformador = 'RECON_2'`,
  );
  assert.ok(r.rows[0].n >= 1);
  await pub2.endAsync();
});

test('ingestor MQTT 5 sem broker: a partida falha e não deixa reconexão pendente', async () => {
  const port = await freePort(); // nothing listens there
  const ingester = new LeanMqttIngester({} as IngestPipeline, {
    url: `mqtt://127.0.0.1:${port}`,
    prefix: 'teste/sem-broker',
    clientId: `sem-broker-${process.pid}`,
    group: null,
    protocolVersion: 5,
  });
  await assert.rejects(ingester.start());
  // A reconnection timer left behind would keep this test file's process alive (the runner would time out).
});
