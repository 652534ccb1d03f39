// GET /alimentadores (search/list) and GET /alimentador/{id} (one feeder with totals, equipment, geometry).
import type { FastifyInstance } from 'fastify';
import type { CodeDecoder } from '../../db/codes.ts';
import { requireImport } from '../../db/imports.ts';
import { badRequest, notFound } from '../../http-errors.ts';
import { bboxArray, codIdParam, errorResponses, importacaoQuery } from '../../schemas.ts';
import { feederSummaries, filterFeeders, parseBbox } from './feeder-summaries.ts';
import {
  feederRecordSql,
  feederSegmentsGeoJsonSql,
  feederSwitchesSql,
  feederTotalsSql,
  feederTransformersSql,
  SUBSTATION_SQL,
} from './feeders-sql.ts';

interface ListRoute {
  Querystring: { busca?: string; bbox?: string; importacao?: number };
}
interface DetailRoute {
  Params: { id: string };
  Querystring: { importacao?: number; geojson?: boolean };
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

function withDecoded(table: string, decoder: CodeDecoder, row: Record<string, unknown>) {
  return { ...row, decodificados: decoder.decodeRecord(table, row) };
}

const feederListItem = {
  type: 'object',
  properties: {
    id_importado: { type: 'integer' },
    cod_id: { type: 'string' },
    nome: { type: ['string', 'null'] },
    sub: { type: ['string', 'null'] },
    bbox: { anyOf: [bboxArray, { type: 'null' }] },
    km_mt: { type: 'number' },
    n_transformadores: { type: 'integer' },
  },
} as const;

export default async function feederRoutes(app: FastifyInstance): Promise<void> {
  const summaries = feederSummaries(app.db);

  app.get<ListRoute>(
    '/alimentadores',
    {
      schema: {
        summary: 'Lista alimentadores (CTMT), com busca por COD_ID/NOME e filtro por retângulo',
        tags: ['rede'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            busca: {
              type: 'string',
              maxLength: 100,
              description: 'trecho de COD_ID ou NOME (sem diferenciar maiúsculas)',
            },
            bbox: {
              type: 'string',
              pattern: '^\\s*-?[0-9.]+\\s*(,\\s*-?[0-9.]+\\s*){3}$',
              description: 'minLon,minLat,maxLon,maxLat (EPSG:4674)',
            },
            importacao: importacaoQuery,
          },
        },
        response: { 200: { type: 'array', items: feederListItem }, ...errorResponses },
      },
    },
    async (request) => {
      const { busca, importacao } = request.query;
      const bbox = request.query.bbox !== undefined ? parseBbox(request.query.bbox) : undefined;
      if (typeof bbox === 'string') throw badRequest(bbox);
      await requireImport(app.db, importacao);
      return filterFeeders(await summaries.get(), { busca, bbox, importacao });
    },
  );

  app.get<DetailRoute>(
    '/alimentador/:id',
    {
      schema: {
        summary: 'Um alimentador (CTMT): subestação, tensão, totais, transformadores, chaves e extensão',
        description:
          'Comprimentos a partir de COMP (metros). `tensao_nominal_kv` é TEN_NOM decodificado pela tabela TTEN. ' +
          'Sem `importacao`, usa a importação mais recente que contém o alimentador.',
        tags: ['rede'],
        params: { type: 'object', required: ['id'], properties: { id: codIdParam } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            importacao: importacaoQuery,
            geojson: { type: 'boolean', default: false, description: 'inclui os segmentos MT em GeoJSON' },
          },
        },
        response: errorResponses,
      },
    },
    async (request) => {
      const { id } = request.params;
      const { importacao, geojson } = request.query;
      await requireImport(app.db, importacao);
      const columns = await app.db.columns.get();
      const decoder = await app.db.codes.get();
      const params = importacao !== undefined ? [id, importacao] : [id];
      const feeder = (await app.db.pool.query(feederRecordSql(columns, importacao !== undefined), params))
        .rows[0];
      if (!feeder) {
        throw notFound(
          `alimentador ${id} não encontrado${importacao !== undefined ? ` na importação ${importacao}` : ''}`,
        );
      }
      const key = [feeder.id_importado, feeder.cod_id];
      const pool = app.db.pool;
      const [sub, totals, transformers, switches, segments] = await Promise.all([
        feeder.sub
          ? pool.query(SUBSTATION_SQL, [feeder.id_importado, feeder.sub])
          : Promise.resolve(undefined),
        pool.query(feederTotalsSql(columns), key),
        pool.query(feederTransformersSql(columns), key),
        pool.query(feederSwitchesSql(columns), key),
        geojson ? pool.query(feederSegmentsGeoJsonSql(columns), key) : Promise.resolve(undefined),
      ]);
      const t = totals.rows[0];
      const tension = decoder.lookup('TTEN', feeder.ten_nom);
      const tensaoOperacao = feeder.ten_ope === null ? null : Number(feeder.ten_ope);
      return {
        id_importado: feeder.id_importado,
        cod_id: feeder.cod_id,
        nome: feeder.nome,
        subestacao: feeder.sub
          ? { cod_id: feeder.sub, nome: (sub?.rows[0]?.nome as string | undefined) ?? null }
          : null,
        pac_ini: feeder.pac_ini,
        ten_nom: feeder.ten_nom,
        tensao_nominal_kv: tension?.valor != null ? tension.valor / 1000 : null,
        tensao_operacao_pu: Number.isFinite(tensaoOperacao) ? tensaoOperacao : null,
        totais: {
          segmentos_mt: t.segmentos_mt,
          km_mt: round(Number(t.km_mt)),
          km_bt: round(Number(t.km_bt)),
          transformadores: t.transformadores,
          kva_instalado: round(Number(t.kva_instalado), 1),
          chaves: t.chaves,
          consumidores_bt: t.consumidores_bt,
          consumidores_mt: t.consumidores_mt,
        },
        bbox: t.bbox?.[0] == null ? null : (t.bbox as number[]).map((v) => round(v, 7)),
        transformadores: transformers.rows.map((r) => withDecoded('untrd', decoder, r)),
        chaves: switches.rows.map((r) => withDecoded('unsemt', decoder, r)),
        ...(segments
          ? {
              segmentos_mt: {
                type: 'FeatureCollection',
                features: segments.rows.map(({ geometria, ...properties }) => ({
                  type: 'Feature',
                  id: properties.id,
                  geometry: geometria,
                  properties,
                })),
              },
            }
          : {}),
      };
    },
  );
}
