// Fastify plugin: the brief's telemetry REST routes and WebSockets.
//   POST /telemetria                                      uma leitura ou um lote (dispositivos HTTP)
//   GET  /telemetria/transformador/{cod}/atual            último valor (Redis)
//   GET  /telemetria/transformador/{cod}/historico        ?inicio=&fim=&agregacao=5m|1h|1d
//   GET  /telemetria/desconhecidos                        transformadores fora das importações
//   GET  /telemetria/rejeitadas                           leituras rejeitadas (dead letters)
//   GET  /telemetria/metricas                             contadores do pipeline e dos WebSockets
//   GET  /mapa/transformadores/status?bbox=               GeoJSON: PostGIS (localização) + Redis (valores)
//   GET  /alertas                                         ?ativo=&severidade=&alimentador=&cod_transformador=
//   POST /alertas/{id}/reconhecer                         reconhecimento por um operador
//   WS   /ws/telemetria                                   subscribe/unsubscribe por transformadores, bbox, alimentador
//   WS   /ws/alertas                                      eventos de alerta
// Register with `{ telemetry }` (already started) or `{ config }` (started here, stopped on close).
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebSocket } from 'ws';
import type { TelemetryConfig } from '../config.ts';
import { readingSchema } from '../ingest/validate.ts';
import type { Severity } from '../model.ts';
import { loadingPct } from '../rules/anomalies.ts';
import { startTelemetry, type Telemetry } from '../service.ts';
import type { BBox } from './hub.ts';

export interface TelemetryPluginOptions {
  telemetry?: Telemetry;
  config?: TelemetryConfig;
}

const MAX_SUBSCRIBED = 20_000;
const MAX_MAP_FEATURES = 20_000;
const SNAPSHOT_LIMIT = 5_000;
const DAY = 86_400_000;
const MAX_RANGE: Record<string, number> = { '5m': 31 * DAY, '1h': 400 * DAY, '1d': 20 * 366 * DAY };

function fail(reply: FastifyReply, statusCode: number, mensagem: string) {
  const erro = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' }[statusCode] ?? 'Error';
  return reply.code(statusCode).send({ statusCode, erro, mensagem });
}

export function parseBbox(raw: unknown): BBox | string {
  const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (parts?.length !== 4) return 'bbox deve ter 4 números: lonMin,latMin,lonMax,latMax';
  const n = parts.map((p) => Number(p));
  if (n.some((v) => !Number.isFinite(v))) return 'bbox deve ter 4 números: lonMin,latMin,lonMax,latMax';
  const [a, b, c, d] = n as [number, number, number, number];
  if (a < -180 || c > 180 || b < -90 || d > 90 || a >= c || b >= d)
    return 'bbox fora dos limites ou invertido';
  return [a, b, c, d];
}

function numberHash(hash: Record<string, string> | null): Record<string, number | string> | null {
  if (!hash) return null;
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(hash)) {
    const n = Number(v);
    out[k] =
      k !== 'timestamp' && k !== 'status' && k !== 'status_dispositivo' && v !== '' && Number.isFinite(n)
        ? n
        : v;
  }
  return out;
}

interface BdgdTransformer {
  cod_id: string;
  pot_nom: number | null;
  ctmt: string | null;
  geom: string | null;
}

const LOCATE_SQL = `
  SELECT DISTINCT ON (u.cod_id) u.cod_id, u.pot_nom, u.ctmt, ST_AsGeoJSON(u.geom, 7) AS geom
    FROM public.untrd u JOIN public.importados i ON i.id_importado = u.id_importado
   WHERE %WHERE%
   ORDER BY u.cod_id, i.importado_em DESC`;

async function transformersIn(
  t: Telemetry,
  where: { bbox?: BBox; ctmt?: string },
  limit: number,
): Promise<BdgdTransformer[]> {
  if (where.bbox) {
    const r = await t.bdgdPool.query<BdgdTransformer>(
      `${LOCATE_SQL.replace('%WHERE%', 'u.geom_3857 && ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4674), 3857) AND ST_Intersects(u.geom, ST_MakeEnvelope($1, $2, $3, $4, 4674))')} LIMIT $5`,
      [...where.bbox, limit],
    );
    return r.rows;
  }
  const r = await t.bdgdPool.query<BdgdTransformer>(
    `${LOCATE_SQL.replace('%WHERE%', 'u.ctmt = $1')} LIMIT $2`,
    [where.ctmt, limit],
  );
  return r.rows;
}

export default async function telemetryPlugin(
  app: FastifyInstance,
  opts: TelemetryPluginOptions,
): Promise<void> {
  let t: Telemetry;
  if (opts.telemetry) t = opts.telemetry;
  else if (opts.config) {
    const started = await startTelemetry(opts.config, {
      log: (level, m) => (level === 'warn' ? app.log.warn(m) : app.log.info(m)),
    });
    for (const note of started.fallbacks) console.warn(`[telemetria] ATENÇÃO: ${note}`);
    t = started;
    app.addHook('onClose', async () => started.stop());
  } else throw new Error('telemetryPlugin: informe { telemetry } ou { config }');
  app.decorate('telemetry', t);

  await app.register(fastifyWebsocket, { options: { maxPayload: 1 << 20 } });
  app.addSchema(readingSchema);

  // ── ingestion over HTTP ──────────────────────────────────────────────────────────────────────────
  app.post(
    '/telemetria',
    {
      bodyLimit: 8 << 20,
      schema: {
        description:
          'Uma leitura (objeto) ou um lote (array). Cada leitura é validada individualmente; as inválidas são ' +
          'rejeitadas com o motivo e guardadas em telemetria_rejeitada. Responde depois da gravação.',
        tags: ['telemetria'],
        body: { anyOf: [{ type: 'object' }, { type: 'array', maxItems: 50_000, items: {} }] },
      },
    },
    async (request, reply) => {
      try {
        const result = await t.pipeline.submitHttp(request.body);
        return reply
          .code(result.rejeitadas.length > 0 && result.aceitas + result.duplicadas === 0 ? 422 : 200)
          .send(result);
      } catch (err) {
        return fail(reply, 503, (err as Error).message);
      }
    },
  );

  // ── current value / history ──────────────────────────────────────────────────────────────────────
  app.get<{ Params: { cod: string } }>(
    '/telemetria/transformador/:cod/atual',
    {
      schema: {
        tags: ['telemetria'],
        params: { type: 'object', properties: { cod: { type: 'string', maxLength: 40 } } },
      },
    },
    async (request) => {
      const cod = request.params.cod;
      const [latest] = await t.bus.getLatest([cod]);
      const [alerts] = await t.bus.getActiveAlerts([cod]);
      const active = (alerts ?? []).map((a) => JSON.parse(a));
      const rating = t.ratings.get(cod);
      return {
        cod_transformador: cod,
        conhecido: rating !== undefined,
        status: latest?.status ?? (active.some((a) => a.tipo === 'OFFLINE') ? 'OFFLINE' : null),
        telemetria: numberHash(latest ?? null) ?? {},
        alertas_ativos: active,
      };
    },
  );

  app.get<{ Params: { cod: string }; Querystring: { inicio?: string; fim?: string; agregacao?: string } }>(
    '/telemetria/transformador/:cod/historico',
    {
      schema: {
        tags: ['telemetria'],
        querystring: {
          type: 'object',
          properties: {
            inicio: { type: 'string' },
            fim: { type: 'string' },
            agregacao: { type: 'string', enum: ['5m', '1h', '1d'], default: '5m' },
          },
        },
      },
    },
    async (request, reply) => {
      const { cod } = request.params;
      const agregacao = request.query.agregacao ?? '5m';
      const fim = request.query.fim ? Date.parse(request.query.fim) : Date.now();
      const inicio = request.query.inicio ? Date.parse(request.query.inicio) : fim - DAY;
      if (!Number.isFinite(inicio) || !Number.isFinite(fim))
        return fail(reply, 400, 'inicio e fim devem ser datas ISO-8601');
      if (inicio >= fim) return fail(reply, 400, 'inicio deve ser anterior a fim');
      if (fim - inicio > (MAX_RANGE[agregacao] ?? DAY)) {
        return fail(
          reply,
          400,
          `intervalo longo demais para agregacao=${agregacao}; use uma agregação maior`,
        );
      }
      const args = [cod, new Date(inicio).toISOString(), new Date(fim).toISOString()];
      let rows: unknown[];
      if (agregacao === '5m') {
        rows = (
          await t.tsPool.query(
            `SELECT timestamp, tensao_primario, tensao_secundario, corrente_a, corrente_b, corrente_c,
                    potencia_ativa, potencia_reativa, temperatura, status
               FROM public.telemetria_transformador
              WHERE cod_transformador = $1 AND timestamp >= $2 AND timestamp < $3
              ORDER BY timestamp`,
            args,
          )
        ).rows;
      } else {
        const view = agregacao === '1h' ? 'telemetria_1h' : 'telemetria_1d';
        rows = (
          await t.tsPool.query(
            `SELECT bucket, tensao_avg, potencia_avg, temp_max, potencia_reativa_avg, potencia_max, tensao_min, amostras
               FROM public.${view}
              WHERE cod_transformador = $1 AND bucket >= $2 AND bucket < $3
              ORDER BY bucket`,
            args,
          )
        ).rows;
      }
      return { cod_transformador: cod, agregacao, inicio: args[1], fim: args[2], pontos: rows };
    },
  );

  app.get<{ Querystring: { limite?: number } }>(
    '/telemetria/desconhecidos',
    {
      schema: {
        tags: ['telemetria'],
        querystring: {
          type: 'object',
          properties: { limite: { type: 'integer', minimum: 1, maximum: 10000, default: 500 } },
        },
      },
    },
    async (request) => {
      const r = await t.tsPool.query(
        `SELECT cod_transformador, primeira_leitura, ultima_leitura, leituras FROM public.telemetria_desconhecido
          ORDER BY ultima_leitura DESC LIMIT $1`,
        [request.query.limite ?? 500],
      );
      return { transformadores: r.rows };
    },
  );

  app.get<{ Querystring: { limite?: number; motivo?: string } }>(
    '/telemetria/rejeitadas',
    {
      schema: {
        tags: ['telemetria'],
        querystring: {
          type: 'object',
          properties: {
            limite: { type: 'integer', minimum: 1, maximum: 10000, default: 100 },
            motivo: { type: 'string' },
          },
        },
      },
    },
    async (request) => {
      const r = await t.tsPool.query(
        `SELECT id::float8 AS id, recebido_em, origem, topico, cod_transformador, motivo, detalhe, payload
           FROM public.telemetria_rejeitada WHERE ($2::text IS NULL OR motivo = $2)
          ORDER BY id DESC LIMIT $1`,
        [request.query.limite ?? 100, request.query.motivo ?? null],
      );
      return { rejeitadas: r.rows };
    },
  );

  app.get('/telemetria/metricas', { schema: { tags: ['telemetria'] } }, async () => ({
    armazenamento: t.storageMode,
    cache: t.bus.kind,
    mqtt: t.mqttUrl,
    substitutos: t.fallbacks,
    transformadores_com_dados_nominais: t.ratings.size,
    pendentes: t.pipeline.pending,
    pipeline: t.pipeline.counters,
    websocket: t.hub.counters,
  }));

  // ── map ──────────────────────────────────────────────────────────────────────────────────────────
  app.get<{ Querystring: { bbox: string; limite?: number } }>(
    '/mapa/transformadores/status',
    {
      schema: {
        tags: ['telemetria'],
        querystring: {
          type: 'object',
          required: ['bbox'],
          properties: {
            bbox: { type: 'string' },
            limite: { type: 'integer', minimum: 1, maximum: MAX_MAP_FEATURES, default: 5000 },
          },
        },
      },
    },
    async (request, reply) => {
      const bbox = parseBbox(request.query.bbox);
      if (typeof bbox === 'string') return fail(reply, 400, bbox);
      const limit = request.query.limite ?? 5000;
      const trafos = await transformersIn(t, { bbox }, limit + 1);
      const truncado = trafos.length > limit;
      const list = trafos.slice(0, limit);
      const cods = list.map((x) => x.cod_id);
      const [latest, alerts] = await Promise.all([t.bus.getLatest(cods), t.bus.getActiveAlerts(cods)]);
      return {
        type: 'FeatureCollection',
        truncado,
        features: list.map((x, i) => {
          const tel = numberHash(latest[i] ?? null);
          const active = (alerts[i] ?? []).map((a) => JSON.parse(a));
          const status = tel?.status ?? (active.some((a) => a.tipo === 'OFFLINE') ? 'OFFLINE' : null);
          const p = typeof tel?.potencia_ativa === 'number' ? tel.potencia_ativa : null;
          const q = typeof tel?.potencia_reativa === 'number' ? tel.potencia_reativa : null;
          return {
            type: 'Feature',
            geometry: x.geom ? JSON.parse(x.geom) : null,
            properties: {
              cod_id: x.cod_id,
              pot_nom: x.pot_nom,
              ctmt: x.ctmt,
              status,
              carregamento_pct: p !== null && q !== null ? loadingPct(p, q, x.pot_nom) : null,
              alertas_ativos: active.length,
              telemetria: tel,
            },
          };
        }),
      };
    },
  );

  // ── alerts ───────────────────────────────────────────────────────────────────────────────────────
  app.get<{
    Querystring: {
      ativo?: boolean;
      severidade?: Severity;
      alimentador?: string;
      cod_transformador?: string;
      limite?: number;
    };
  }>(
    '/alertas',
    {
      schema: {
        tags: ['telemetria'],
        querystring: {
          type: 'object',
          properties: {
            ativo: { type: 'boolean' },
            severidade: { type: 'string', enum: ['ALERTA', 'CRITICO'] },
            alimentador: { type: 'string' },
            cod_transformador: { type: 'string' },
            limite: { type: 'integer', minimum: 1, maximum: 10000, default: 500 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const alertas = await t.alerts.list({
        ativo: q.ativo,
        severidade: q.severidade,
        ctmt: q.alimentador,
        cod_transformador: q.cod_transformador,
        limite: q.limite,
      });
      return { alertas };
    },
  );

  app.post<{ Params: { id: number }; Body: { operador?: string } | undefined }>(
    '/alertas/:id/reconhecer',
    {
      schema: {
        tags: ['telemetria'],
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
        body: { type: ['object', 'null'], properties: { operador: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request, reply) => {
      const operator = request.body?.operador ?? null;
      const r = await t.alerts.acknowledge(request.params.id, operator, Date.now());
      if (!r) return fail(reply, 404, `alerta ${request.params.id} não encontrado`);
      if (r.event) await t.bus.publish('alertas', [JSON.stringify(r.event)]);
      return { alerta: r.alert };
    },
  );

  // ── WebSockets ───────────────────────────────────────────────────────────────────────────────────
  const sendJson = (socket: WebSocket, value: unknown) => t.hub.send(socket, JSON.stringify(value));

  app.get('/ws/telemetria', { websocket: true }, (socket) => {
    t.hub.addTelemetryClient(socket);
    socket.on('message', (raw) => {
      void handleTelemetryMessage(socket, raw.toString()).catch((err) =>
        sendJson(socket, { tipo: 'erro', mensagem: (err as Error).message }),
      );
    });
  });

  async function handleTelemetryMessage(socket: WebSocket, raw: string): Promise<void> {
    let msg: { action?: string; transformadores?: unknown; alimentadores?: unknown; bbox?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      sendJson(socket, { tipo: 'erro', mensagem: 'mensagem não é JSON' });
      return;
    }
    const strings = (v: unknown): string[] | undefined | string => {
      if (v === undefined) return undefined;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return 'deve ser uma lista de textos';
      return v as string[];
    };
    const transformadores = strings(msg.transformadores);
    const alimentadores = strings(msg.alimentadores);
    if (typeof transformadores === 'string' || typeof alimentadores === 'string') {
      sendJson(socket, { tipo: 'erro', mensagem: `transformadores/alimentadores ${transformadores}` });
      return;
    }
    let bbox: BBox | undefined;
    if (msg.bbox !== undefined) {
      const b = parseBbox(msg.bbox);
      if (typeof b === 'string') {
        sendJson(socket, { tipo: 'erro', mensagem: b });
        return;
      }
      bbox = b;
    }
    if (msg.action === 'unsubscribe') {
      t.hub.unsubscribe(socket, { transformadores, alimentadores, bbox });
      sendJson(socket, { tipo: 'inscricao', ...t.hub.subscriptionOf(socket) });
      return;
    }
    if (msg.action !== 'subscribe') {
      sendJson(socket, { tipo: 'erro', mensagem: 'action deve ser "subscribe" ou "unsubscribe"' });
      return;
    }
    if ((transformadores?.length ?? 0) + t.hub.subscriptionOf(socket).transformadores > MAX_SUBSCRIBED) {
      sendJson(socket, { tipo: 'erro', mensagem: `no máximo ${MAX_SUBSCRIBED} transformadores por conexão` });
      return;
    }
    t.hub.subscribe(socket, { transformadores, alimentadores, bbox });
    sendJson(socket, { tipo: 'inscricao', ...t.hub.subscriptionOf(socket) });
    // Snapshot of the current values of what was just subscribed.
    const cods = new Set(transformadores ?? []);
    if (bbox) for (const x of await transformersIn(t, { bbox }, SNAPSHOT_LIMIT)) cods.add(x.cod_id);
    for (const ctmt of alimentadores ?? [])
      for (const x of await transformersIn(t, { ctmt }, SNAPSHOT_LIMIT)) cods.add(x.cod_id);
    const list = [...cods];
    const latest = await t.bus.getLatest(list);
    list.forEach((cod, i) => {
      const dados = numberHash(latest[i] ?? null);
      sendJson(socket, {
        tipo: 'snapshot',
        cod_transformador: cod,
        dados: dados ?? {},
        status: dados?.status ?? null,
      });
    });
  }

  app.get('/ws/alertas', { websocket: true }, (socket) => {
    t.hub.addAlertClient(socket);
    void t.alerts.list({ ativo: true, limite: 1000 }).then(
      (alertas) => sendJson(socket, { tipo: 'alertas_ativos', alertas }),
      () => undefined,
    );
    socket.on('message', (raw) => {
      try {
        const msg = JSON.parse(raw.toString());
        if (msg.action === 'subscribe') {
          t.hub.setAlertFilter(socket, { alimentadores: msg.alimentadores, severidades: msg.severidades });
          sendJson(socket, {
            tipo: 'inscricao',
            alimentadores: msg.alimentadores ?? [],
            severidades: msg.severidades ?? [],
          });
        }
      } catch {
        sendJson(socket, { tipo: 'erro', mensagem: 'mensagem não é JSON' });
      }
    });
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    telemetry: Telemetry;
  }
}
