// Serves the built web console (packages/web/dist) at `/` with a single-page-app fallback, only when the
// folder exists; API paths keep their JSON 404s.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

const API_PREFIXES = [
  '/tiles',
  '/importacoes',
  '/alimentador',
  '/rede',
  '/ativos',
  '/saude',
  '/metricas',
  '/openapi',
  '/ws',
];

export function isApiPath(url: string): boolean {
  return API_PREFIXES.some((p) => url.startsWith(p));
}

export async function registerWebConsole(app: FastifyInstance): Promise<boolean> {
  const root = app.config.webDist;
  const hasConsole = existsSync(join(root, 'index.html'));
  if (hasConsole) await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (hasConsole && request.method === 'GET' && wantsHtml && !isApiPath(request.url)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .code(404)
      .send(errorBody(404, `rota não encontrada: ${request.method} ${request.url.split('?')[0]}`));
  });
  return hasConsole;
}
