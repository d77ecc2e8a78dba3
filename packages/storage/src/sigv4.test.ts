// The verifier's limits beyond the signature itself (gateway.int.test.ts runs the signatures against s3rver).
import { describe, expect, it } from 'vitest';
import { FastPresigner } from './presign.js';
import { verifyPresignedUrl, verifySignedRequest } from './sigv4.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'a-secret-of-the-store' };
const signer = new FastPresigner({
  origin: 'http://127.0.0.1:9000',
  host: '127.0.0.1:9000',
  basePath: '/bucket',
  region: 'us-east-1',
});
const now = new Date('2026-12-02T05:00:00Z');

describe('verifySignedRequest', () => {
  it('accepts a link within its lifetime, and refuses it expired', () => {
    const url = signer.presign('GET', 'orgs/o/a b.sdf', 300, credentials, now);
    expect(verifyPresignedUrl(url, credentials, 'GET', new Date(now.getTime() + 299_000))).toMatchObject({ ok: true });
    expect(verifyPresignedUrl(url, credentials, 'GET', new Date(now.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a correctly signed link valid for more than 7 days, and one dated in the future', () => {
    const long = signer.presign('GET', 'orgs/o/x', 604_801, credentials, now);
    expect(verifyPresignedUrl(long, credentials, 'GET', now)).toEqual({ ok: false, reason: 'lifetime-too-long' });
    const future = signer.presign('GET', 'orgs/o/x', 60, credentials, new Date(now.getTime() + 20 * 60_000));
    expect(verifyPresignedUrl(future, credentials, 'GET', now)).toEqual({ ok: false, reason: 'clock-skew' });
  });

  it('says unsigned, malformed or another key apart', () => {
    expect(verifySignedRequest({ method: 'GET', url: '/bucket?list-type=2', headers: {} }, credentials)).toEqual({
      ok: false,
      reason: 'unsigned',
    });
    const headers = { host: '127.0.0.1:9000', authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/bad' };
    expect(verifySignedRequest({ method: 'GET', url: '/bucket', headers }, credentials)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    const other = signer.presign('GET', 'orgs/o/x', 60, { ...credentials, accessKeyId: 'OTHER' }, now);
    expect(verifyPresignedUrl(other, credentials, 'GET', now)).toEqual({ ok: false, reason: 'wrong-key' });
  });
});
