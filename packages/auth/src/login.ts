// What a verified sign-in does to accounts: find the user by (provider, subject), else link or create by email, and
// where the provider allows it give a first membership with the provider's default role.
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import { AppError } from '@mad/domain/errors';
import { ensureUser, memberRole, setMemberRole } from './accounts.js';
import { emailDomainAllowed, type VerifiedLogin } from './oidc.js';
import { organizationsOf } from './principal.js';

/**
 * An existing account may be linked to a new identity by email only when the provider vouches for that email: it
 * says email_verified=true, or the admins restricted it to the email's domain (Entra ID sends no email_verified).
 */
export function mayLinkByEmail(
  login: Pick<VerifiedLogin, 'email' | 'emailVerified'>,
  allowedEmailDomains: readonly string[],
): boolean {
  if (login.emailVerified === false) return false;
  if (login.emailVerified === true) return true;
  return allowedEmailDomains.length > 0 && emailDomainAllowed(login.email, allowedEmailDomains);
}

export interface SignedInUser {
  userId: string;
  /** The organisation the session starts in. */
  orgId: string;
}

export async function completeLogin(db: Database, login: VerifiedLogin): Promise<SignedInUser> {
  const { provider } = login;
  const identity = await db
    .selectFrom('identities')
    .select(['id', 'user_id'])
    .where('provider_id', '=', provider.id)
    .where('subject', '=', login.subject)
    .executeTakeFirst();
  let userId: string;
  if (identity) {
    userId = identity.user_id;
    await db
      .updateTable('identities')
      .set({ email: login.email, last_login_at: sql`now()` })
      .where('id', '=', identity.id)
      .execute();
  } else {
    const user = await ensureUser(db, login.email, login.displayName);
    if (!user.created && !mayLinkByEmail(login, provider.allowedEmailDomains)) {
      throw new AppError(
        'FORBIDDEN',
        `an account for ${login.email} already exists; sign in the way you did before, or ask an administrator`,
      );
    }
    userId = user.id;
    await db
      .insertInto('identities')
      .values({
        provider_id: provider.id,
        subject: login.subject,
        user_id: userId,
        email: login.email,
        last_login_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['provider_id', 'subject']).doNothing())
      .execute();
  }
  const user = await db.selectFrom('users').select(['disabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.disabled_at !== null)
    throw new AppError('FORBIDDEN', `the account ${login.email} is disabled; ask an administrator`);

  if (provider.autoProvision && !(await memberRole(db, provider.orgId, userId))) {
    await setMemberRole(db, provider.orgId, userId, provider.defaultRoleId);
  }
  // The session will act only in organisations that trust this provider's issuer (see organizationsOf).
  const orgs = await organizationsOf(db, userId, provider.issuer);
  const start = orgs.find((o) => o.id === provider.orgId) ?? orgs[0];
  if (!start)
    throw new AppError(
      'FORBIDDEN',
      `${login.email} is not a member of an organisation that uses ${provider.displayName}; ask an administrator to add you`,
    );
  return { userId, orgId: start.id };
}
