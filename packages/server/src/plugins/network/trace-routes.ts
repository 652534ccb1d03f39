// GET /rede/{cod_id}/montante and /rede/{cod_id}/jusante.
import { BRANCH_TABLES } from '@rede-eletrica/bdgd';
import type { FastifyInstance } from 'fastify';
import { requireImport } from '../../db/imports.ts';
import { notFound } from '../../http-errors.ts';
import { codIdParam, errorResponses, importacaoQuery } from '../../schemas.ts';
import { assetsByCodeSql } from './assets-sql.ts';
import { networkCache } from './graph-cache.ts';
import { element, feederOf, findBranches, traceDownstream, traceUpstream } from './trace.ts';

/** Layers whose records are branches of the PAC graph (segments, switches, regulators, transformers…). */
const TRACEABLE: readonly string[] = BRANCH_TABLES;

interface TraceRoute {
  Params: { cod_id: string; sentido: 'montante' | 'jusante' };
  Querystring: { importacao?: number; camada?: string };
}

const traceElement = {
  type: 'object',
  properties: {
    camada: { type: 'string' },
    id: { type: 'integer' },
    cod_id: { type: ['string', 'null'] },
    pac_1: { type: ['string', 'null'] },
    pac_2: { type: ['string', 'null'] },
  },
} as const;

export default async function traceRoutes(app: FastifyInstance): Promise<void> {
  const networks = networkCache(app.db);

  /** Import to trace in: the requested one, or the most recent import holding a record with this COD_ID. */
  async function importFor(codId: string, importacao: number | undefined): Promise<number> {
    if (importacao !== undefined) return importacao;
    const columns = await app.db.columns.get();
    const rows = (await app.db.pool.query(assetsByCodeSql(columns, false, false), [codId])).rows;
    const hit = rows.find((r) => TRACEABLE.includes(r.camada));
    if (!hit) throw notFound(`nenhum elemento de rede com COD_ID ${codId}`);
    return hit.id_importado;
  }

  app.get<TraceRoute>(
    '/rede/:cod_id/:sentido',
    {
      schema: {
        summary:
          'Rastreamento a montante (até o início do alimentador) ou a jusante (tudo o que o elemento alimenta)',
        description:
          'Topologia pelos PAC (nunca pela geometria), com chaves no estado normal (P_N_OPE). `montante`: do ' +
          'elemento mais próximo até o que parte do PAC_INI do alimentador. `jusante`: elementos alimentados, com ' +
          'contagem de transformadores e de consumidores (UCBT_tab/UCMT_tab ligados pelos PAC alcançados). ' +
          'O disjuntor do alimentador que fica entre um nó fictício e o PAC_INI (caso do Mux, `1DJ_15`) é tratado ' +
          'como a cabeça do alimentador: o montante termina nele e o jusante dele é o alimentador inteiro. ' +
          'Se o COD_ID existir em mais de uma camada, use `camada`; sem ela, vale a primeira e as demais vêm em `alternativas`.',
        tags: ['rede'],
        params: {
          type: 'object',
          required: ['cod_id', 'sentido'],
          properties: { cod_id: codIdParam, sentido: { type: 'string', enum: ['montante', 'jusante'] } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { importacao: importacaoQuery, camada: { type: 'string', enum: TRACEABLE } },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            properties: {
              cod_id: { type: 'string' },
              camada: { type: 'string' },
              id_importado: { type: 'integer' },
              alimentador: { type: ['string', 'null'] },
              elemento: traceElement,
              elementos: { type: 'array', items: traceElement },
              total: { type: 'integer' },
              transformadores: { type: 'integer' },
              consumidores_bt: { type: 'integer' },
              consumidores_mt: { type: 'integer' },
              alternativas: { type: 'array', items: traceElement },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { cod_id: codId, sentido } = request.params;
      const { importacao, camada } = request.query;
      await requireImport(app.db, importacao);
      const idImportado = await importFor(codId, importacao);
      const network = await networks.get(String(idImportado));
      const { graph } = network;
      const matches = findBranches(graph, codId, camada);
      const branch = matches[0];
      if (branch === undefined) {
        throw notFound(
          `nenhum elemento de rede com COD_ID ${codId}${camada ? ` na camada ${camada}` : ''} na importação ${idImportado}`,
        );
      }
      const base = {
        cod_id: codId,
        camada: graph.branches[branch]?.table as string,
        id_importado: idImportado,
        alimentador: feederOf(graph, branch),
        elemento: element(graph, branch),
        ...(matches.length > 1 ? { alternativas: matches.slice(1).map((b) => element(graph, b)) } : {}),
      };
      if (sentido === 'montante') {
        const elementos = traceUpstream(network, branch);
        return { ...base, elementos, total: elementos.length };
      }
      const down = traceDownstream(network, branch);
      return { ...base, ...down, total: down.elementos.length };
    },
  );
}
