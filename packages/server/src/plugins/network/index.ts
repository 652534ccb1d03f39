// Network API (JSON in Portuguese): imports and their defects, feeders, network tracing, assets.
import type { FastifyInstance } from 'fastify';
import assetRoutes from './assets.ts';
import feederRoutes from './feeders.ts';
import importsRoutes from './imports.ts';
import traceRoutes from './trace-routes.ts';

export default async function networkPlugin(app: FastifyInstance): Promise<void> {
  await app.register(importsRoutes);
  await app.register(feederRoutes);
  await app.register(traceRoutes);
  await app.register(assetRoutes);
}
