// POST /calculos/fluxo-carga/{ctmt}: power flow of one feeder (MV + LV) built from the BDGD, at one instant
// (month, day type, time of day) or over a 96-step day, optionally with live transformer telemetry (Redis).
// `formato: 'geojson'` answers with the map's FeatureCollection; `geojson: true` adds it to the JSON result,
// so one solve serves both the summary and the map.
import {
  FeederNotFoundError,
  latestImportOf,
  RedisTelemetrySource,
  resultGeoJson,
  runFeeder,
  stepOfTime,
  type TelemetrySource,
} from '@rede-eletrica/feeder-model';
import type { FastifyInstance } from 'fastify';
import { requireImport } from '../../db/imports.ts';
import { badRequest, notFound } from '../../http-errors.ts';
import { errorResponses } from '../../schemas.ts';
import { fluxoCargaBody, fluxoCargaResponse } from './schemas.ts';

interface FluxoRoute {
  Params: { ctmt: string };
  Body: {
    importacao?: number;
    mes?: number;
    tipo_dia?: 'DU' | 'SA' | 'DO';
    hora?: string;
    periodo?: 'instante' | 'dia';
    telemetria?: boolean;
    formato?: 'json' | 'geojson';
    geojson?: boolean;
    modo?: 'desequilibrado' | 'equilibrado';
    detalhes?: boolean;
  };
}

export default async function calculationsPlugin(app: FastifyInstance): Promise<void> {
  let telemetry: RedisTelemetrySource | undefined;
  if (app.config.telemetria?.enabled && app.config.telemetria.redisUrl) {
    telemetry = new RedisTelemetrySource(app.config.telemetria.redisUrl, {
      prefix: app.config.telemetria.redisPrefix,
    });
    app.addHook('onClose', async () => telemetry?.close());
  }

  app.post<FluxoRoute>(
    '/calculos/fluxo-carga/:ctmt',
    {
      schema: {
        summary: 'Fluxo de carga de um alimentador (MT + BT) a partir da BDGD',
        description:
          'Monta o modelo elétrico do alimentador (CTMT) — segmentos com SEGCON, chaves no estado normal, ' +
          'transformadores, reguladores, capacitores, cargas por ENE × CRVCRG, GD — e resolve o fluxo ' +
          'desequilibrado. Devolve perdas, carregamentos, tensões, violações (PRODIST Módulo 8), sobrecargas e ' +
          'os defeitos de dados encontrados. `periodo: "dia"` acrescenta 96 passos de 15 min e compara as perdas ' +
          'diárias com as declaradas no CTMT. `formato: "geojson"` devolve uma FeatureCollection para o mapa.',
        tags: ['calculos'],
        params: {
          type: 'object',
          required: ['ctmt'],
          properties: { ctmt: { type: 'string', minLength: 1, maxLength: 100, description: 'CTMT.COD_ID' } },
        },
        body: fluxoCargaBody,
        response: { 200: fluxoCargaResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { ctmt } = request.params;
      const body = request.body ?? {};
      await requireImport(app.db, body.importacao);
      const idImportado = body.importacao ?? (await latestImportOf(app.db.pool, ctmt));
      if (idImportado === undefined) throw notFound(`alimentador ${ctmt} não encontrado`);
      let step: number;
      try {
        step = stepOfTime(body.hora ?? '19:00');
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      const source: TelemetrySource | undefined = body.telemetria === false ? undefined : telemetry;
      let run: Awaited<ReturnType<typeof runFeeder>>;
      try {
        run = await runFeeder(app.db.pool, idImportado, ctmt, {
          month: body.mes ?? 1,
          dayType: body.tipo_dia ?? 'DU',
          step,
          day: body.periodo === 'dia',
          geometry: body.formato === 'geojson' || body.geojson === true,
          mode: body.modo === 'equilibrado' ? 'balanced' : 'unbalanced',
          ...(source ? { telemetry: source } : {}),
        });
      } catch (error) {
        if (error instanceof FeederNotFoundError) throw notFound(error.message);
        throw error;
      }
      if (body.formato === 'geojson') {
        return { ...resultGeoJson(run.model, run.resultado), ctmt, id_importado: idImportado };
      }
      const r = run.resultado;
      const detalhes = body.detalhes !== false;
      return {
        ctmt,
        id_importado: idImportado,
        instante: run.instante,
        convergiu: r.convergiu,
        iteracoes: r.iteracoes,
        rodadas_controle: r.rodadas_controle,
        desvio_max_pu: r.desvio_max_pu,
        mensagem: r.mensagem,
        perdas_totais_mw: r.perdas_totais_mw,
        perdas_por_segmento: r.perdas_por_segmento,
        balanco: r.balanco,
        tensao_min_pu: r.tensao_min_pu,
        tensao_max_pu: r.tensao_max_pu,
        carregamento_linhas: detalhes ? r.carregamento_linhas : [],
        tensoes_barras: detalhes ? r.tensoes_barras : [],
        violacoes_tensao: r.violacoes_tensao,
        sobrecargas: r.sobrecargas,
        taps_reguladores: run.regulatorTaps,
        modelo: run.model.counts,
        defeitos: run.model.defects,
        telemetria: run.telemetria,
        ...(run.dia ? { dia: run.dia } : {}),
        tempos_ms: run.tempos_ms,
        ...(body.geojson ? { geojson: resultGeoJson(run.model, run.resultado) } : {}),
      };
    },
  );
}
