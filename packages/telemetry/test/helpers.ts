// Shared test setup: a fresh database with a BDGD imported (the real Mux file when the shared data is
// there, otherwise a small synthetic BDGD), unique Redis/MQTT prefixes per test file, a started telemetry
// service behind a Fastify app listening on a loopback port, and small MQTT/WebSocket clients.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBdgd } from '@rede-eletrica/bdgd';
import Fastify, { type FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { sharedPath } from '../../../scripts/shared-data.ts';
import type { TestDatabase } from '../../../scripts/test-database.ts';
import { generateBdgd } from '../../bdgd/src/synthetic/generate.ts';
import { loadTelemetryConfig, type TelemetryConfig } from '../src/config.ts';
import telemetryPlugin from '../src/http/plugin.ts';
import { startTelemetry, type Telemetry } from '../src/service.ts';

export const REAL_BDGD = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';

/** Imports the real BDGD if available (always under CI), else a small synthetic one. */
export async function importTestBdgd(db: TestDatabase): Promise<string> {
  const real = sharedPath(REAL_BDGD);
  if (existsSync(real) || process.env.CI === 'true') {
    await importBdgd({ file: real, pool: db.pool, databaseUrl: db.url });
    return 'real';
  }
  const dir = mkdtempSync(join(tmpdir(), 'telemetria-bdgd-'));
  try {
    const g = await generateBdgd({ outputDir: dir, feeders: 1, mvSegmentsPerFeeder: 60, seed: 3 });
    await importBdgd({ file: g.gdbPath, pool: db.pool, databaseUrl: db.url });
    return 'sintetica';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function uniqueNames(name: string): { redisPrefix: string; mqttPrefix: string; clientId: string } {
  const tag = `${name}-${process.pid}-${Date.now().toString(36)}`;
  return { redisPrefix: `teste:${tag}:`, mqttPrefix: `teste/${tag}/telemetria`, clientId: `ingestor-${tag}` };
}

export function testConfig(db: TestDatabase, name: string, env: NodeJS.ProcessEnv = {}): TelemetryConfig {
  const n = uniqueNames(name);
  return loadTelemetryConfig({
    DATABASE_URL: db.url,
    REDE_REDIS_PREFIXO: n.redisPrefix,
    MQTT_PREFIXO: n.mqttPrefix,
    REDE_INGESTOR_ID: n.clientId,
    REDE_LOTE_MS: '20',
    ...env,
  });
}

export interface Running {
  telemetry: Telemetry;
  app: FastifyInstance;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

export async function startRunning(config: TelemetryConfig): Promise<Running> {
  const telemetry = await startTelemetry(config, { log: () => undefined });
  const app = Fastify({ logger: false });
  await app.register(telemetryPlugin, { telemetry });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    telemetry,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await telemetry.stop();
    },
  };
}

export async function publisher(url: string, protocolVersion: 4 | 5 = 5): Promise<MqttClient> {
  const client = mqtt.connect(url, { protocolVersion, clean: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

/** A WebSocket client that records every JSON message it receives. */
export class WsRecorder {
  readonly messages: Array<Record<string, unknown>> = [];
  private waiters: Array<{
    pred: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as Record<string, unknown>;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(m)) {
          w.resolve(m);
          return false;
        }
        return true;
      });
    });
  }

  static async open(url: string): Promise<WsRecorder> {
    const socket = new WebSocket(url);
    const rec = new WsRecorder(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return rec;
  }

  send(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  /** Resolves with the first message (already received or future) matching `pred`. */
  next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  close(): void {
    this.socket.close();
  }
}

/** Polls `probe` until it returns a truthy value (no timing assertion: the test runner's timeout bounds it). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  everyMs = 25,
): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function reading(overrides: Record<string, unknown> = {}, at = new Date()): Record<string, unknown> {
  return {
    timestamp: at.toISOString().replace('Z', '+00:00'),
    tensao_primario: 13.8,
    tensao_secundario: 220,
    corrente_a: 50,
    corrente_b: 51,
    corrente_c: 49,
    potencia_ativa: 20,
    potencia_reativa: 5,
    temperatura: 45,
    ...overrides,
  };
}
