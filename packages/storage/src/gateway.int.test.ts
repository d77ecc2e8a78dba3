// The embedded object store behind the signature check (issue 13: "s3rver ignores signatures, so any local process
// can list every organisation's objects, read them without a signature, PUT or DELETE them; a presigned URL with a
// changed key or a 7-day expiry is served"). Real s3rver, the real AWS SDK and plain HTTP requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { startTestS3, type TestS3 } from '@mad/test-utils';
import { createStorage, type Storage } from './objects.js';
import { moleculeObjectKey } from './keys.js';
import { sigV4Guard } from './gateway.js';
import { copyBucket } from './copy.js';

let s3: TestS3;
let storage: Storage;
const refusals: string[] = [];
const org = '6f1c1d52-2b37-4a55-9d6e-2f1f5f0f6d22';
const key = moleculeObjectKey(org, 'c'.repeat(64), 'ligand (1).sdf');
const body = randomBytes(2048);

beforeAll(async () => {
  const secretAccessKey = randomBytes(24).toString('base64url');
  s3 = await startTestS3('mad-gateway-test', undefined, {
    secretAccessKey,
    gate: sigV4Guard({
      credentials: { accessKeyId: 'S3RVER', secretAccessKey },
      onRefused: ({ method, reason }) => refusals.push(`${method} ${reason}`),
    }),
  });
  storage = createStorage({ ...s3, forcePathStyle: true });
  await storage.putObject(key, body, 'chemical/x-mdl-sdfile');
});

afterAll(async () => {
  storage?.destroy();
  await s3?.stop();
});

const objectUrl = (k: string) => `${s3.endpoint}/${s3.bucket}/${k.split('/').map(encodeURIComponent).join('/')}`;

/** A request with no signature, as curl would send it. */
function plain(
  method: string,
  url: string,
  payload?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the signature check in front of s3rver', () => {
  it('lets the SDK (signed headers) put, get, list, copy and delete', async () => {
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
    expect(await storage.objectExists(key)).toBe(true);
    const listed = await storage.listObjects(`orgs/${org}/`);
    expect(listed.objects.map((o) => o.key)).toEqual([key]);
    const extra = `orgs/${org}/scratch/a b*'(x).txt`;
    await storage.putObject(extra, 'scratch', 'text/plain');
    expect(await storage.deleteObjects([extra])).toBe(1);
    expect(await storage.objectExists(extra)).toBe(false);
    // A second bucket on the same gated store: the copy reads and writes through signed calls only.
    const target = await startTestS3('mad-gateway-copy');
    const copyTarget = createStorage({ ...target, forcePathStyle: true });
    try {
      const report = await copyBucket(storage, copyTarget);
      expect(report).toMatchObject({ copied: 1 });
    } finally {
      copyTarget.destroy();
      await target.stop();
    }
  });

  it('serves presigned GET and PUT links (fast presigner and SDK-presigned with a download name or media type)', async () => {
    const get = await fetch(await storage.presignGet(key, { expiresInSeconds: 60 }));
    expect(get.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await get.arrayBuffer()), body)).toBe(0);
    const named = await fetch(await storage.presignGet(key, { expiresInSeconds: 60, downloadName: 'pose "1".sdf' }));
    expect(named.status).toBe(200);
    expect(named.headers.get('content-disposition')).toContain('pose');
    const target = `orgs/${org}/jobs/j/tasks/t (1)/poses.sdf`;
    const put = await fetch(await storage.presignPut(target, { expiresInSeconds: 60 }), { method: 'PUT', body: 'p' });
    expect(put.status).toBe(200);
    const typed = await fetch(await storage.presignPut(target, { expiresInSeconds: 60, mediaType: 'text/plain' }), {
      method: 'PUT',
      body: 'typed',
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(200);
    expect((await storage.getObject(target)).toString()).toBe('typed');
  });

  it('signs links for S3_PUBLIC_ENDPOINT (the address users reach) while the calls go to S3_ENDPOINT', async () => {
    const port = new URL(s3.endpoint).port;
    const publicEndpoint = `http://localhost:${port}`;
    const split = createStorage({ ...s3, publicEndpoint, forcePathStyle: true });
    try {
      for (const link of [
        await split.presignGet(key, { expiresInSeconds: 60 }),
        await split.presignGet(key, { expiresInSeconds: 60, downloadName: 'a.sdf' }),
      ]) {
        expect(new URL(link).origin).toBe(publicEndpoint);
        const answer = await fetch(link);
        expect(answer.status).toBe(200);
        expect(Buffer.compare(Buffer.from(await answer.arrayBuffer()), body)).toBe(0);
        // The signature covers the host: the same link on the internal address is refused.
        expect((await fetch(link.replace(publicEndpoint, s3.endpoint))).status).toBe(403);
      }
      const put = await split.presignPut(`orgs/${org}/public.txt`, { expiresInSeconds: 60 });
      expect(new URL(put).origin).toBe(publicEndpoint);
      expect((await fetch(put, { method: 'PUT', body: 'via the public address' })).status).toBe(200);
      expect((await split.getObject(`orgs/${org}/public.txt`)).toString()).toBe('via the public address');
    } finally {
      split.destroy();
    }
  });

  it('refuses unsigned listing, reading, writing and deleting with 403 (and changes nothing)', async () => {
    const before = refusals.length;
    for (const url of [`${s3.endpoint}/`, `${s3.endpoint}/${s3.bucket}`, `${s3.endpoint}/${s3.bucket}?prefix=orgs/`]) {
      const listing = await plain('GET', url);
      expect(listing.status, url).toBe(403);
      expect(listing.body).toContain('<Code>AccessDenied</Code>');
      expect(listing.body).not.toContain(org);
    }
    expect((await plain('GET', objectUrl(key))).status).toBe(403);
    expect((await plain('HEAD', objectUrl(key))).status).toBe(403);
    expect((await plain('PUT', objectUrl(key), 'forged')).status).toBe(403);
    expect((await plain('DELETE', objectUrl(key))).status).toBe(403);
    expect((await plain('POST', `${s3.endpoint}/${s3.bucket}?delete`, '<Delete/>')).status).toBe(403);
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
    expect(refusals.slice(before).every((r) => r.endsWith('unsigned'))).toBe(true);
    // A CORS preflight carries no credentials and passes to s3rver (this test bucket has no CORS rules, so s3rver
    // itself refuses it; scripts/s3rver.mjs's bucket allows GET/PUT from any origin).
    const refusedBefore = refusals.length;
    const preflight = await plain('OPTIONS', objectUrl(key), undefined, {
      origin: 'http://127.0.0.1:8080',
      'access-control-request-method': 'GET',
    });
    expect(refusals.length).toBe(refusedBefore);
    expect(preflight.body).not.toContain('Anonymous access');
  });

  it('refuses a presigned link with a changed key, method, lengthened or stretched expiry, or past its lifetime', async () => {
    const url = await storage.presignGet(key, { expiresInSeconds: 60 });
    const otherKey = url.replace('c'.repeat(64), 'd'.repeat(64));
    expect(otherKey).not.toBe(url);
    expect((await fetch(otherKey)).status).toBe(403);
    const lengthened = new URL(url);
    lengthened.searchParams.set('X-Amz-Expires', '604800');
    expect((await fetch(lengthened)).status).toBe(403);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: 'forged' })).status).toBe(403);
    const stripped = new URL(url);
    stripped.searchParams.delete('X-Amz-Signature');
    expect((await fetch(stripped)).status).toBe(403);
    const short = await storage.presignGet(key, { expiresInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2_100));
    const expired = await fetch(short);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
  });

  it('refuses SDK calls signed with another secret', async () => {
    const wrong = createStorage({ ...s3, secretAccessKey: 'not-the-secret', forcePathStyle: true });
    try {
      await expect(wrong.getObject(key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      await expect(wrong.listObjects(`orgs/${org}/`)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      await expect(wrong.putObject(key, 'forged', 'text/plain')).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
      const forged = await fetch(await wrong.presignGet(key, { expiresInSeconds: 60 }));
      expect(forged.status).toBe(403);
    } finally {
      wrong.destroy();
    }
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
  });
});
