// QoS 1: an ingester killed (SIGKILL) in the middle of a stream loses nothing — the messages it had
// received but not yet stored were never acknowledged, and the broker redelivers them to the restarted
// ingester (same client id, persistent session). Readings it had stored but not yet cached/published are
// published by the restarted ingester (outbox `telemetria_lote`). Real PostgreSQL, Redis and Mosquitto.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { PartitionManager } from '../src/storage/partitions.ts';
import { eventually, publisher, reading, uniqueNames } from './helpers.ts';
import { type Child, spawnTelemetry } from './processes.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestDatabase;
const children: Child[] = [];

before(async () => {
  db = await freshDatabase('telemetria_crash');
});

after(async () => {
  for (const c of children) await c.stop();
  await db?.close();
});

test('ingestor morto no meio do fluxo com QoS 1 não perde nenhuma leitura', async () => {
  const names = uniqueNames('crash');
  const env = {
    DATABASE_URL: db.url,
    REDE_REDIS_PREFIXO: names.redisPrefix,
    MQTT_PREFIXO: names.mqttPrefix,
    REDE_INGESTOR_ID: names.clientId,
    REDE_LOTE_MAX: '40', // small batches: the kill lands between commits
    REDE_LOTE_MS: '5',
  };
  const first = await spawnTelemetry(env);
  children.push(first);
  const count = async () =>
    Number((await db.pool.query('SELECT count(*) AS n FROM telemetria_transformador')).rows[0].n);

  // Kept under Mosquitto's default max_queued_messages (1000) for the messages queued while it is down.
  const total = 900;
  const base = Date.now() - 3_600_000;
  const pub = await publisher('mqtt://127.0.0.1:1883');
  const sent: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const cod = `CRASH_${i % 30}`;
    const at = new Date(base + Math.floor(i / 30) * 60_000);
    sent.push(
      pub.publishAsync(`${names.mqttPrefix}/${cod}`, JSON.stringify(reading({ potencia_ativa: i }, at)), {
        qos: 1,
      }),
    );
  }
  await eventually(async () => (await count()) >= 100, 2);
  await first.kill();
  const atKill = await count();
  await Promise.all(sent);
  assert.ok(atKill < total, `o ingestor foi morto no meio do fluxo (${atKill} de ${total} gravadas)`);

  const second = await spawnTelemetry(env);
  children.push(second);
  await eventually(async () => (await count()) >= total);
  await new Promise((r) => setTimeout(r, 200)); // anything beyond `total` (duplicates) would show up too
  assert.equal(await count(), total);
  const sum = await db.pool.query('SELECT sum(potencia_ativa)::float8 AS s FROM telemetria_transformador');
  assert.equal(sum.rows[0].s, (total * (total - 1)) / 2, 'cada leitura exatamente uma vez');
  await pub.endAsync();
});

test('ingestor morto entre o COMMIT e a publicação: ao reiniciar, publica o lote gravado', async () => {
  const names = uniqueNames('outbox');
  const env = {
    DATABASE_URL: db.url,
    REDE_REDIS_PREFIXO: names.redisPrefix,
    MQTT_PREFIXO: names.mqttPrefix,
    REDE_INGESTOR_ID: names.clientId,
  };
  const first = await spawnTelemetry(env);
  children.push(first);
  await first.stop();

  // What a kill right after the COMMIT leaves behind: the reading stored, its batch still registered.
  const at = new Date(Date.now() - 60_000);
  at.setUTCMilliseconds(0);
  const cod = 'OUTBOX_1';
  await new PartitionManager(db.pool).ensure([at.getTime()]);
  const batch = await db.pool.query(
    `INSERT INTO telemetria_lote (ingestor, ts_min, ts_max) VALUES ($1, $2, $2) RETURNING id`,
    [names.clientId, at.toISOString()],
  );
  await db.pool.query(
    `INSERT INTO telemetria_transformador (timestamp, cod_transformador, tensao_primario, tensao_secundario,
       corrente_a, corrente_b, corrente_c, potencia_ativa, potencia_reativa, temperatura, conhecido, lote)
     VALUES ($1, $2, 13.8, 220, 50, 51, 49, 77, 5, 45, false, $3)`,
    [at.toISOString(), cod, batch.rows[0].id],
  );

  const subscriber = new Redis(REDIS_URL);
  const messages: Array<Record<string, unknown>> = [];
  subscriber.on('message', (_channel: string, m: string) => messages.push(JSON.parse(m)));
  await subscriber.subscribe(`${names.redisPrefix}telemetria:stream`);

  const second = await spawnTelemetry(env);
  children.push(second);
  const message = await eventually(async () => messages.find((m) => m.cod_transformador === cod));
  assert.equal((message.dados as Record<string, unknown>).potencia_ativa, 77);
  const redis = new Redis(REDIS_URL);
  const hash = await redis.hgetall(`${names.redisPrefix}telemetria:ultimo:${cod}`);
  assert.equal(hash.timestamp, at.toISOString());
  const left = await db.pool.query('SELECT count(*)::int AS n FROM telemetria_lote WHERE ingestor = $1', [
    names.clientId,
  ]);
  assert.equal(left.rows[0].n, 0, 'o lote publicado sai do registro');
  subscriber.disconnect();
  redis.disconnect();
});
