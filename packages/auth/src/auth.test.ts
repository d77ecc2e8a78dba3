import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiToken, looksLikeApiToken } from './api-tokens.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { FailureRateLimiter } from './rate-limit.js';
import { csrfTokenFor, extendedIdleDeadline, isSessionLive, sessionDeadlines } from './sessions.js';
import { emailDomainAllowed, safeReturnTo } from './oidc.js';
import { resultsSchemaFor } from './accounts.js';
import { mayLinkByEmail } from './login.js';
import { effectiveTokenRole } from './principal.js';
import { constantTimeEqual, sha256Hex } from './secrets.js';

describe('API tokens', () => {
  it('are mad_ + 256 random bits, stored as a SHA-256 with a short prefix', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.secret).toMatch(/^mad_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(sha256Hex(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBe(10);
    expect(looksLikeApiToken(a.secret)).toBe(true);
    expect(looksLikeApiToken('mad_short')).toBe(false);
  });

  it('are read from an Authorization header only with the Bearer scheme', () => {
    expect(bearerToken('Bearer mad_abc')).toBe('mad_abc');
    expect(bearerToken('bearer   mad_abc ')).toBe('mad_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('cookies', () => {
  it('parse the first value of each name and decode it', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; broken; c="q"')).toEqual({ a: '1', b: 'x y', c: 'q' });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('serialize with httpOnly, Secure and SameSite as asked', () => {
    expect(
      serializeCookie('mad_session', 'v', { httpOnly: true, secure: true, sameSite: 'Lax', maxAgeSeconds: 60 }),
    ).toBe('mad_session=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax');
    expect(serializeCookie('mad_csrf', 'v')).toBe('mad_csrf=v; Path=/; SameSite=Lax');
  });
});

describe('FailureRateLimiter', () => {
  it('limits an address after maxFailures in the window and lets it go when the window slides', () => {
    let now = 1_000_000;
    const limiter = new FailureRateLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterMs('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
      now += 1_000;
    }
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(57_000);
    expect(limiter.retryAfterMs('10.0.0.2')).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(0);
  });

  it('forgets the oldest addresses beyond maxKeys', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.retryAfterMs('a')).toBe(0);
    expect(limiter.retryAfterMs('c')).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  const policy = { idleTimeoutMs: 60_000, absoluteTimeoutMs: 600_000 };
  const created = new Date('2026-01-01T00:00:00Z');

  it('expire when idle, when too old, or when revoked', () => {
    const { idleExpiresAt, absoluteExpiresAt } = sessionDeadlines(policy, created);
    expect(idleExpiresAt.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(absoluteExpiresAt.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    const row = { revoked_at: null, idle_expires_at: idleExpiresAt, absolute_expires_at: absoluteExpiresAt };
    expect(isSessionLive(row, new Date('2026-01-01T00:00:59Z'))).toBe(true);
    expect(isSessionLive(row, new Date('2026-01-01T00:01:00Z'))).toBe(false);
    expect(isSessionLive({ ...row, revoked_at: created }, created)).toBe(false);
    // Activity pushes the idle deadline, never past the absolute one.
    expect(extendedIdleDeadline(policy, new Date('2026-01-01T00:09:30Z'), absoluteExpiresAt)).toEqual(
      absoluteExpiresAt,
    );
    expect(extendedIdleDeadline(policy, new Date('2026-01-01T00:05:00Z'), absoluteExpiresAt).toISOString()).toBe(
      '2026-01-01T00:06:00.000Z',
    );
  });

  it('have a CSRF token bound to the session and the server key', () => {
    const token = csrfTokenFor('key-1', 'a'.repeat(64));
    expect(token).toBe(csrfTokenFor('key-1', 'a'.repeat(64)));
    expect(token).not.toBe(csrfTokenFor('key-2', 'a'.repeat(64)));
    expect(token).not.toBe(csrfTokenFor('key-1', 'b'.repeat(64)));
    expect(constantTimeEqual(token, token)).toBe(true);
    expect(constantTimeEqual(token, `${token}x`)).toBe(false);
  });
});

describe('sign-in rules', () => {
  it('allow only the listed email domains, any when none are listed', () => {
    expect(emailDomainAllowed('dev@Example.org', ['example.org'])).toBe(true);
    expect(emailDomainAllowed('eve@evil.test', ['example.org'])).toBe(false);
    expect(emailDomainAllowed('eve@example.org.evil.test', ['example.org'])).toBe(false);
    expect(emailDomainAllowed('x@anything.io', [])).toBe(true);
    expect(emailDomainAllowed('not-an-email', ['example.org'])).toBe(false);
  });

  it('return only to paths on this site', () => {
    expect(safeReturnTo('/jobs/42?tab=poses')).toBe('/jobs/42?tab=poses');
    for (const bad of ['//evil.test', 'https://evil.test', '/\\evil.test', 'jobs', undefined, '/a\r\nSet-Cookie: x'])
      expect(safeReturnTo(bad)).toBe('/');
  });

  it('link an existing account by email only when the provider vouches for the email', () => {
    expect(mayLinkByEmail({ email: 'a@example.org', emailVerified: true }, [])).toBe(true);
    expect(mayLinkByEmail({ email: 'a@example.org', emailVerified: false }, ['example.org'])).toBe(false);
    expect(mayLinkByEmail({ email: 'a@example.org', emailVerified: undefined }, ['example.org'])).toBe(true);
    expect(mayLinkByEmail({ email: 'a@example.org', emailVerified: undefined }, [])).toBe(false);
  });

  it('never let a token act above its owner', () => {
    const viewer = { id: 'v', name: 'viewer', rank: 10 };
    const admin = { id: 'a', name: 'admin', rank: 30 };
    expect(effectiveTokenRole(admin, viewer)).toBe(viewer);
    expect(effectiveTokenRole(viewer, admin)).toBe(viewer);
  });
});

describe('results schema names', () => {
  it('derive from the slug, stay valid for long slugs and reject bad slugs', () => {
    expect(resultsSchemaFor('demo')).toBe('org_demo');
    expect(resultsSchemaFor('acme-labs')).toBe('org_acme_labs');
    const long = resultsSchemaFor(`a${'b'.repeat(62)}`);
    expect(long).toMatch(/^org_[a-z0-9_]{1,59}$/);
    expect(long).not.toBe(resultsSchemaFor(`a${'b'.repeat(61)}c`));
    expect(() => resultsSchemaFor('Robert"; drop')).toThrow(/lowercase/);
  });
});
