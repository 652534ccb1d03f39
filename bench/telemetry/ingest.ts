// Telemetry ingestion benchmark, end to end on loopback: MQTT (Mosquitto) in → validated → stored in
// PostgreSQL → cached in Redis → rules → published on Redis → delivered on a WebSocket.
//
//   node --import tsx bench/telemetry/ingest.ts [--frotas=10000,100000,1000000] [--rajadas=3] [--mqtt=URL]
//     [--desconhecidos]
//
// The fleet TR_0…TR_{n-1} is a BDGD import of the benchmark's own (transformers known to the rules, with
// rated power, feeder and location, as a real fleet is); --desconhecidos leaves it out, so every reading
// is of an unknown transformer (flagged, listed in telemetria_desconhecido, fewer rules) — the setup of
// the measurements before 2026-12-04. CPU per reading of each process is sampled (cpu.ts).
//
// For each fleet size: `rajadas` bursts of one reading from every transformer (a 5-minute boundary),
// published (QoS 1) as fast as 2 lean MQTT connections (raw-publisher.ts) take them. Measured: burst absorption time (first publish →
// last reading published on telemetria:stream, i.e. stored + cached + published), sustained rate over the
// bursts, rows in the table (nothing lost), and publish→WebSocket latency (p50/p99) for a sample of up to
// 20,000 transformers subscribed on a WebSocket. Then a steady 2,000 readings/s run for the p99 target,
// and the 30-day hourly history query (p95). Ctrl-C stops after the current step.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { spawnTelemetry } from '../../packages/telemetry/test/processes.ts';
import { freshDatabase } from '../../scripts/test-database.ts';
import { CpuSampler, type CpuTotals, perReading } from './cpu.ts';
import { RawPublisher } from './raw-publisher.ts';

const argv = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k as string, v ?? 'true'] as const;
  }),
);
const fleets = (argv.get('frotas') ?? '10000,100000,1000000').split(',').map(Number);
const bursts = Number(argv.get('rajadas') ?? 3);
const unknownFleet = argv.has('desconhecidos');
const PUBLISHERS = 2;
const SAMPLE = 20_000;

let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  console.log('\nCtrl-C: terminando após a etapa atual…');
});

function pct(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

function payload(ts: string, i: number): string {
  const p = 20 + (i % 50);
  return `{"timestamp":"${ts}","tensao_primario":13.8,"tensao_secundario":221.5,"corrente_a":${50 + (i % 7)},"corrente_b":51,"corrente_c":49,"potencia_ativa":${p},"potencia_reativa":${p / 4},"temperatura":${40 + (i % 30)}}`;
}

/** A private Mosquitto with an unbounded queue (bench/telemetry/mosquitto.conf), unless --mqtt=URL. */
async function startBroker(): Promise<{ url: string; pid: number | null; stop(): void }> {
  const given = argv.get('mqtt');
  if (given) return { url: given, pid: null, stop: () => undefined };
  const conf = fileURLToPath(new URL('./mosquitto.conf', import.meta.url));
  const proc = spawn('mosquitto', ['-c', conf], { stdio: 'inherit' });
  await new Promise((r) => setTimeout(r, 500));
  if (proc.exitCode !== null) throw new Error('mosquitto não iniciou (porta 18830 ocupada?)');
  return { url: 'mqtt://127.0.0.1:18830', pid: proc.pid ?? null, stop: () => proc.kill('SIGTERM') };
}

/**
 * A minimal BDGD import holding the fleet TR_0…TR_{n-1}: the columns the ratings query reads (UNTRMT
 * COD_ID, POT_NOM 75 kVA, CTMT, FAS_CON_P ABC, a point), one feeder per 1,000 transformers. No EQTRMT
 * rows (no rated voltage, so no undervoltage rule). The readings below stay under every limit.
 */
async function seedKnownFleet(pool: import('pg').Pool, n: number): Promise<void> {
  const id = (
    await pool.query<{ id: number }>(
      `INSERT INTO public.importados (nome) VALUES ('benchmark telemetria') RETURNING id_importado AS id`,
    )
  ).rows[0]?.id as number;
  await pool.query(`ALTER TABLE public.untrd ADD COLUMN IF NOT EXISTS cod_id text,
      ADD COLUMN IF NOT EXISTS pot_nom double precision, ADD COLUMN IF NOT EXISTS ctmt text,
      ADD COLUMN IF NOT EXISTS fas_con_p text`);
  await pool.query(`ALTER TABLE public.eqtrd ADD COLUMN IF NOT EXISTS uni_tr_mt text,
      ADD COLUMN IF NOT EXISTS ten_pri text`);
  await pool.query(`CREATE TABLE particoes.untrd_bench PARTITION OF public.untrd FOR VALUES IN (${id})`);
  await pool.query(
    `INSERT INTO public.untrd (id_importado, id, cod_id, pot_nom, ctmt, fas_con_p, geom)
     SELECT $1, g, 'TR_' || g, 75, 'CT_' || (g / 1000), 'ABC',
            ST_SetSRID(ST_MakePoint(-48.5 + (g % 1000) * 0.001, -27.5 + (g / 1000) * 0.001), 4674)
       FROM generate_series(0, $2::int - 1) g`,
    [id, n],
  );
}

async function main(): Promise<void> {
  const broker = await startBroker();
  const tag = `bench${process.pid}`;
  const redisPrefix = `bench:${tag}:`;
  const prefix = `bench/${tag}/telemetria`;
  console.log('preparando banco rede_eletrica_test_bench_telemetria…');
  const db = await freshDatabase('bench_telemetria');
  if (!unknownFleet) {
    const n = Math.max(...fleets);
    console.log(`importação sintética com ${n} transformadores conhecidos…`);
    await seedKnownFleet(db.pool, n);
  }
  const child = await spawnTelemetry({
    DATABASE_URL: db.url,
    REDE_REDIS_PREFIXO: redisPrefix,
    MQTT_PREFIXO: prefix,
    REDE_INGESTOR_ID: `ingestor-${tag}`,
    REDE_VARREDURA_MS: '3600000',
    MQTT_URL: broker.url,
  });
  // "Published" = stored, cached and published on telemetria:stream, from the ingester's own counter.
  const publishedCount = async () =>
    Number((await (await fetch(`${child.baseUrl}/telemetria/metricas`)).json()).pipeline.publicadas);
  const publishers = await Promise.all(
    Array.from({ length: PUBLISHERS }, (_, k) => RawPublisher.open(broker.url, `bench-pub-${tag}-${k}`)),
  );
  const sentPerPublisher = new Array<number>(PUBLISHERS).fill(0);
  const results: string[] = [];
  const count = async () =>
    Number((await db.pool.query('SELECT count(*) AS n FROM telemetria_transformador')).rows[0].n);
  let stored = 0;
  let lostTotal = 0;
  let boundary = Math.floor(Date.now() / 300_000) * 300_000 - 40 * 300_000;
  const cpu = new CpuSampler(db.pool, { ingestor: child.proc.pid as number, mosquitto: broker.pid });
  cpu.start();
  const cpuRows: string[] = [];
  let cpuMark: CpuTotals = await cpu.totals();
  let cpuReadings = 0;
  const cpuStage = async (label: string, readings: number) => {
    const now = await cpu.totals();
    cpuRows.push(perReading(label, cpuMark, now, readings));
    cpuMark = now;
    cpuReadings += readings;
  };
  const cpuStart = cpuMark;

  try {
    for (const n of fleets) {
      if (stopping) break;
      // WebSocket sample
      const ws = new WebSocket(`${child.wsUrl}/ws/telemetria`, { perMessageDeflate: false });
      await new Promise((r) => ws.once('open', r));
      const step = Math.max(1, Math.floor(n / SAMPLE));
      const sample: string[] = [];
      for (let i = 0; i < n && sample.length < SAMPLE; i += step) sample.push(`TR_${i}`);
      const sentAt = new Map<string, number>();
      const latencies: number[] = [];
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.tipo !== 'telemetria') return;
        const t0 = sentAt.get(`${m.cod_transformador}|${m.dados.timestamp}`);
        if (t0 !== undefined) latencies.push(performance.now() - t0);
      });
      ws.send(JSON.stringify({ action: 'subscribe', transformadores: sample }));
      await new Promise((r) => setTimeout(r, 500));
      const sampled = new Set(sample);

      let totalReadings = 0;
      let totalMs = 0;
      const lostBefore = lostTotal;
      const burstTimes: number[] = [];
      for (let b = 0; b < (n >= 1_000_000 ? 1 : bursts) && !stopping; b++) {
        boundary += 300_000;
        const ts = new Date(boundary).toISOString();
        const before = await publishedCount();
        const t0 = performance.now();
        for (let i = 0; i < n; i += 10_000) {
          const end = Math.min(n, i + 10_000);
          const perPub: Array<Array<[string, string]>> = publishers.map(() => []);
          for (let j = i; j < end; j++) {
            const cod = `TR_${j}`;
            if (sampled.has(cod)) sentAt.set(`${cod}|${ts}`, performance.now());
            (perPub[j % PUBLISHERS] as Array<[string, string]>).push([`${prefix}/${cod}`, payload(ts, j)]);
          }
          await Promise.all(
            publishers.map((p, k) => {
              sentPerPublisher[k] = (sentPerPublisher[k] as number) + (perPub[k] as unknown[]).length;
              return p.publish(perPub[k] as Array<[string, string]>);
            }),
          );
          await new Promise((r) => setImmediate(r)); // let WebSocket messages in
        }
        await Promise.all(publishers.map((p, k) => p.waitAcked(sentPerPublisher[k] as number)));
        const tPub = performance.now() - t0;
        let lastLog = 0;
        let lost = 0;
        let lastProgress = performance.now();
        for (let published = 0, prev = -1; published - before < n && !stopping; ) {
          // Polled every 100 ms: each poll is an HTTP request to the ingester, on the same 2 cores.
          await new Promise((r) => setTimeout(r, 100));
          published = await publishedCount();
          if (published !== prev) {
            prev = published;
            lastProgress = performance.now();
          } else if (performance.now() - lastProgress > 60_000) {
            // Bounded: a minute without progress means readings were lost; say how many and go on.
            lost = n - (published - before);
            console.log(`\n  PERDIDAS: ${lost} leituras não chegaram em 60 s`);
            break;
          }
          if (performance.now() - lastLog > 2000) {
            lastLog = performance.now();
            process.stdout.write(`\r  frota ${n}: rajada ${b + 1}: ${published - before}/${n} publicadas   `);
          }
        }
        const ms = performance.now() - t0 - (lost > 0 ? 60_000 : 0);
        lostTotal += lost;
        burstTimes.push(ms);
        totalReadings += n;
        totalMs += ms;
        console.log(
          `\r  frota ${n}: rajada ${b + 1}: ${n} leituras absorvidas em ${(ms / 1000).toFixed(1)} s (publicação MQTT ${(tPub / 1000).toFixed(1)} s) — ${Math.round(n / (ms / 1000))}/s`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
      stored = await count();
      ws.close();
      const line = `| ${n.toLocaleString('pt-BR')} | ${burstTimes.length} | ${burstTimes.map((t) => (t / 1000).toFixed(1)).join(' / ')} | ${Math.round(totalReadings / (totalMs / 1000)).toLocaleString('pt-BR')} | ${pct(latencies, 50).toFixed(0)} | ${pct(latencies, 99).toFixed(0)} | ${latencies.length} | ${lostTotal - lostBefore} |`;
      results.push(line);
      await cpuStage(`frota ${n.toLocaleString('pt-BR')}`, totalReadings);
      console.log(`  linhas na tabela até aqui: ${stored}`);
    }

    // Steady 2,000 readings/s, latency publish → WebSocket.
    let steady = '';
    if (!stopping) {
      const ws = new WebSocket(`${child.wsUrl}/ws/telemetria`, { perMessageDeflate: false });
      await new Promise((r) => ws.once('open', r));
      const cods = Array.from({ length: 2000 }, (_, i) => `TR_${i}`);
      ws.send(JSON.stringify({ action: 'subscribe', transformadores: cods }));
      await new Promise((r) => setTimeout(r, 500));
      const sentAt = new Map<string, number>();
      const lat: number[] = [];
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.tipo !== 'telemetria') return;
        const t0 = sentAt.get(`${m.cod_transformador}|${m.dados.timestamp}`);
        if (t0 !== undefined) lat.push(performance.now() - t0);
      });
      const seconds = 15;
      const start = Date.now();
      for (let s = 0; s < seconds && !stopping; s++) {
        for (let k = 0; k < 20; k++) {
          // 100 readings every 50 ms = 2,000/s
          const tick = start + s * 1000 + k * 50;
          const wait = tick - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const ts = new Date(Date.now()).toISOString();
          const msgs: Array<[string, string]> = [];
          for (let j = 0; j < 100; j++) {
            const i = (s * 20 + k) * 100 + j;
            const cod = `TR_${i % 2000}`;
            const tsU = new Date(Date.parse(ts) + Math.floor(i / 2000)).toISOString();
            sentAt.set(`${cod}|${tsU}`, performance.now());
            msgs.push([`${prefix}/${cod}`, payload(tsU, i)]);
          }
          sentPerPublisher[0] = (sentPerPublisher[0] as number) + msgs.length;
          await (publishers[0] as RawPublisher).publish(msgs);
        }
      }
      await new Promise((r) => setTimeout(r, 1500));
      ws.close();
      steady = `2.000 leituras/s durante ${seconds} s: ${lat.length} de ${sentAt.size} entregues; latência publicação→WebSocket p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`;
      await cpuStage('2.000/s', sentAt.size);
      console.log(steady);
    }

    // History: 30 days at 1h for one transformer (720 hourly points), p95 over 200 queries.
    let history = '';
    if (!stopping) {
      const cod = 'HIST_1';
      const now = Date.now();
      await db.pool.query(
        `INSERT INTO telemetria_1h_soma (cod_transformador, bucket, amostras, soma_tensao, soma_potencia, soma_potencia_reativa, temp_max, potencia_max, tensao_min)
         SELECT $1, g, 12, 12 * 13.8, 12 * 40, 12 * 10, 60, 50, 13.5
           FROM generate_series(date_trunc('hour', now()) - interval '31 days', date_trunc('hour', now()), interval '1 hour') g`,
        [cod],
      );
      const times: number[] = [];
      const url = `${child.baseUrl}/telemetria/transformador/${cod}/historico?agregacao=1h&inicio=${encodeURIComponent(new Date(now - 30 * 86_400_000).toISOString())}&fim=${encodeURIComponent(new Date(now).toISOString())}`;
      let points = 0;
      for (let k = 0; k < 200; k++) {
        const t0 = performance.now();
        const r = await (await fetch(url)).json();
        times.push(performance.now() - t0);
        points = r.pontos.length;
      }
      history = `histórico 30 dias a 1h (${points} pontos, HTTP de ponta a ponta): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`;
      console.log(history);
    }

    const metrics = await (await fetch(`${child.baseUrl}/telemetria/metricas`)).json();
    console.log(
      '\n| frota | rajadas | absorção por rajada (s) | taxa sustentada (leituras/s) | p50 WS (ms) | p99 WS (ms) | amostra WS | perdidas |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const l of results) console.log(l);
    console.log(`\n${steady}\n${history}`);
    cpu.stop();
    console.log(
      `\nCPU por leitura (µs), ${unknownFleet ? 'frota desconhecida' : 'frota conhecida'}:\n| etapa | ingestor | PostgreSQL | Redis | Mosquitto | benchmark | total |\n|---|---|---|---|---|---|---|`,
    );
    for (const r of cpuRows) console.log(r);
    const total = cpuRows.length > 0 ? perReading('tudo', cpuStart, cpuMark, cpuReadings) : '';
    console.log(total);
    console.log(
      `perdidas: ${lostTotal}; reconexões do ingestor: ${child.stderr.filter((l) => /sessão retomada/.test(l)).length}`,
    );
    console.log(
      `linhas na tabela: ${stored}; pipeline: ${JSON.stringify(metrics.pipeline)}; websocket: ${JSON.stringify(metrics.websocket)}`,
    );
  } finally {
    for (const p of publishers) p.close();
    await child.stop();
    await db.close();
    broker.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
