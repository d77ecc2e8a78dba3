import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import { artifactDownloadUrl, storageOf } from '@mad/domain';

// REST clients use GET /api/v1/artifacts/{artifactId} (a 302 to the same link, served by apps/server).
export const artifactLink = orgProcedure
  .meta({ access: 'molecules:read' })
  .input(z.strictObject({ artifactId: z.string().uuid() }))
  .output(z.object({ url: z.string().url(), expiresInSeconds: z.number().int(), fileName: z.string() }))
  .query(({ ctx, input }) =>
    artifactDownloadUrl(ctx.db, storageOf(ctx), ctx.principal.org.id, input.artifactId, ctx.artifactLinkSeconds),
  );
