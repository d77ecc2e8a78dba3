// The rule the member, token and provider procedures share: nobody hands out a role above their own.
import { roleByName, type RoleRef } from '@mad/auth';
import type { Database } from '@mad/db';
import { apiError } from '../../errors.js';
import type { Principal } from '../../context.js';

/** The role named `name`, refused (FORBIDDEN) when it ranks above the caller's own role. */
export async function assignableRole(db: Database, principal: Principal, name: string): Promise<RoleRef> {
  const [role, own] = await Promise.all([roleByName(db, name), roleByName(db, principal.role)]);
  if (role.rank > own.rank)
    throw apiError('FORBIDDEN', `you cannot grant the role "${role.name}": it ranks above your own role "${own.name}"`);
  return role;
}
