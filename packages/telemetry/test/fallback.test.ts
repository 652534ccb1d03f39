// Fallbacks: with REDIS_URL / MQTT_URL pointing nowhere, development mode runs on the in-process
// pub/sub/cache and an embedded Aedes broker (loudly); production mode refuses to start.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { startTelemetry, TelemetryUnavailableError } from '../src/service.ts';
import { eventually, publisher, reading, startRunning, testConfig, WsRecorder } from './helpers.ts';

let db: TestDatabase;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

before(async () => {
  db = await freshDatabase('telemetria_fallback');
});

after(async () => {
  await db?.close();
});

test('desenvolvimento: sem Redis e sem MQTT, cache em memória e broker Aedes embutido', async () => {
  const mqttPort = await freePort();
  const redisPort = await freePort();
  const config = testConfig(db, 'fallback', {
    REDE_MODO: 'desenvolvimento',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
  });
  const run = await startRunning(config);
  try {
    assert.equal(run.telemetry.bus.kind, 'memoria');
    assert.ok(run.telemetry.embeddedBroker);
    assert.equal(run.telemetry.mqttUrl, `mqtt://127.0.0.1:${mqttPort}`);
    assert.equal(run.telemetry.fallbacks.length, 2);
    const ws = await WsRecorder.open(`${run.wsUrl}/ws/telemetria`);
    ws.send({ action: 'subscribe', transformadores: ['TR-FALLBACK'] });
    await ws.next((m) => m.tipo === 'inscricao');
    const pub = await publisher(`mqtt://127.0.0.1:${mqttPort}`, 4);
    const at = new Date(Date.now() - 1000);
    at.setUTCMilliseconds(0);
    await pub.publishAsync(
      `${config.mqttPrefix}/TR-FALLBACK`,
      JSON.stringify(reading({ temperatura: 99 }, at)),
      { qos: 1 },
    );
    const msg = await ws.next((m) => m.tipo === 'telemetria');
    assert.equal((msg.dados as { temperatura: number }).temperatura, 99);
    const [hash] = await run.telemetry.bus.getLatest(['TR-FALLBACK']);
    assert.equal(hash?.timestamp, at.toISOString());
    await eventually(
      async () => (await run.telemetry.bus.getLatest(['TR-FALLBACK']))[0]?.status === 'CRITICO',
    );
    const rows = await db.pool.query('SELECT count(*)::int AS n FROM telemetria_transformador');
    assert.equal(rows.rows[0].n, 1);
    const metricas = await (await fetch(`${run.baseUrl}/telemetria/metricas`)).json();
    assert.equal(metricas.cache, 'memoria');
    ws.close();
    await pub.endAsync();
  } finally {
    await run.close();
  }
});

test('produção: recusa iniciar sem Redis ou sem MQTT', async () => {
  const dead = await freePort();
  await assert.rejects(
    startTelemetry(
      testConfig(db, 'prod1', { REDE_MODO: 'producao', REDIS_URL: `redis://127.0.0.1:${dead}` }),
      { log: () => undefined },
    ),
    (err) => err instanceof TelemetryUnavailableError && /Redis/.test(err.message),
  );
  await assert.rejects(
    startTelemetry(testConfig(db, 'prod2', { REDE_MODO: 'producao', MQTT_URL: `mqtt://127.0.0.1:${dead}` }), {
      log: () => undefined,
    }),
    (err) => err instanceof TelemetryUnavailableError && /MQTT/.test(err.message),
  );
});
