// npm run simulate -- [opções]
// Simula as RTUs de todos os transformadores de uma BDGD importada e publica telemetria por MQTT a cada
// 5 minutos (rajada nas fronteiras de 5 min), ou mais rápido com --aceleracao.
// Opções: USAGE abaixo (`--help`).
// Ambiente: DATABASE_URL (BDGD), MQTT_URL, MQTT_PREFIXO. Para o OFFLINE coerente com a aceleração,
// rode o servidor com REDE_INTERVALO_S = 300 / aceleração.
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import pg from 'pg';
import { loadTelemetryConfig } from '../config.ts';
import { loadFleet, syntheticFleet } from '../simulate/load.ts';
import { boundary, Fleet, type LoadCurves, ShapeBook, type SimTransformer } from '../simulate/model.ts';
import { publishBurst } from '../simulate/publish.ts';

const USAGE = `uso: npm run simulate -- [opções]
  --aceleracao N   fator de aceleração do tempo (padrão 1: a cada 5 min reais; 60: a cada 5 s)
  --ciclos N       número de rajadas (padrão: até Ctrl-C)
  --falhas P       probabilidade de início de falha por transformador e intervalo (padrão 0.002)
  --limite N       no máximo N transformadores
  --sintetico N    N transformadores sintéticos, sem banco (SIM_0…)
  --qos 0|1        (padrão 1)
  --agora          publica a primeira rajada já, sem esperar a fronteira
  --semente N      (padrão 1)
  --help           esta ajuda
Ambiente: DATABASE_URL (BDGD), MQTT_URL, MQTT_PREFIXO.`;

/** Options as `--name value` or `--name=value`; unknown options are an error. */
function args(): Map<string, string> {
  const numeric = ['aceleracao', 'ciclos', 'falhas', 'limite', 'sintetico', 'qos', 'semente'] as const;
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(numeric.map((n) => [n, { type: 'string' as const }])),
      agora: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) out.set(name, String(value));
  }
  return out;
}

function num(a: Map<string, string>, name: string, fallback: number): number {
  const raw = a.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} deve ser um número ≥ 0`);
  return v;
}

async function main(): Promise<void> {
  const a = args();
  if (a.has('help')) {
    console.log(USAGE);
    return;
  }
  const config = loadTelemetryConfig();
  const acceleration = Math.max(1, num(a, 'aceleracao', 1));
  const cycles = a.has('ciclos') ? num(a, 'ciclos', 1) : Number.POSITIVE_INFINITY;
  const qos = num(a, 'qos', 1) === 0 ? 0 : 1;
  const intervalSeconds = 300;
  const wallIntervalMs = (intervalSeconds * 1000) / acceleration;

  let transformers: SimTransformer[];
  let curves: LoadCurves = new Map();
  if (a.has('sintetico')) {
    transformers = syntheticFleet(num(a, 'sintetico', 1000));
    console.log(`frota sintética: ${transformers.length} transformadores`);
  } else {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    try {
      ({ transformers, curves } = await loadFleet(pool, a.has('limite') ? num(a, 'limite', 0) : undefined));
    } finally {
      await pool.end();
    }
    const withConsumers = transformers.filter((t) => t.consumers.length > 0).length;
    console.log(
      `BDGD: ${transformers.length} transformadores (${withConsumers} com consumidores), ${curves.size} curvas de carga`,
    );
    if (transformers.length === 0)
      throw new Error('nenhum transformador: importe uma BDGD (npm run import) ou use --sintetico=N');
  }
  const fleet = new Fleet(transformers, new ShapeBook(curves), {
    seed: num(a, 'semente', 1),
    faultRate: num(a, 'falhas', 0.002),
    intervalSeconds,
  });

  const client = mqtt.connect(config.mqttUrl, { protocolVersion: 4, clean: true, reconnectPeriod: 1000 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  console.log(
    `publicando em ${config.mqttUrl} (${config.mqttPrefix}/{cod}), QoS ${qos}, intervalo ${intervalSeconds} s simulado = ${(wallIntervalMs / 1000).toFixed(1)} s reais`,
  );

  let stop = false;
  let wake: (() => void) | null = null;
  process.on('SIGINT', () => {
    if (stop) process.exit(130);
    stop = true;
    console.log('\nCtrl-C: terminando a rajada atual…');
    wake?.();
  });

  let simMs = boundary(Date.now(), intervalSeconds);
  let first = true;
  for (let k = 0; k < cycles && !stop; k++) {
    if (!(first && a.has('agora'))) {
      const next = boundary(Date.now(), wallIntervalMs / 1000) + wallIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, next - Date.now()));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stop) break;
    }
    first = false;
    // Physics advance 5 simulated minutes per burst; the published timestamp is the (accelerated) boundary.
    const wallTs = new Date(boundary(Date.now(), wallIntervalMs / 1000)).toISOString();
    const readings = fleet.step(simMs);
    for (const r of readings) r.payload.timestamp = wallTs;
    simMs += intervalSeconds * 1000;
    const t0 = performance.now();
    const failed = await publishBurst(client, config.mqttPrefix, readings, qos, (done) =>
      process.stdout.write(`\r  ${done}/${readings.length}`),
    );
    const ms = performance.now() - t0;
    console.log(
      `\rrajada ${k + 1} (${wallTs}): ${readings.length} leituras em ${ms.toFixed(0)} ms (${Math.round(readings.length / (ms / 1000))}/s)` +
        `${failed ? `, ${failed} falharam` : ''}; falhas iniciadas: ${JSON.stringify(fleet.faultsStarted)}`,
    );
  }
  await client.endAsync();
}

main().catch((err) => {
  console.error(`simulação falhou: ${(err as Error).message}`);
  process.exit(1);
});
