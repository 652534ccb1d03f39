// End to end against the real PostgreSQL, Redis and Mosquitto: MQTT in → table, Redis hash, WebSocket,
// alerts; bad input dead-lettered; duplicates idempotent; late readings in the rollups; retention; HTTP;
// map and history endpoints. Expected values are computed here from the BDGD read with SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { Sweeper } from '../src/ingest/sweeper.ts';
import { listPartitions } from '../src/storage/partitions.ts';
import {
  eventually,
  importTestBdgd,
  publisher,
  type Running,
  reading,
  startRunning,
  testConfig,
  WsRecorder,
} from './helpers.ts';

let db: TestDatabase;
let run: Running;
let pub: MqttClient;
let prefix: string;
let trafo: { cod_id: string; pot_nom: number; ctmt: string; ten_pri_kv: number; lon: number; lat: number };
let trafo2: { cod_id: string; ctmt: string };

const topic = (cod: string) => `${prefix}/${cod}`;

before(async () => {
  db = await freshDatabase('telemetria_e2e');
  await importTestBdgd(db);
  const r = await db.pool.query(
    `SELECT u.cod_id, u.pot_nom, u.ctmt, d.valor / 1000 AS ten_pri_kv,
            ST_X(ST_PointOnSurface(u.geom)) AS lon, ST_Y(ST_PointOnSurface(u.geom)) AS lat
       FROM untrd u
       JOIN eqtrd e ON e.uni_tr_mt = u.cod_id AND e.id_importado = u.id_importado
       JOIN dominio_aneel d ON d.tabela = 'TTEN' AND d.codigo = e.ten_pri AND d.valor > 0
      WHERE u.pot_nom > 0 AND u.fas_con_p = 'ABC' AND u.geom IS NOT NULL
      ORDER BY u.cod_id LIMIT 2`,
  );
  assert.equal(r.rows.length, 2, 'a BDGD importada precisa de transformadores trifásicos com placa');
  trafo = r.rows[0];
  trafo2 = r.rows[1];
  const config = testConfig(db, 'e2e');
  prefix = config.mqttPrefix;
  run = await startRunning(config);
  pub = await publisher(config.mqttUrl);
});

after(async () => {
  await pub?.endAsync();
  await run?.close();
  await db?.close();
});

describe('MQTT → tabela → Redis → WebSocket → alertas', () => {
  test('uma leitura publicada aparece na tabela, no hash Redis e no WebSocket inscrito', async () => {
    const ws = await WsRecorder.open(`${run.wsUrl}/ws/telemetria`);
    ws.send({ action: 'subscribe', transformadores: [trafo.cod_id] });
    await ws.next((m) => m.tipo === 'inscricao');
    const at = new Date(Date.now() - 60_000);
    at.setUTCMilliseconds(0);
    const payload = reading({ potencia_ativa: 30.5, potencia_reativa: 7.25 }, at);
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(payload), { qos: 1 });

    const msg = await ws.next((m) => m.tipo === 'telemetria' && m.cod_transformador === trafo.cod_id);
    const dados = msg.dados as Record<string, unknown>;
    assert.equal(dados.potencia_ativa, 30.5);
    assert.equal(dados.timestamp, at.toISOString());
    assert.equal(msg.ctmt, trafo.ctmt);

    const row = await db.pool.query(
      'SELECT potencia_ativa, potencia_reativa, conhecido FROM telemetria_transformador WHERE cod_transformador = $1 AND timestamp = $2',
      [trafo.cod_id, at.toISOString()],
    );
    assert.deepEqual(row.rows, [{ potencia_ativa: 30.5, potencia_reativa: 7.25, conhecido: true }]);

    const [hash] = await run.telemetry.bus.getLatest([trafo.cod_id]);
    assert.equal(hash?.potencia_ativa, '30.5');
    assert.equal(hash?.timestamp, at.toISOString());
    assert.equal(hash?.status, 'NORMAL');
    // The brief's key and TTL, in the real Redis.
    const { Redis } = await import('ioredis');
    const redis = new Redis(run.telemetry.config.redisUrl);
    const key = `${run.telemetry.config.redisPrefix}telemetria:ultimo:${trafo.cod_id}`;
    const ttl = await redis.ttl(key);
    await redis.quit();
    assert.ok(ttl > 0 && ttl <= 600, `TTL ${ttl}`);

    const atual = await (await fetch(`${run.baseUrl}/telemetria/transformador/${trafo.cod_id}/atual`)).json();
    assert.equal(atual.telemetria.potencia_ativa, 30.5);
    assert.equal(atual.status, 'NORMAL');
    ws.close();
  });

  test('sobrecarga: carregamento √(P²+Q²)/kVA acima de 120 % abre alerta CRITICO, notificado uma vez', async () => {
    const alertsWs = await WsRecorder.open(`${run.wsUrl}/ws/alertas`);
    await alertsWs.next((m) => m.tipo === 'alertas_ativos');
    const kva = Number(trafo.pot_nom);
    const p = kva * 1.2;
    const q = kva * 0.3;
    const expected = (Math.sqrt(p * p + q * q) / kva) * 100; // ≈ 123.7 %
    const t0 = Date.now() - 50_000;
    await pub.publishAsync(
      topic(trafo.cod_id),
      JSON.stringify(reading({ potencia_ativa: p, potencia_reativa: q }, new Date(t0))),
      { qos: 1 },
    );
    const opened = await alertsWs.next(
      (m) => (m.alerta as { tipo?: string } | undefined)?.tipo === 'SOBRECARGA' && m.evento === 'aberto',
    );
    const alerta = opened.alerta as {
      id: number;
      severidade: string;
      valor: number;
      cod_transformador: string;
    };
    assert.equal(alerta.cod_transformador, trafo.cod_id);
    assert.equal(alerta.severidade, 'CRITICO');
    assert.ok(Math.abs(alerta.valor - expected) < 1e-6, `${alerta.valor} vs ${expected}`);
    assert.equal(opened.status, 'CRITICO');

    // Still overloaded at the next reading: updated, not notified again.
    await pub.publishAsync(
      topic(trafo.cod_id),
      JSON.stringify(reading({ potencia_ativa: p * 1.01, potencia_reativa: q }, new Date(t0 + 10_000))),
      { qos: 1 },
    );
    await eventually(async () => {
      const r = await db.pool.query('SELECT valor FROM alertas WHERE id = $1', [alerta.id]);
      return r.rows[0].valor > alerta.valor;
    });
    // Acknowledged by an operator: stays active.
    const ack = await fetch(`${run.baseUrl}/alertas/${alerta.id}/reconhecer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operador: 'operador.teste' }),
    });
    assert.equal(ack.status, 200);
    const acked = await alertsWs.next((m) => m.evento === 'reconhecido');
    assert.equal((acked.alerta as { reconhecido_por: string }).reconhecido_por, 'operador.teste');
    const ativos = await (
      await fetch(`${run.baseUrl}/alertas?ativo=true&severidade=CRITICO&alimentador=${trafo.ctmt}`)
    ).json();
    assert.ok(ativos.alertas.some((a: { id: number }) => a.id === alerta.id));

    // Inside the hysteresis band (118 % > 120 − 5): still CRITICO, nothing notified.
    const inBand = kva * 1.18;
    await pub.publishAsync(
      topic(trafo.cod_id),
      JSON.stringify(reading({ potencia_ativa: inBand, potencia_reativa: 0 }, new Date(t0 + 20_000))),
      { qos: 1 },
    );
    // Back to normal (50 %): cleared.
    await pub.publishAsync(
      topic(trafo.cod_id),
      JSON.stringify(reading({ potencia_ativa: kva * 0.5, potencia_reativa: 0 }, new Date(t0 + 30_000))),
      { qos: 1 },
    );
    const cleared = await alertsWs.next(
      (m) => m.evento === 'encerrado' && (m.alerta as { id: number }).id === alerta.id,
    );
    assert.equal(cleared.status, 'NORMAL');
    const events = alertsWs.messages.filter(
      (m) => (m.alerta as { id?: number } | undefined)?.id === alerta.id,
    );
    assert.deepEqual(
      events.map((m) => m.evento),
      ['aberto', 'reconhecido', 'encerrado'],
    );
    const [hash] = await run.telemetry.bus.getLatest([trafo.cod_id]);
    assert.equal(hash?.status, 'NORMAL');
    alertsWs.close();
  });

  test('temperatura, subtensão (TEN_PRI decodificada por TTEN) e desequilíbrio abrem alertas', async () => {
    const at = new Date(Date.now() - 20_000);
    const kv = Number(trafo.ten_pri_kv);
    await pub.publishAsync(
      topic(trafo2.cod_id),
      JSON.stringify(
        reading(
          {
            temperatura: 97,
            tensao_primario: kv * 0.85,
            corrente_a: 100,
            corrente_b: 70,
            corrente_c: 70,
            potencia_ativa: 1,
          },
          at,
        ),
      ),
      { qos: 1 },
    );
    const alertas = await eventually(async () => {
      const r = await db.pool.query(
        'SELECT tipo, severidade, valor FROM alertas WHERE cod_transformador = $1 AND encerrado_em IS NULL ORDER BY tipo',
        [trafo2.cod_id],
      );
      return r.rows.length === 3 ? r.rows : null;
    });
    const byType = Object.fromEntries(alertas.map((a) => [a.tipo, a]));
    assert.equal(byType.TEMPERATURA_ALTA.severidade, 'CRITICO');
    assert.equal(byType.SUBTENSAO.severidade, 'ALERTA');
    const mean = 80;
    assert.ok(Math.abs(byType.DESEQUILIBRIO_FASES.valor - (20 / mean) * 100) < 1e-9);
    await eventually(
      async () => (await run.telemetry.bus.getLatest([trafo2.cod_id]))[0]?.status === 'CRITICO',
    );
  });
});

describe('entradas inválidas', () => {
  test('cada tipo de entrada ruim é rejeitado com motivo, contado e guardado, sem bloquear as boas', async () => {
    const now = Date.now();
    const bad: Array<[string, string, string]> = [
      ['não é JSON', '{"timestamp": ', 'json_invalido'],
      ['campo ausente', JSON.stringify({ ...reading(), temperatura: undefined }), 'campo_ausente'],
      ['não numérico', JSON.stringify(reading({ corrente_a: '12.5' })), 'tipo_invalido'],
      ['NaN', JSON.stringify(reading({ corrente_a: 'NaN' })), 'tipo_invalido'],
      ['absurdo', JSON.stringify(reading({ temperatura: 9999 })), 'fora_da_faixa'],
      ['futuro', JSON.stringify(reading({}, new Date(now + 3 * 86_400_000))), 'timestamp_futuro'],
      ['sem fuso', JSON.stringify(reading({ timestamp: '2025-01-01T10:00:00' })), 'timestamp_sem_fuso'],
      ['data inválida', JSON.stringify(reading({ timestamp: 'ontem' })), 'timestamp_invalido'],
    ];
    const before = { ...run.telemetry.pipeline.counters.rejeitadas_por_motivo };
    const cod = `${trafo.cod_id}`;
    const good = new Date(now - 40_000);
    good.setUTCMilliseconds(0);
    for (const [, payload] of bad) await pub.publishAsync(topic(cod), payload, { qos: 1 });
    await pub.publishAsync(topic(cod), JSON.stringify(reading({}, good)), { qos: 1 });
    await pub.publishAsync(`${prefix}/a/b`, JSON.stringify(reading()), { qos: 0 }); // not matched by {prefix}/+
    await eventually(async () => {
      const r = await db.pool.query(
        'SELECT 1 FROM telemetria_transformador WHERE cod_transformador = $1 AND timestamp = $2',
        [cod, good.toISOString()],
      );
      return r.rowCount === 1;
    });
    const rows = await eventually(async () => {
      const r = await db.pool.query(
        `SELECT motivo, count(*)::int AS n FROM telemetria_rejeitada WHERE topico = $1 GROUP BY motivo`,
        [topic(cod)],
      );
      return r.rows.reduce((s, x) => s + x.n, 0) >= bad.length ? r.rows : null;
    });
    const got = Object.fromEntries(rows.map((r) => [r.motivo, r.n]));
    const expected: Record<string, number> = {};
    for (const [, , motivo] of bad) expected[motivo] = (expected[motivo] ?? 0) + 1;
    assert.deepEqual(got, expected);
    for (const [motivo, n] of Object.entries(expected)) {
      assert.equal(
        (run.telemetry.pipeline.counters.rejeitadas_por_motivo[motivo] ?? 0) - (before[motivo] ?? 0),
        n,
        motivo,
      );
    }
    const listed = await (await fetch(`${run.baseUrl}/telemetria/rejeitadas?motivo=json_invalido`)).json();
    assert.ok(listed.rejeitadas.some((r: { payload: string }) => r.payload === '{"timestamp": '));
  });

  test('transformador desconhecido: armazenado, marcado e listado; só as regras sem placa se aplicam', async () => {
    const cod = 'NAO_EXISTE_NA_BDGD_1234567890_ABCDEFGHIJ'; // 40 characters
    assert.equal(cod.length, 40);
    const at = new Date(Date.now() - 30_000);
    await pub.publishAsync(
      topic(cod),
      JSON.stringify(reading({ potencia_ativa: 99_999, temperatura: 90 }, at)),
      { qos: 1 },
    );
    const row = await eventually(async () => {
      const r = await db.pool.query(
        'SELECT conhecido FROM telemetria_transformador WHERE cod_transformador = $1',
        [cod],
      );
      return r.rows[0];
    });
    assert.equal(row.conhecido, false);
    const list = await (await fetch(`${run.baseUrl}/telemetria/desconhecidos`)).json();
    assert.ok(list.transformadores.some((t: { cod_transformador: string }) => t.cod_transformador === cod));
    const alertas = await eventually(async () => {
      const r = await db.pool.query('SELECT tipo FROM alertas WHERE cod_transformador = $1', [cod]);
      return r.rows.length > 0 ? r.rows : null;
    });
    assert.deepEqual(
      alertas.map((a) => a.tipo),
      ['TEMPERATURA_ALTA'],
    );
  });
});

describe('armazenamento', () => {
  test('duplicatas são idempotentes (MQTT e HTTP)', async () => {
    const at = new Date(Date.now() - 3_600_000);
    at.setUTCMilliseconds(0);
    const payload = JSON.stringify(reading({ potencia_ativa: 11 }, at));
    for (let i = 0; i < 3; i++) await pub.publishAsync(topic(trafo2.cod_id), payload, { qos: 1 });
    const body = [JSON.parse(payload), JSON.parse(payload)].map((x) => ({
      ...x,
      cod_transformador: trafo2.cod_id,
    }));
    await eventually(async () => {
      const r = await db.pool.query(
        'SELECT 1 FROM telemetria_transformador WHERE cod_transformador = $1 AND timestamp = $2',
        [trafo2.cod_id, at.toISOString()],
      );
      return r.rowCount === 1;
    });
    const res = await fetch(`${run.baseUrl}/telemetria`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { aceitas: 0, duplicadas: 2, rejeitadas: [] });
    await run.telemetry.pipeline.drain();
    const count = await db.pool.query(
      'SELECT count(*)::int AS n FROM telemetria_transformador WHERE cod_transformador = $1 AND timestamp = $2',
      [trafo2.cod_id, at.toISOString()],
    );
    assert.equal(count.rows[0].n, 1);
    const hour = await db.pool.query(
      `SELECT amostras FROM telemetria_1h WHERE cod_transformador = $1 AND bucket = date_trunc('hour', $2::timestamptz)`,
      [trafo2.cod_id, at.toISOString()],
    );
    assert.equal(hour.rows[0].amostras, 1);
  });

  test('POST /telemetria aceita lote com itens bons e ruins', async () => {
    const base = Date.now() - 7_200_000;
    const body = [
      { ...reading({}, new Date(base)), cod_transformador: trafo.cod_id },
      { ...reading({ temperatura: 'quente' }, new Date(base)), cod_transformador: trafo.cod_id },
      { ...reading({}, new Date(base + 300_000)), cod_transformador: trafo.cod_id },
      reading({}, new Date(base)),
    ];
    const res = await fetch(`${run.baseUrl}/telemetria`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const out = await res.json();
    assert.equal(out.aceitas, 2);
    assert.deepEqual(
      out.rejeitadas.map((r: { indice: number; motivo: string }) => [r.indice, r.motivo]),
      [
        [1, 'tipo_invalido'],
        [3, 'campo_ausente'],
      ],
    );
  });

  test('leitura atrasada atualiza as agregações horária e diária', async () => {
    const hour = new Date(Date.now() - 5 * 3_600_000);
    hour.setUTCMinutes(0, 0, 0);
    const values = [10, 20, 40];
    for (const [i, v] of values.entries()) {
      await pub.publishAsync(
        topic(trafo.cod_id),
        JSON.stringify(
          reading({ potencia_ativa: v, temperatura: 30 + i }, new Date(hour.getTime() + i * 300_000)),
        ),
        { qos: 1 },
      );
    }
    const query = async () =>
      (
        await db.pool.query(
          'SELECT potencia_avg, temp_max, amostras FROM telemetria_1h WHERE cod_transformador = $1 AND bucket = $2',
          [trafo.cod_id, hour.toISOString()],
        )
      ).rows[0];
    await eventually(async () => (await query())?.amostras === 3);
    assert.deepEqual(await query(), { potencia_avg: 70 / 3, temp_max: 32, amostras: 3 });
    // A late reading for that hour, after newer ones were already stored.
    await pub.publishAsync(
      topic(trafo.cod_id),
      JSON.stringify(
        reading({ potencia_ativa: 90, temperatura: 55 }, new Date(hour.getTime() + 55 * 60_000)),
      ),
      { qos: 1 },
    );
    await eventually(async () => (await query())?.amostras === 4);
    assert.deepEqual(await query(), { potencia_avg: 40, temp_max: 55, amostras: 4 });
    // The same figures straight from the raw table (what a continuous aggregate would compute).
    const raw = await db.pool.query(
      `SELECT avg(potencia_ativa) AS potencia_avg, max(temperatura) AS temp_max, count(*)::int AS amostras
         FROM telemetria_transformador WHERE cod_transformador = $1 AND timestamp >= $2 AND timestamp < $2::timestamptz + interval '1 hour'`,
      [trafo.cod_id, hour.toISOString()],
    );
    assert.deepEqual(raw.rows[0], { potencia_avg: 40, temp_max: 55, amostras: 4 });
    // The late reading did not replace the newer cached value.
    const [hash] = await run.telemetry.bus.getLatest([trafo.cod_id]);
    assert.ok(Date.parse(hash?.timestamp ?? '') > hour.getTime() + 3_600_000);
    // History endpoint at 1h and 1d.
    const hist = await (
      await fetch(
        `${run.baseUrl}/telemetria/transformador/${trafo.cod_id}/historico?agregacao=1h&inicio=${encodeURIComponent(hour.toISOString())}&fim=${encodeURIComponent(new Date(hour.getTime() + 3_600_000).toISOString())}`,
      )
    ).json();
    assert.equal(hist.pontos.length, 1);
    assert.equal(hist.pontos[0].amostras, 4);
    const raw5m = await (
      await fetch(
        `${run.baseUrl}/telemetria/transformador/${trafo.cod_id}/historico?agregacao=5m&inicio=${encodeURIComponent(hour.toISOString())}&fim=${encodeURIComponent(new Date(hour.getTime() + 3_600_000).toISOString())}`,
      )
    ).json();
    assert.deepEqual(
      raw5m.pontos.map((p: { potencia_ativa: number }) => p.potencia_ativa),
      [10, 20, 40, 90],
    );
  });

  test('retenção remove partições antigas e mantém as agregações', async () => {
    const store = run.telemetry.store;
    assert.equal(store.mode, 'particionamento_nativo');
    const old = Date.now() - 95 * 86_400_000;
    await store.partitions.ensure([old]);
    const names = (await listPartitions(db.pool)).map((p) => p.name);
    const oldName = `telemetria_transformador_p${new Date(old).toISOString().slice(0, 10).replaceAll('-', '')}`;
    assert.ok(names.includes(oldName));
    const dropped = await run.telemetry.sweeper?.retention(true);
    assert.ok(dropped?.includes(oldName), `${dropped}`);
    const after = (await listPartitions(db.pool)).map((p) => p.name);
    assert.ok(!after.includes(oldName));
    assert.ok(after.length > 0, 'partições recentes ficam');
    // Readings older than the retention are rejected, not written into a dropped range.
    const res = await fetch(`${run.baseUrl}/telemetria`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...reading({}, new Date(old)), cod_transformador: trafo.cod_id }),
    });
    assert.equal((await res.json()).rejeitadas[0].motivo, 'timestamp_antigo');
  });
});

describe('mapa e inscrições por bbox e alimentador', () => {
  test('GET /mapa/transformadores/status junta PostGIS e Redis', async () => {
    const d = 0.0005;
    const bbox = [trafo.lon - d, trafo.lat - d, trafo.lon + d, trafo.lat + d].join(',');
    const res = await (await fetch(`${run.baseUrl}/mapa/transformadores/status?bbox=${bbox}`)).json();
    assert.equal(res.type, 'FeatureCollection');
    const f = res.features.find(
      (x: { properties: { cod_id: string } }) => x.properties.cod_id === trafo.cod_id,
    );
    assert.ok(f, 'o transformador está na bbox');
    assert.equal(f.geometry.type, 'Point');
    assert.equal(f.properties.status, 'NORMAL');
    assert.equal(typeof f.properties.telemetria.potencia_ativa, 'number');
    const bad = await fetch(`${run.baseUrl}/mapa/transformadores/status?bbox=1,2,3`);
    assert.equal(bad.status, 400);
  });

  test('WebSocket por bbox e por alimentador: snapshot, mensagens uma vez, unsubscribe', async () => {
    const d = 0.0005;
    const ws = await WsRecorder.open(`${run.wsUrl}/ws/telemetria`);
    ws.send({
      action: 'subscribe',
      transformadores: [trafo.cod_id],
      bbox: [trafo.lon - d, trafo.lat - d, trafo.lon + d, trafo.lat + d],
      alimentadores: [trafo.ctmt],
    });
    await ws.next((m) => m.tipo === 'snapshot' && m.cod_transformador === trafo.cod_id);
    const at = new Date(Date.now() - 5_000);
    at.setUTCMilliseconds(0);
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(reading({ potencia_ativa: 12.5 }, at)), {
      qos: 1,
    });
    await ws.next(
      (m) => m.tipo === 'telemetria' && (m.dados as { timestamp: string }).timestamp === at.toISOString(),
    );
    // A marker published after it: once it arrives, anything duplicated would have arrived too.
    const marker = new Date(at.getTime() + 1000);
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(reading({}, marker)), { qos: 1 });
    await ws.next(
      (m) => m.tipo === 'telemetria' && (m.dados as { timestamp: string }).timestamp === marker.toISOString(),
    );
    const copies = ws.messages.filter(
      (m) => m.tipo === 'telemetria' && (m.dados as { timestamp: string }).timestamp === at.toISOString(),
    );
    assert.equal(copies.length, 1, 'três inscrições coincidentes, uma entrega');

    ws.send({ action: 'unsubscribe' });
    await ws.next((m) => m.tipo === 'inscricao' && m.transformadores === 0);
    const count = ws.messages.filter((m) => m.tipo === 'telemetria').length;
    const later = new Date(at.getTime() + 2000);
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(reading({}, later)), { qos: 1 });
    const watcher = await WsRecorder.open(`${run.wsUrl}/ws/telemetria`);
    watcher.send({ action: 'subscribe', transformadores: [trafo.cod_id] });
    await eventually(async () => {
      const [h] = await run.telemetry.bus.getLatest([trafo.cod_id]);
      return h?.timestamp === later.toISOString();
    });
    const marker2 = new Date(at.getTime() + 3000);
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(reading({}, marker2)), { qos: 1 });
    await watcher.next(
      (m) =>
        m.tipo === 'telemetria' && (m.dados as { timestamp: string }).timestamp === marker2.toISOString(),
    );
    assert.equal(
      ws.messages.filter((m) => m.tipo === 'telemetria').length,
      count,
      'nada depois do unsubscribe',
    );
    ws.close();
    watcher.close();
  });
});

describe('OFFLINE', () => {
  test('sem leitura por dois intervalos: alerta OFFLINE e status OFFLINE; uma leitura o encerra', async () => {
    const t = run.telemetry;
    const published: string[] = [];
    // A sweeper whose clock is one hour ahead: every transformer seen so far missed more than two intervals.
    const sweeper = new Sweeper(
      t.bus,
      t.alerts,
      t.store,
      t.ratings,
      async (m) => {
        published.push(...m);
        await t.bus.publish('alertas', m);
      },
      {
        owner: 'teste-offline',
        intervalSeconds: 300,
        offlineIntervals: 2,
        retentionDays: 90,
        everyMs: 3_600_000,
        now: () => Date.now() + 3_600_000,
      },
    );
    const raised = await sweeper.sweepOffline();
    assert.ok(raised > 0);
    assert.ok(published.some((m) => JSON.parse(m).alerta.cod_transformador === trafo.cod_id));
    const atual = await (await fetch(`${run.baseUrl}/telemetria/transformador/${trafo.cod_id}/atual`)).json();
    assert.equal(atual.status, 'OFFLINE');
    assert.equal(await sweeper.sweepOffline(), 0, 'idempotente');
    await pub.publishAsync(topic(trafo.cod_id), JSON.stringify(reading({}, new Date())), { qos: 1 });
    await eventually(async () => {
      const r = await db.pool.query(
        `SELECT 1 FROM alertas WHERE cod_transformador = $1 AND tipo = 'OFFLINE' AND encerrado_em IS NULL`,
        [trafo.cod_id],
      );
      return r.rowCount === 0;
    });
    await eventually(async () => (await t.bus.getLatest([trafo.cod_id]))[0]?.status === 'NORMAL');
  });
});
