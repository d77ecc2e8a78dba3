// Server-side sessions: the browser holds a random secret in an httpOnly cookie, the sessions table its SHA-256,
// the user, the current organisation and two deadlines (idle, absolute). Revoking is setting revoked_at.
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import { hmacBase64url, randomSecret, sha256Hex } from './secrets.js';

export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

/** How often last_seen_at/idle_expires_at are written: at most once per minute per session. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionDeadlines {
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export function sessionDeadlines(policy: SessionPolicy, createdAt: Date): SessionDeadlines {
  return {
    idleExpiresAt: new Date(createdAt.getTime() + Math.min(policy.idleTimeoutMs, policy.absoluteTimeoutMs)),
    absoluteExpiresAt: new Date(createdAt.getTime() + policy.absoluteTimeoutMs),
  };
}

/** The idle deadline after activity at `now`, never beyond the absolute deadline. */
export function extendedIdleDeadline(policy: SessionPolicy, now: Date, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + policy.idleTimeoutMs, absoluteExpiresAt.getTime()));
}

export interface SessionState {
  revoked_at: Date | null;
  idle_expires_at: Date;
  absolute_expires_at: Date;
}

export function isSessionLive(session: SessionState, now: Date): boolean {
  return session.revoked_at === null && session.idle_expires_at > now && session.absolute_expires_at > now;
}

/**
 * The CSRF token of a session: an HMAC of its secret's hash under the server key. Nothing is stored; the
 * dashboard reads it from the `mad_csrf` cookie (or me.get) and echoes it in the x-csrf-token header.
 */
export function csrfTokenFor(serverKey: string, sessionSecretHash: string): string {
  return hmacBase64url(serverKey, `csrf:${sessionSecretHash}`);
}

export interface CreatedSession {
  id: string;
  secret: string;
  secretHash: string;
  deadlines: SessionDeadlines;
}

export async function createSession(
  db: Database,
  policy: SessionPolicy,
  values: { userId: string; orgId: string | null; providerId: string | null; idToken: string | null },
  now = new Date(),
): Promise<CreatedSession> {
  const secret = randomSecret(32);
  const secretHash = sha256Hex(secret);
  const deadlines = sessionDeadlines(policy, now);
  const row = await db
    .insertInto('sessions')
    .values({
      secret_hash: secretHash,
      user_id: values.userId,
      org_id: values.orgId,
      provider_id: values.providerId,
      id_token: values.idToken,
      idle_expires_at: deadlines.idleExpiresAt,
      absolute_expires_at: deadlines.absoluteExpiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Sign-in is a good moment to forget this user's sessions that ended more than a day ago.
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', values.userId)
    .where((eb) =>
      eb.or([
        eb('absolute_expires_at', '<', sql<Date>`now() - interval '1 day'`),
        eb('idle_expires_at', '<', sql<Date>`now() - interval '1 day'`),
        eb('revoked_at', '<', sql<Date>`now() - interval '1 day'`),
      ]),
    )
    .execute();
  return { id: row.id, secret, secretHash, deadlines };
}

export interface LiveSession {
  id: string;
  secretHash: string;
  userId: string;
  orgId: string | null;
  providerId: string | null;
  idToken: string | null;
}

/** The live session a cookie secret names, with its idle deadline pushed forward; null when unknown, expired or revoked. */
export async function findLiveSession(
  db: Database,
  policy: SessionPolicy,
  secret: string,
  now = new Date(),
): Promise<LiveSession | null> {
  const secretHash = sha256Hex(secret);
  const row = await db.selectFrom('sessions').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
  if (!row || !isSessionLive(row, now)) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: extendedIdleDeadline(policy, now, row.absolute_expires_at) })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    secretHash,
    userId: row.user_id,
    orgId: row.org_id,
    providerId: row.provider_id,
    idToken: row.id_token,
  };
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function setSessionOrg(db: Database, sessionId: string, orgId: string): Promise<void> {
  await db.updateTable('sessions').set({ org_id: orgId }).where('id', '=', sessionId).execute();
}
