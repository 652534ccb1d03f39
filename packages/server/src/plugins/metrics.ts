// Request counters exposed at GET /metricas (JSON): totals, rejected requests by reason, and gauges that
// other plugins register (e.g. tile cache size).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();
  readonly since = new Date();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, value] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) out[name] = value;
    for (const [name, read] of this.gauges) out[name] = read();
    return out;
  }
}

function reasonOf(status: number): string {
  if (status === 400) return 'requisicao_invalida';
  if (status === 404) return 'nao_encontrado';
  if (status === 409) return 'conflito';
  return `http_${status}`;
}

async function metricsPlugin(app: FastifyInstance): Promise<void> {
  const metrics = new Metrics();
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (_request, reply) => {
    const status = reply.statusCode;
    metrics.increment('requisicoes');
    if (status >= 400 && status < 500) {
      metrics.increment('rejeitadas');
      metrics.increment(`rejeitadas.${reasonOf(status)}`);
    } else if (status >= 500) {
      metrics.increment('erros_servidor');
    }
  });
  app.get(
    '/metricas',
    {
      schema: {
        summary: 'Contadores do servidor (requisições, rejeitadas, cache de tiles)',
        tags: ['sistema'],
        response: {
          200: {
            type: 'object',
            properties: {
              desde: { type: 'string', format: 'date-time' },
              contadores: { type: 'object', additionalProperties: { type: 'number' } },
            },
          },
        },
      },
    },
    async () => ({ desde: metrics.since.toISOString(), contadores: metrics.snapshot() }),
  );
}

export default fp(metricsPlugin, { name: 'metricas' });
