import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './root.js';

/** The REST contract, generated from the same zod schemas as the tRPC procedures. */
export function openApiDocument(baseUrl: string) {
  return generateOpenApiDocument(appRouter, {
    title: 'Molecular Analysis Dashboard API',
    version: '1.0.0',
    baseUrl,
    description:
      'Docking jobs (AutoDock Vina, Smina, Gnina), molecules and results. Authenticate with `Authorization: Bearer <API token>`.',
  });
}
