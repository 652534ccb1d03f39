// GET /saude: whether PostgreSQL answers, PostGIS is installed, and how many imports the database holds.
import type { FastifyInstance } from 'fastify';

export default async function healthPlugin(app: FastifyInstance): Promise<void> {
  app.get(
    '/saude',
    {
      schema: {
        summary: 'Estado do banco de dados e do PostGIS',
        tags: ['sistema'],
        response: {
          200: { $ref: 'Saude#' },
          503: { $ref: 'Saude#' },
        },
      },
    },
    async (_request, reply) => {
      const started = performance.now();
      try {
        const result = await app.db.pool.query<{ pg: string; postgis: string | null; importacoes: string }>(
          `SELECT current_setting('server_version') AS pg,
                  (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS postgis,
                  (SELECT count(*) FROM public.importados)::text AS importacoes`,
        );
        const row = result.rows[0];
        const postgisOk = Boolean(row?.postgis);
        return reply.code(postgisOk ? 200 : 503).send({
          status: postgisOk ? 'ok' : 'degradado',
          banco: {
            conectado: true,
            versao: row?.pg ?? null,
            latencia_ms: Math.round(performance.now() - started),
          },
          postgis: { instalado: postgisOk, versao: row?.postgis ?? null },
          importacoes: Number(row?.importacoes ?? 0),
        });
      } catch (err) {
        return reply.code(503).send({
          status: 'indisponivel',
          banco: { conectado: false, versao: null, erro: (err as Error).message },
          postgis: { instalado: false, versao: null },
          importacoes: 0,
        });
      }
    },
  );
}

export const saudeSchema = {
  $id: 'Saude',
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degradado', 'indisponivel'] },
    banco: {
      type: 'object',
      properties: {
        conectado: { type: 'boolean' },
        versao: { type: ['string', 'null'] },
        latencia_ms: { type: 'number' },
        erro: { type: 'string' },
      },
    },
    postgis: {
      type: 'object',
      properties: { instalado: { type: 'boolean' }, versao: { type: ['string', 'null'] } },
    },
    importacoes: { type: 'integer' },
  },
} as const;
