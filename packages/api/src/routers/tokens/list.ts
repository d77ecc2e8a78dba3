import { z } from 'zod';
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
    const principal = ctx.principal;
    const rows = await ctx.db
      .selectFrom('tokens')
      .innerJoin('roles', 'roles.id', 'tokens.role_id')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .select([
        'tokens.id',
        'tokens.name',
        'tokens.token_prefix',
        'roles.name as role',
        'users.email',
        'tokens.created_at',
        'tokens.expires_at',
        'tokens.last_used_at',
        'tokens.revoked_at',
      ])
      .where('tokens.org_id', '=', principal.org.id)
      .orderBy('tokens.created_at', 'desc')
      .execute();
    return {
      tokens: rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.token_prefix,
        role: r.role,
        ownerEmail: r.email,
        createdAt: r.created_at.toISOString(),
        expiresAt: iso(r.expires_at),
        lastUsedAt: iso(r.last_used_at),
        revokedAt: iso(r.revoked_at),
      })),
    };
  });
