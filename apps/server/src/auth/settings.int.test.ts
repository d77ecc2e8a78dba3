// Organisation settings over REST: defaults from the server's environment, an admin's change, null back to the
// default, strict input, and organisations kept apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createOrganization } from '@mad/auth';
import { memberWithToken, runtimeHarness, type Listening, type RuntimeHarness } from '../../test/auth-http.js';

const log = pino({ level: 'silent' });
let harness: RuntimeHarness;
let server: Listening;
const tokens: Record<'adminA' | 'scientistA' | 'adminB', string> = { adminA: '', scientistA: '', adminB: '' };

beforeAll(async () => {
  harness = await runtimeHarness('mad_settings', log);
  const { db } = harness.database;
  const orgA = await createOrganization(db, { slug: 'settings-a', name: 'A' });
  const orgB = await createOrganization(db, { slug: 'settings-b', name: 'B' });
  tokens.adminA = (await memberWithToken(db, orgA.id, 'admin@a.example.org', 'admin')).token;
  tokens.scientistA = (await memberWithToken(db, orgA.id, 'sci@a.example.org', 'scientist')).token;
  tokens.adminB = (await memberWithToken(db, orgB.id, 'admin@b.example.org', 'admin')).token;
  ({ server } = await harness.serve({ RETENTION_LOGS_DAYS: '30', CACHE_MIN_CONFIDENCE: '0.25' }));
});

afterAll(async () => {
  await harness?.close();
});

function call(token: string, method: 'GET' | 'PATCH', body?: unknown) {
  return fetch(`${server.url}/api/v1/orgs/current/settings`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const unset = {
  jobEventsRetentionDays: null,
  logsRetentionDays: null,
  scratchRetentionDays: null,
  cacheTtlDays: null,
  cacheMinConfidence: null,
};
const cacheDefaults = { cacheTtlDays: 30, cacheMinConfidence: 0.25 };

describe('organisation settings', () => {
  it('answers the server defaults (RETENTION_* of the environment) while nothing is set', async () => {
    const response = await call(tokens.scientistA, 'GET');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      settings: { ...unset },
      defaults: { jobEventsRetentionDays: 365, logsRetentionDays: 30, scratchRetentionDays: 7, ...cacheDefaults },
      effective: { jobEventsRetentionDays: 365, logsRetentionDays: 30, scratchRetentionDays: 7, ...cacheDefaults },
    });
  });

  it('lets an admin change some settings, keeps the others, and null goes back to the default', async () => {
    const changed = await call(tokens.adminA, 'PATCH', {
      jobEventsRetentionDays: 10,
      scratchRetentionDays: 2,
      cacheTtlDays: 0,
      cacheMinConfidence: 0.6,
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { effective: unknown }).effective).toEqual({
      jobEventsRetentionDays: 10,
      logsRetentionDays: 30,
      scratchRetentionDays: 2,
      cacheTtlDays: 0,
      cacheMinConfidence: 0.6,
    });
    const reset = await call(tokens.adminA, 'PATCH', { scratchRetentionDays: null, cacheTtlDays: null });
    const body = (await reset.json()) as { settings: unknown; effective: unknown };
    expect(body.settings).toEqual({ ...unset, jobEventsRetentionDays: 10, cacheMinConfidence: 0.6 });
    expect(body.effective).toEqual({
      jobEventsRetentionDays: 10,
      logsRetentionDays: 30,
      scratchRetentionDays: 7,
      cacheTtlDays: 30,
      cacheMinConfidence: 0.6,
    });
  });

  it('refuses a scientist (403), an unknown field and an out-of-range value (400), and keeps organisations apart', async () => {
    expect((await call(tokens.scientistA, 'PATCH', { logsRetentionDays: 5 })).status).toBe(403);
    const unknown = await call(tokens.adminA, 'PATCH', { logRetentionDays: 5 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('logRetentionDays');
    expect((await call(tokens.adminA, 'PATCH', { logsRetentionDays: 0 })).status).toBe(400);
    expect((await call(tokens.adminA, 'PATCH', { logsRetentionDays: 1.5 })).status).toBe(400);
    expect((await call(tokens.adminA, 'PATCH', { cacheMinConfidence: 1.5 })).status).toBe(400);
    expect((await call(tokens.adminA, 'PATCH', { cacheTtlDays: -1 })).status).toBe(400);
    const other = (await (await call(tokens.adminB, 'GET')).json()) as { settings: unknown };
    expect(other.settings).toEqual(unset);
  });
});
