// Vector tiles of every spatial BDGD layer: GET /tiles/{layer}/{z}/{x}/{y}.pbf, /tiles/{layer}.json
// (TileJSON) and /tiles/catalogo. Tiles are cached in memory by bytes, revalidated with ETag and sent
// gzipped when the client accepts it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PerGeneration } from '../../db/generation.ts';
import { requireImport } from '../../db/imports.ts';
import { errorResponses, importacaoQuery } from '../../schemas.ts';
import { checkTileCoordinates } from './coordinates.ts';
import { TILE_LAYER_NAMES, TILE_LAYERS, TILE_MAX_ZOOM, type TileLayer } from './layers.ts';
import { TileRenderer } from './tile-renderer.ts';
import { catalogue, tileJson } from './tilejson.ts';

const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60';
export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

const layerParam = {
  type: 'string',
  enum: [...TILE_LAYER_NAMES],
  description: 'tabela da camada espacial (ssdmt, ssdbt, untrd, unsemt…)',
} as const;

interface TileRoute {
  Params: { layer: string; z: number; x: number; y: number };
  Querystring: { importacao?: number };
}

function origin(request: FastifyRequest): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const protocol =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || request.protocol;
  return `${protocol}://${request.host}`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === bare;
  });
}

export default async function tilesPlugin(app: FastifyInstance): Promise<void> {
  const renderer = new TileRenderer(app.db, app.config.tileCacheBytes);
  app.metrics.gauge('tiles.cache_bytes', () => renderer.cache.usedBytes);
  app.metrics.gauge('tiles.cache_itens', () => renderer.cache.size);
  app.metrics.gauge('tiles.cache_acertos', () => renderer.cache.hits);
  app.metrics.gauge('tiles.cache_falhas', () => renderer.cache.misses);
  const tileJsonCache = new PerGeneration(
    app.db.generation,
    async (key) => {
      const [table, imp, base] = key.split('|') as [string, string, string];
      return tileJson(
        app.db,
        TILE_LAYERS.get(table) as TileLayer,
        base,
        imp === '*' ? undefined : Number(imp),
      );
    },
    256,
  );

  app.get(
    '/tiles/catalogo',
    {
      schema: {
        summary: 'Catálogo das camadas de tiles vetoriais',
        description:
          'Uma camada por tabela espacial de `entgeo`. Observação: o documento de projeto cita `segcon` e ' +
          '`unsemt` como camadas de tiles; SEGCON é tabela sem geometria (tipos de condutor). As linhas ' +
          'desenhadas são ssdmt/ssdbt/ssdat; transformadores são untrd/untrs; chaves unsemt/unsebt/unseat.',
        tags: ['tiles'],
      },
    },
    async (request) => ({ camadas: catalogue(origin(request)) }),
  );

  app.get<{ Params: { layer: string }; Querystring: { importacao?: number } }>(
    '/tiles/:layer.json',
    {
      schema: {
        summary: 'TileJSON 3.0.0 de uma camada',
        tags: ['tiles'],
        params: {
          type: 'object',
          required: ['layer'],
          properties: { layer: layerParam },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { importacao: importacaoQuery },
        },
        response: errorResponses,
      },
    },
    async (request) => {
      const { importacao } = request.query;
      await requireImport(app.db, importacao);
      return tileJsonCache.get(`${request.params.layer}|${importacao ?? '*'}|${origin(request)}`);
    },
  );

  app.get<TileRoute>(
    '/tiles/:layer/:z/:x/:y.pbf',
    {
      schema: {
        summary: 'Tile vetorial (Mapbox Vector Tile) de uma camada',
        description:
          'Camada MVT com o nome da tabela. Propriedades: id, id_importado e, quando existirem, cod_id, ctmt, ' +
          'fas_con, tip_unid, p_n_ope, pot_nom, tip_trafo, pos, tip_cnd, comp… Em zoom baixo, ssdmt vem da ' +
          'rede generalizada por alimentador (nível 1 até z9, nível 2 de z10 a z12); camadas de pontos e ssdbt ' +
          'ficam vazias abaixo do minzoom do catálogo (resposta 204).',
        tags: ['tiles'],
        params: {
          type: 'object',
          required: ['layer', 'z', 'x', 'y'],
          properties: {
            layer: layerParam,
            z: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM },
            x: { type: 'integer', minimum: 0 },
            y: { type: 'integer', minimum: 0 },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { importacao: importacaoQuery },
        },
        response: errorResponses,
      },
    },
    async (request: FastifyRequest<TileRoute>, reply: FastifyReply) => {
      const { layer: table, z, x, y } = request.params;
      checkTileCoordinates({ z, x, y });
      const { importacao } = request.query;
      await requireImport(app.db, importacao);
      const layer = TILE_LAYERS.get(table) as TileLayer;
      const generation = await app.db.generation.current();
      const tileRequest = { layer, z, x, y, importacao };
      const etag = renderer.etag(tileRequest, generation);
      reply.header('ETag', etag).header('Cache-Control', CACHE_CONTROL).header('Vary', 'Accept-Encoding');
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        app.metrics.increment('tiles.nao_modificado');
        return reply.code(304).send();
      }
      const tile = await renderer.render(tileRequest, generation);
      app.metrics.increment('tiles.servidos');
      if (tile.raw.length === 0) return reply.code(204).send();
      reply.type(MVT_CONTENT_TYPE);
      const accepts = request.headers['accept-encoding'];
      if (tile.gzip && typeof accepts === 'string' && /\bgzip\b/.test(accepts)) {
        return reply.header('Content-Encoding', 'gzip').send(tile.gzip);
      }
      return reply.send(tile.raw);
    },
  );
}
