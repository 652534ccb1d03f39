// Network API (JSON in Portuguese): imports and their defects, feeders, network tracing, assets.
import type { FastifyInstance } from 'fastify';
import feederRoutes from './feeders.ts';
import importsRoutes from './imports.ts';

export default async function networkPlugin(app: FastifyInstance): Promise<void> {
  await app.register(importsRoutes);
  await app.register(feederRoutes);
}
