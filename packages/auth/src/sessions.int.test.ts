import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateUp, type Database } from '@mad/db';
import { createTestDatabase, type TestDatabase } from '@mad/test-utils';
import { createOrganization, ensureUser } from './accounts.js';
import { createSession, findLiveSession, revokeSession } from './sessions.js';
import { sha256Hex } from './secrets.js';

let database: TestDatabase;
let db: Database;
let userId: string;
let orgId: string;
const policy = { idleTimeoutMs: 3_600_000, absoluteTimeoutMs: 86_400_000 };

beforeAll(async () => {
  database = await createTestDatabase('mad_auth_sessions');
  db = createDatabase({ connectionString: database.url, maxConnections: 2 });
  await migrateUp(db);
  orgId = (await createOrganization(db, { slug: 'acme', name: 'Acme' })).id;
  userId = (await ensureUser(db, 'ada@example.org')).id;
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('sessions', () => {
  it('are found by their secret (stored only as a hash) until idle, too old or revoked', async () => {
    const session = await createSession(db, policy, { userId, orgId, providerId: null, idToken: null });
    const row = await db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256Hex(session.secret));
    expect(JSON.stringify(row)).not.toContain(session.secret);
    expect((await findLiveSession(db, policy, session.secret))?.userId).toBe(userId);
    expect(await findLiveSession(db, policy, `${session.secret}x`)).toBeNull();

    // Activity after a minute pushes the idle deadline; an idle or too-old session is gone.
    const longAgo = new Date(Date.now() - 5 * 60_000);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: longAgo, idle_expires_at: new Date(Date.now() + 1000) })
      .where('id', '=', session.id)
      .execute();
    expect(await findLiveSession(db, policy, session.secret)).not.toBeNull();
    const touched = await db
      .selectFrom('sessions')
      .select(['idle_expires_at', 'last_seen_at'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(touched.idle_expires_at.getTime()).toBeGreaterThan(Date.now() + policy.idleTimeoutMs - 60_000);
    await db
      .updateTable('sessions')
      .set({ idle_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', session.id)
      .execute();
    expect(await findLiveSession(db, policy, session.secret)).toBeNull();

    const old = await createSession(db, policy, { userId, orgId, providerId: null, idToken: null });
    await db
      .updateTable('sessions')
      .set({ absolute_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', old.id)
      .execute();
    expect(await findLiveSession(db, policy, old.secret)).toBeNull();

    const revoked = await createSession(db, policy, { userId, orgId, providerId: null, idToken: null });
    await revokeSession(db, revoked.id);
    expect(await findLiveSession(db, policy, revoked.secret)).toBeNull();

    // Sessions that ended more than a day ago are deleted at the user's next sign-in.
    await db
      .updateTable('sessions')
      .set({ absolute_expires_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    await createSession(db, policy, { userId, orgId, providerId: null, idToken: null });
    const left = await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    expect(left.map((s) => s.id)).not.toContain(old.id);
    expect(left.map((s) => s.id)).toContain(revoked.id);
  });
});
