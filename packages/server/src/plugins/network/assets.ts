// GET /ativos/{cod_id}: every record with that COD_ID in any layer, with coded fields decoded through
// `dominio_aneel` and, for spatial layers, the geometry as GeoJSON (EPSG:4674).
import type { FastifyInstance } from 'fastify';
import { requireImport } from '../../db/imports.ts';
import { notFound } from '../../http-errors.ts';
import { codIdParam, errorResponses, importacaoQuery } from '../../schemas.ts';
import { assetsByCodeSql } from './assets-sql.ts';

/** Column name as BDGD spells the field (upper case; `cmax_bdgd` → CMAX for names clashing with ours). */
export function bdgdFieldName(column: string): string {
  return column.replace(/_bdgd$/, '').toUpperCase();
}

interface AssetRoute {
  Params: { cod_id: string };
  Querystring: { importacao?: number };
}

export default async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get<AssetRoute>(
    '/ativos/:cod_id',
    {
      schema: {
        summary: 'Todos os registros com um COD_ID, em qualquer camada, com códigos ANEEL decodificados',
        description:
          '`atributos` usa os nomes de campo do BDGD (maiúsculas); `decodificados` traz a descrição de cada ' +
          'campo codificado (TIP_UNID, FAS_CON, P_N_OPE, TEN_NOM…); `geometria` em GeoJSON (EPSG:4674) nas ' +
          'camadas espaciais. Até 500 registros, mais recentes primeiro.',
        tags: ['rede'],
        params: { type: 'object', required: ['cod_id'], properties: { cod_id: codIdParam } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { importacao: importacaoQuery },
        },
        response: errorResponses,
      },
    },
    async (request) => {
      const { cod_id: codId } = request.params;
      const { importacao } = request.query;
      await requireImport(app.db, importacao);
      const columns = await app.db.columns.get();
      const decoder = await app.db.codes.get();
      const values = importacao !== undefined ? [codId, importacao] : [codId];
      const rows = (await app.db.pool.query(assetsByCodeSql(columns, importacao !== undefined), values)).rows;
      if (rows.length === 0) throw notFound(`nenhum registro com COD_ID ${codId}`);
      return rows.map((row) => {
        const record = row.atributos as Record<string, unknown>;
        const atributos: Record<string, unknown> = {};
        for (const [column, value] of Object.entries(record)) atributos[bdgdFieldName(column)] = value;
        return {
          camada: row.camada,
          id_importado: row.id_importado,
          id: Number(row.id),
          atributos,
          decodificados: decoder.decodeRecord(row.camada, record),
          ...(row.geometria ? { geometria: row.geometria } : {}),
        };
      });
    },
  );
}
