// Two telemetry processes side by side (real Redis, Mosquitto, PostgreSQL): they share the MQTT load
// through a `$share` subscription without duplicates, and a WebSocket client on either process gets every
// message it subscribed to exactly once, whichever process ingested it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { eventually, publisher, reading, uniqueNames, WsRecorder } from './helpers.ts';
import { type Child, spawnTelemetry } from './processes.ts';

let db: TestDatabase;
const children: Child[] = [];

before(async () => {
  db = await freshDatabase('telemetria_multi');
});

after(async () => {
  for (const c of children) await c.stop();
  await db?.close();
});

test('dois processos: carga MQTT dividida sem duplicatas, cada mensagem entregue uma vez a cada cliente', async () => {
  const names = uniqueNames('multi');
  const common = {
    DATABASE_URL: db.url,
    REDE_REDIS_PREFIXO: names.redisPrefix,
    MQTT_PREFIXO: names.mqttPrefix,
    REDE_MQTT_GRUPO: `grupo-${names.clientId}`,
    REDE_LOTE_MS: '5',
  };
  const a = await spawnTelemetry({ ...common, REDE_INGESTOR_ID: `${names.clientId}-a` });
  children.push(a);
  const b = await spawnTelemetry({ ...common, REDE_INGESTOR_ID: `${names.clientId}-b` });
  children.push(b);

  const cods = Array.from({ length: 20 }, (_, i) => `MULTI_${i}`);
  const clients = [
    await WsRecorder.open(`${a.wsUrl}/ws/telemetria`),
    await WsRecorder.open(`${b.wsUrl}/ws/telemetria`),
    await WsRecorder.open(`${b.wsUrl}/ws/telemetria`),
  ];
  for (const c of clients) {
    c.send({ action: 'subscribe', transformadores: cods });
    await c.next((m) => m.tipo === 'inscricao');
  }

  const pub = await publisher('mqtt://127.0.0.1:1883');
  const perCod = 15;
  const base = Date.now() - 2 * 3_600_000;
  for (let k = 0; k < perCod; k++) {
    for (const cod of cods) {
      const at = new Date(base + k * 300_000);
      await pub.publishAsync(`${names.mqttPrefix}/${cod}`, JSON.stringify(reading({}, at)), { qos: 1 });
    }
  }
  const total = cods.length * perCod;
  const telemetry = (c: WsRecorder) => c.messages.filter((m) => m.tipo === 'telemetria');
  for (const c of clients) {
    await eventually(async () => {
      if (process.env.DEBUG_MP) console.error(clients.map((x) => telemetry(x).length).join(','), total);
      return telemetry(c).length >= total;
    }, 500);
  }
  // A marker after everything: once it is in, any duplicate would be in too.
  const marker = new Date(base + perCod * 300_000);
  await pub.publishAsync(`${names.mqttPrefix}/${cods[0]}`, JSON.stringify(reading({}, marker)), { qos: 1 });
  for (const c of clients) {
    await c.next(
      (m) => m.tipo === 'telemetria' && (m.dados as { timestamp: string }).timestamp === marker.toISOString(),
    );
    const keys = telemetry(c).map(
      (m) => `${m.cod_transformador}|${(m.dados as { timestamp: string }).timestamp}`,
    );
    assert.equal(keys.length, total + 1, 'todas as mensagens');
    assert.equal(new Set(keys).size, keys.length, 'nenhuma duplicada');
  }
  const rows = await db.pool.query('SELECT count(*)::int AS n FROM telemetria_transformador');
  assert.equal(rows.rows[0].n, total + 1);
  const stored = await Promise.all(
    [a, b].map(async (c) => (await (await fetch(`${c.baseUrl}/telemetria/metricas`)).json()).pipeline),
  );
  assert.equal(
    stored[0].armazenadas + stored[1].armazenadas,
    total + 1,
    'cada leitura gravada por um só ingestor',
  );
  assert.equal(stored[0].duplicadas + stored[1].duplicadas, 0);
  assert.ok(stored[0].armazenadas > 0 && stored[1].armazenadas > 0, 'a carga foi dividida entre os dois');
  for (const c of clients) c.close();
  await pub.endAsync();
});
