// Helpers the organisation, member, token and provider procedures share: AuthError → API error, and the rule that
// nobody hands out a role above their own.
import { AuthError, roleByName, type RoleRef } from '@mad/auth';
import type { Database } from '@mad/db';
import { apiError } from '../../errors.js';
import type { Context, Principal } from '../../context.js';

/** Runs `work`, turning AuthErrors from @mad/auth into API errors with the same code and message. */
export async function withAuthErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw apiError(error.code, error.message);
    throw error;
  }
}

/** The role named `name`, refused (FORBIDDEN) when it ranks above the caller's own role. */
export async function assignableRole(db: Database, principal: Principal, name: string): Promise<RoleRef> {
  return withAuthErrors(async () => {
    const [role, own] = await Promise.all([roleByName(db, name), roleByName(db, principal.role)]);
    if (role.rank > own.rank)
      throw apiError(
        'FORBIDDEN',
        `you cannot grant the role "${role.name}": it ranks above your own role "${own.name}"`,
      );
    return role;
  });
}

/**
 * The caller of a procedure whose access rule is not 'public' (authorize has already refused anonymous calls; this
 * only narrows the type for the handler).
 */
export function principalOf(ctx: Context): Principal {
  if (!ctx.principal) throw apiError('UNAUTHORIZED', 'sign in or send an API token (Authorization: Bearer …)');
  return ctx.principal;
}
