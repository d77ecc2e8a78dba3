// Helpers the organisation, member, token and provider procedures share: the rule that nobody hands out a role above
// their own, and the caller of a signed-in procedure.
import { roleByName, type RoleRef } from '@mad/auth';
import type { Database } from '@mad/db';
import { apiError } from '../../errors.js';
import type { Context, Principal } from '../../context.js';

/** The role named `name`, refused (FORBIDDEN) when it ranks above the caller's own role. */
export async function assignableRole(db: Database, principal: Principal, name: string): Promise<RoleRef> {
  const [role, own] = await Promise.all([roleByName(db, name), roleByName(db, principal.role)]);
  if (role.rank > own.rank)
    throw apiError('FORBIDDEN', `you cannot grant the role "${role.name}": it ranks above your own role "${own.name}"`);
  return role;
}

/**
 * The caller of a procedure whose access rule is not 'public' (authorize has already refused anonymous calls; this
 * only narrows the type for the handler).
 */
export function principalOf(ctx: Context): Principal {
  if (!ctx.principal) throw apiError('UNAUTHORIZED', 'sign in or send an API token (Authorization: Bearer …)');
  return ctx.principal;
}
