// GET /importacoes and GET /importacoes/{id}/defeitos.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http-errors.ts';
import { errorResponses } from '../../schemas.ts';
import { IMPORT_DEFECTS, LIST_IMPORTS } from './imports-sql.ts';

const importSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id_importado: { type: 'integer' },
    nome: { type: 'string' },
    arquivo: { type: ['string', 'null'] },
    sha256: { type: ['string', 'null'] },
    distribuidora: { type: ['integer', 'null'] },
    descricao: { type: ['string', 'null'] },
    importado_em: { type: 'string', format: 'date-time' },
    duracao_s: { type: ['number', 'null'] },
    contagens: { type: 'object', additionalProperties: { type: 'integer' } },
    n_defeitos: { type: 'integer', description: 'tipos de defeito registrados' },
    ocorrencias_defeitos: { type: 'integer', description: 'soma das quantidades' },
  },
} as const;

export default async function importsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/importacoes',
    {
      schema: {
        summary: 'Importações de BDGD presentes no banco, com contagens por camada e número de defeitos',
        tags: ['rede'],
        response: { 200: { type: 'array', items: importSchema } },
      },
    },
    async () => (await app.db.pool.query(LIST_IMPORTS)).rows,
  );

  app.get<{ Params: { id: number } }>(
    '/importacoes/:id/defeitos',
    {
      schema: {
        summary: 'Relatório de defeitos de uma importação',
        tags: ['rede'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id_importado: { type: 'integer' },
              total: { type: 'integer' },
              defeitos: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    tipo: { type: 'string' },
                    camada: { type: 'string' },
                    campo: { type: ['string', 'null'] },
                    quantidade: { type: 'integer' },
                    descricao: { type: 'string' },
                    exemplos: {},
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const ids = await app.db.importIds.get();
      if (!ids.has(id)) throw notFound(`importação ${id} não encontrada`);
      const defeitos = (await app.db.pool.query(IMPORT_DEFECTS, [id])).rows;
      return { id_importado: id, total: defeitos.length, defeitos };
    },
  );
}
