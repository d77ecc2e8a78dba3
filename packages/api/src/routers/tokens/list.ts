import { z } from 'zod';
import { listApiTokens } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { ApiTokenSummary } from './schemas.js';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const list = orgProcedure
  .meta({
    access: 'tokens:manage',
    openapi: {
      method: 'GET',
      path: '/v1/tokens',
      tags: ['tokens'],
      protect: true,
      summary: "The organisation's API tokens (never their secrets)",
    },
  })
  .input(z.void())
  .output(z.object({ tokens: z.array(ApiTokenSummary) }))
  .query(async ({ ctx }) => {
    const tokens = await listApiTokens(ctx.db, ctx.principal.org.id);
    return {
      tokens: tokens.map((t) => ({
        ...t,
        createdAt: t.createdAt.toISOString(),
        expiresAt: iso(t.expiresAt),
        lastUsedAt: iso(t.lastUsedAt),
        revokedAt: iso(t.revokedAt),
      })),
    };
  });
