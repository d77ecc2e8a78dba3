import { z } from 'zod';
import { procedure } from '../../trpc.js';

export const SystemVersion = z.object({ name: z.string(), version: z.string(), apiVersion: z.literal('v1') });

export const version = procedure
  .meta({
    access: 'public',
    openapi: {
      method: 'GET',
      path: '/v1/version',
      tags: ['system'],
      protect: false,
      summary: 'Server name and version',
    },
  })
  .input(z.void())
  .output(SystemVersion)
  .query(() => ({ name: 'molecular-analysis-dashboard', version: '0.1.0', apiVersion: 'v1' as const }));
