// Per-request credential resolution in ONE database round trip each: an API token or a session cookie becomes a
// principal (user, organisation, role, permissions) in a single statement that also does the coarse activity
// bookkeeping (tokens.last_used_at, sessions.last_seen_at) in a data-modifying CTE, written at most once a minute.
// Nothing is cached in memory: revocation, expiry, a disabled user or a changed membership count on the next request.
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import type { AuthPrincipal } from './principal.js';
import { looksLikeApiToken } from './api-tokens.js';
import { sha256Hex } from './secrets.js';
import type { SessionPolicy } from './sessions.js';

/** Activity columns are written at most this often per token or session (a read-only request otherwise). */
export const ACTIVITY_TOUCH_SECONDS = 60;

interface PrincipalRow {
  user_id: string;
  email: string;
  org_id: string;
  org_slug: string;
  org_name: string;
  results_schema: string;
  role_name: string;
  role_rank: number;
  permissions: string[];
}

function principalOf(row: PrincipalRow, via: AuthPrincipal['via']): AuthPrincipal {
  return {
    userId: row.user_id,
    email: row.email,
    org: { id: row.org_id, slug: row.org_slug, name: row.org_name, resultsSchema: row.results_schema },
    role: row.role_name,
    roleRank: row.role_rank,
    permissions: row.permissions,
    via,
  };
}

/**
 * The principal of an API token; null for anything unknown, revoked, expired, whose owner is disabled or left the
 * organisation. The role is the lower of the token's and the member's current (highest) role; on a tie, the token's.
 */
export async function resolveApiToken(db: Database, secret: string, now = new Date()): Promise<AuthPrincipal | null> {
  if (!looksLikeApiToken(secret)) return null;
  const { rows } = await sql<PrincipalRow & { token_id: string }>`
    WITH resolved AS (
      SELECT t.id AS token_id, u.id AS user_id, u.email, o.id AS org_id, o.slug AS org_slug, o.name AS org_name,
             o.results_schema, eff.id AS role_id, eff.name AS role_name, eff.rank AS role_rank
      FROM tokens t
      JOIN roles tr ON tr.id = t.role_id
      JOIN users u ON u.id = t.user_id AND u.disabled_at IS NULL
      JOIN organizations o ON o.id = t.org_id
      JOIN LATERAL (
        SELECT r.id, r.name, r.rank
        FROM memberships m
        JOIN membership_roles mr ON mr.membership_id = m.id
        JOIN roles r ON r.id = mr.role_id
        WHERE m.org_id = t.org_id AND m.user_id = t.user_id
        ORDER BY r.rank DESC
        LIMIT 1
      ) member_role ON true
      CROSS JOIN LATERAL (
        SELECT v.id, v.name, v.rank
        FROM (VALUES (tr.id, tr.name, tr.rank, 0), (member_role.id, member_role.name, member_role.rank, 1)) AS v (id, name, rank, pref)
        ORDER BY v.rank, v.pref
        LIMIT 1
      ) eff
      WHERE t.token_hash = ${sha256Hex(secret)}
        AND t.revoked_at IS NULL
        AND (t.expires_at IS NULL OR t.expires_at > ${now}::timestamptz)
    ),
    touched AS (
      UPDATE tokens SET last_used_at = ${now}::timestamptz
      FROM resolved
      WHERE tokens.id = resolved.token_id
        AND (tokens.last_used_at IS NULL OR tokens.last_used_at < ${now}::timestamptz - make_interval(secs => ${ACTIVITY_TOUCH_SECONDS}))
      RETURNING tokens.id
    )
    SELECT resolved.*, ARRAY(SELECT rp.permission FROM role_permissions rp WHERE rp.role_id = resolved.role_id ORDER BY rp.permission) AS permissions
    FROM resolved`.execute(db);
  const row = rows[0];
  return row ? principalOf(row, { kind: 'token', tokenId: row.token_id }) : null;
}

export interface SessionCredential {
  sessionId: string;
  secretHash: string;
  /** Null when the session is live but may act in no organisation (or not in the requested one). */
  principal: AuthPrincipal | null;
}

/**
 * A session cookie's secret to its live session and principal, with the idle deadline pushed forward (at most once a
 * minute, never beyond the absolute deadline). Null when the session is unknown, revoked or expired. The organisation
 * is the one named by `requestedOrgSlug` (x-org header) when given, else the session's current one, else the first
 * it may act in: the user's memberships in organisations that trust the issuer the session was signed in through.
 */
export async function resolveSessionCredential(
  db: Database,
  policy: SessionPolicy,
  secret: string,
  requestedOrgSlug: string | null,
  now = new Date(),
): Promise<SessionCredential | null> {
  const secretHash = sha256Hex(secret);
  const { rows } = await sql<{ session_id: string } & { [K in keyof PrincipalRow]: PrincipalRow[K] | null }>`
    WITH live AS (
      SELECT s.id, s.user_id, s.org_id, s.provider_id
      FROM sessions s
      WHERE s.secret_hash = ${secretHash}
        AND s.revoked_at IS NULL
        AND s.idle_expires_at > ${now}::timestamptz
        AND s.absolute_expires_at > ${now}::timestamptz
    ),
    touched AS (
      UPDATE sessions
      SET last_seen_at = ${now}::timestamptz,
          idle_expires_at = LEAST(${now}::timestamptz + make_interval(secs => ${policy.idleTimeoutMs / 1000}::double precision), sessions.absolute_expires_at)
      FROM live
      WHERE sessions.id = live.id
        AND sessions.last_seen_at < ${now}::timestamptz - make_interval(secs => ${ACTIVITY_TOUCH_SECONDS})
      RETURNING sessions.id
    )
    SELECT live.id AS session_id, p.*
    FROM live
    LEFT JOIN LATERAL (
      SELECT u.id AS user_id, u.email, o.id AS org_id, o.slug AS org_slug, o.name AS org_name, o.results_schema,
             member_role.name AS role_name, member_role.rank AS role_rank,
             ARRAY(SELECT rp.permission FROM role_permissions rp WHERE rp.role_id = member_role.id ORDER BY rp.permission) AS permissions
      FROM users u
      JOIN identity_providers signed_in_with ON signed_in_with.id = live.provider_id
      JOIN memberships m ON m.user_id = u.id
      JOIN organizations o ON o.id = m.org_id
      JOIN LATERAL (
        SELECT r.id, r.name, r.rank
        FROM membership_roles mr
        JOIN roles r ON r.id = mr.role_id
        WHERE mr.membership_id = m.id
        ORDER BY r.rank DESC
        LIMIT 1
      ) member_role ON true
      WHERE u.id = live.user_id
        AND u.disabled_at IS NULL
        AND EXISTS (
          SELECT 1 FROM identity_providers ip
          WHERE ip.org_id = o.id AND ip.issuer = signed_in_with.issuer AND ip.enabled
        )
        AND (${requestedOrgSlug}::text IS NULL OR o.slug = ${requestedOrgSlug}::text)
      ORDER BY (o.id IS NOT DISTINCT FROM live.org_id) DESC, m.created_at
      LIMIT 1
    ) p ON true`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const principal =
    row.user_id === null ? null : principalOf(row as PrincipalRow, { kind: 'session', sessionId: row.session_id });
  return { sessionId: row.session_id, secretHash, principal };
}
