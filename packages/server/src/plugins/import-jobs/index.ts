// BDGD upload and background import (issue 5):
//   POST   /importacoes              corpo = o .gdb.zip (application/zip ou application/octet-stream),
//                                    nome em ?nome= ou no cabeçalho X-Nome-Arquivo → 202 { job }
//   GET    /importacoes/jobs         trabalhos recentes
//   GET    /importacoes/jobs/{id}    estado, fase, progresso por camada, resultado ou erro
//   DELETE /importacoes/jobs/{id}    cancela (o banco não é alterado)
// The body is streamed to a temp file (limit REDE_UPLOAD_MAX_MB), never held in memory.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { badRequest, HttpError, notFound } from '../../http-errors.ts';
import { errorResponse, errorResponses } from '../../schemas.ts';
import { ImportJobs } from './jobs.ts';

const NAME_PATTERN = /^[\p{L}\p{N}_\-+()., ]+\.zip$/iu;

class TooLarge extends Error {}

/** Counts bytes and fails once more than `max` went through. */
function sizeLimit(max: number): Transform & { bytes: number } {
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      limiter.bytes += chunk.length;
      if (limiter.bytes > max) callback(new TooLarge());
      else callback(null, chunk);
    },
  }) as Transform & { bytes: number };
  limiter.bytes = 0;
  return limiter;
}

function validName(raw: string | undefined, maxMb: number): string {
  let name = raw?.trim();
  if (!name) {
    throw badRequest(
      'informe o nome do arquivo em ?nome= ou no cabeçalho X-Nome-Arquivo (ex.: Distribuidora_2024-12-31.gdb.zip)',
    );
  }
  try {
    name = decodeURIComponent(name);
  } catch {
    throw badRequest('nome do arquivo com codificação inválida');
  }
  if (name.length > 200 || name.startsWith('.') || name.includes('..') || !NAME_PATTERN.test(name)) {
    throw badRequest(
      `nome de arquivo inválido: "${name.slice(0, 80)}"; use um .gdb.zip com letras, números, espaço, ` +
        `"_", "-" ou "." (até 200 caracteres; limite de tamanho ${maxMb} MB)`,
    );
  }
  return name;
}

const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$', description: 'id do trabalho' } },
} as const;

const jobSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    estado: { type: 'string', enum: ['na_fila', 'executando', 'concluida', 'falhou', 'cancelada'] },
    arquivo: { type: 'string' },
    bytes: { type: 'integer' },
    criado_em: { type: 'string' },
    iniciado_em: { type: ['string', 'null'] },
    terminado_em: { type: ['string', 'null'] },
    fase: { type: ['string', 'null'] },
    fase_descricao: { type: ['string', 'null'] },
    camadas: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          camada: { type: 'string' },
          tabela: { type: 'string' },
          feitas: { type: 'integer' },
          total: { type: 'integer' },
          concluida: { type: 'boolean' },
        },
      },
    },
    resultado: {
      type: ['object', 'null'],
      additionalProperties: true,
      properties: {
        id_importado: { type: 'integer' },
        nome: { type: 'string' },
        substituida: { type: 'boolean' },
        contagens: { type: 'object', additionalProperties: { type: 'integer' } },
        registros: { type: 'integer' },
        n_defeitos: { type: 'integer' },
        camadas_ignoradas: { type: 'array', items: { type: 'string' } },
        duracao_s: { type: 'number' },
      },
    },
    erro: { type: ['string', 'null'] },
  },
} as const;

export default async function importJobsPlugin(app: FastifyInstance): Promise<void> {
  const maxBytes = app.config.uploadMaxBytes;
  const maxMb = Math.round(maxBytes / (1024 * 1024));
  const jobs = new ImportJobs({
    databaseUrl: app.config.databaseUrl,
    pool: app.db.pool,
    log: app.log,
    onPublished: () => app.db.generation.invalidate(),
  });
  // Jobs left queued or running by a previous process; without a database now, the server still starts.
  app.addHook('onReady', async () => {
    await jobs.recover().catch((err) => app.log.warn({ err }, 'trabalhos de importação não recuperados'));
  });
  app.addHook('onClose', async () => jobs.close());

  // The upload is read as a stream by the handler (no buffering, no JSON parsing).
  app.addContentTypeParser(['application/zip', 'application/octet-stream'], (_request, payload, done) =>
    done(null, payload),
  );

  app.post<{ Querystring: { nome?: string } }>(
    '/importacoes',
    {
      schema: {
        summary: 'Envia um BDGD (.gdb.zip) e inicia a importação em segundo plano',
        description:
          `Corpo: o arquivo .gdb.zip (Content-Type application/zip ou application/octet-stream), até ` +
          `REDE_UPLOAD_MAX_MB. Nome do arquivo em ?nome= ou no cabeçalho X-Nome-Arquivo; reimportar o ` +
          `mesmo nome substitui a importação. Uma importação por vez (as demais aguardam na fila).`,
        tags: ['rede'],
        querystring: {
          type: 'object',
          properties: { nome: { type: 'string', maxLength: 600, description: 'nome do arquivo enviado' } },
        },
        response: {
          202: {
            type: 'object',
            properties: { job: { type: 'string' }, estado: { type: 'string' }, arquivo: { type: 'string' } },
          },
          ...errorResponses,
          413: errorResponse,
          415: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const header = request.headers['x-nome-arquivo'];
      const name = validName(request.query.nome ?? (Array.isArray(header) ? header[0] : header), maxMb);
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        throw new HttpError(413, `arquivo grande demais: o limite é ${maxMb} MB (REDE_UPLOAD_MAX_MB)`);
      }
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof body.pipe !== 'function') {
        throw new HttpError(415, 'envie o arquivo como application/zip ou application/octet-stream');
      }
      const dir = await mkdtemp(join(tmpdir(), 'rede-upload-'));
      const file = join(dir, name);
      const limiter = sizeLimit(maxBytes);
      try {
        await pipeline(body, limiter, createWriteStream(file));
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        if (err instanceof TooLarge) {
          throw new HttpError(413, `arquivo grande demais: o limite é ${maxMb} MB (REDE_UPLOAD_MAX_MB)`);
        }
        throw badRequest('o envio do arquivo foi interrompido antes do fim');
      }
      if (limiter.bytes === 0) {
        await rm(dir, { recursive: true, force: true });
        throw badRequest('arquivo vazio');
      }
      const job = await jobs.submit(file, name, limiter.bytes);
      return reply
        .code(202)
        .header('location', `/importacoes/jobs/${job.id}`)
        .send({ job: job.id, estado: job.estado, arquivo: job.arquivo });
    },
  );

  app.get(
    '/importacoes/jobs',
    {
      schema: {
        summary: 'Trabalhos de importação recentes (os 50 últimos, guardados no banco)',
        tags: ['rede'],
        response: { 200: { type: 'array', items: jobSchema } },
      },
    },
    async () => jobs.list(),
  );

  app.get<{ Params: { id: string } }>(
    '/importacoes/jobs/:id',
    {
      schema: {
        summary: 'Estado de um trabalho de importação: fase, progresso por camada, resultado ou erro',
        tags: ['rede'],
        params: jobIdParams,
        response: { 200: jobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const job = await jobs.get(request.params.id);
      if (!job) throw notFound(`trabalho de importação ${request.params.id} não encontrado`);
      return job;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/importacoes/jobs/:id',
    {
      schema: {
        summary: 'Cancela um trabalho de importação (o banco de dados não é alterado)',
        tags: ['rede'],
        params: jobIdParams,
        response: { 200: jobSchema, ...errorResponses, 409: errorResponse },
      },
    },
    async (request) => {
      const before = await jobs.get(request.params.id);
      if (!before) throw notFound(`trabalho de importação ${request.params.id} não encontrado`);
      if (before.estado === 'concluida' || before.estado === 'falhou' || before.estado === 'cancelada') {
        throw new HttpError(409, `o trabalho já terminou (${before.estado}); nada a cancelar`);
      }
      const cancelled = jobs.cancel(request.params.id);
      if (!cancelled)
        throw new HttpError(409, 'o trabalho é de outro processo do servidor; cancele-o por ele');
      return cancelled;
    },
  );
}
