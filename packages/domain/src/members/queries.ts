// The members of one organisation with the highest role each holds.
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import { z } from 'zod';

export const Member = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: z.string(),
  joinedAt: z.string().describe('ISO 8601'),
});
export type Member = z.infer<typeof Member>;

/** The organisation's members with their highest role; `userId` narrows to one (null when not a member here). */
export async function listMembers(db: Database, orgId: string, userId?: string): Promise<Member[]> {
  let query = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('membership_roles', 'membership_roles.membership_id', 'memberships.id')
    .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
    .select(['users.id', 'users.email', 'users.display_name', 'memberships.created_at'])
    .select(sql<string>`(array_agg(roles.name order by roles.rank desc))[1]`.as('role'))
    .where('memberships.org_id', '=', orgId)
    .groupBy(['users.id', 'users.email', 'users.display_name', 'memberships.created_at'])
    .orderBy('memberships.created_at');
  if (userId) query = query.where('users.id', '=', userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    joinedAt: r.created_at.toISOString(),
  }));
}
