import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestS3, type TestS3 } from '@mad/test-utils';
import { createStorage, type Storage } from './objects.js';
import { moleculeObjectKey } from './keys.js';
import { verifyPresignedUrl } from './sigv4.js';

let s3: TestS3;
let storage: Storage;
const org = '0b7c6a52-6f37-4a55-9d6e-2f1f5f0f6d11';

beforeAll(async () => {
  s3 = await startTestS3('mad-storage-test');
  storage = createStorage({ ...s3, forcePathStyle: true });
});

afterAll(async () => {
  storage?.destroy();
  await s3?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('storage against s3rver', () => {
  it('puts, gets, checks and deletes objects; deleting a missing key succeeds', async () => {
    const body = randomBytes(4096);
    const key = moleculeObjectKey(org, 'b'.repeat(64), 'blob.bin');
    await storage.putObject(key, body, 'application/octet-stream');
    expect(await storage.objectExists(key)).toBe(true);
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
    await storage.deleteObject(key);
    expect(await storage.objectExists(key)).toBe(false);
    await expect(storage.deleteObject(key)).resolves.toBeUndefined();
  });

  it('lists a prefix page by page in key order and deletes many keys at once', async () => {
    const prefix = `orgs/${org}/jobs/11111111-2222-4333-8444-555555555555/`;
    const keys = Array.from({ length: 7 }, (_, i) => `${prefix}tasks/t${i}/poses.sdf`);
    for (const key of keys) await storage.putObject(key, `pose ${key}`, 'chemical/x-mdl-sdfile');
    await storage.putObject(`orgs/${org}/molecules/x/other.sdf`, 'other', 'chemical/x-mdl-sdfile');
    const first = await storage.listObjects(prefix, { maxKeys: 3 });
    expect(first.objects.map((o) => o.key)).toEqual(keys.slice(0, 3));
    expect(first.objects[0]?.sizeBytes).toBe(`pose ${keys[0]}`.length);
    expect(first.nextStartAfter).toBe(keys[2]);
    const rest = await storage.listObjects(prefix, { startAfter: first.nextStartAfter!, maxKeys: 10 });
    expect(rest.objects.map((o) => o.key)).toEqual(keys.slice(3));
    expect(rest.nextStartAfter).toBeNull();
    const all: string[] = [];
    for await (const entry of storage.listAllObjects(prefix)) all.push(entry.key);
    expect(all).toEqual(keys);
    expect(await storage.deleteObjects([...keys, `${prefix}missing`])).toBe(8);
    expect((await storage.listObjects(prefix)).objects).toEqual([]);
    expect(await storage.objectExists(`orgs/${org}/molecules/x/other.sdf`)).toBe(true);
  });

  it('presigns a PUT without checksum parameters, and a path-style GET that returns the same bytes', async () => {
    const key = moleculeObjectKey(org, 'c'.repeat(64), 'pose.sdf');
    const putUrl = new URL(await storage.presignPut(key, { expiresInSeconds: 60, mediaType: 'chemical/x-mdl-sdfile' }));
    const names = [...putUrl.searchParams.keys()].map((k) => k.toLowerCase());
    expect(names.filter((n) => n.startsWith('x-amz-checksum') || n === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
    expect(putUrl.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(putUrl.pathname).toBe(`/${s3.bucket}/${key}`);

    const body = Buffer.from('pose\n$$$$\n');
    const put = await fetch(putUrl, { method: 'PUT', body, headers: { 'content-type': 'chemical/x-mdl-sdfile' } });
    expect(put.status).toBe(200);

    const get = await fetch(await storage.presignGet(key, { expiresInSeconds: 60, downloadName: 'pose "1".sdf' }));
    expect(get.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await get.arrayBuffer()), body)).toBe(0);
    expect(get.headers.get('content-disposition')).toContain('attachment; filename="pose _1_.sdf"');
  });

  it('refuses a presigned GET and PUT once their lifetime has passed (s3rver checks X-Amz-Date + X-Amz-Expires)', async () => {
    const key = moleculeObjectKey(org, 'd'.repeat(64), 'short.txt');
    await storage.putObject(key, 'short-lived', 'text/plain');
    const getUrl = await storage.presignGet(key, { expiresInSeconds: 1 });
    const putUrl = await storage.presignPut(key, { expiresInSeconds: 1 });
    expect((await fetch(getUrl)).status).toBe(200);
    // X-Amz-Date has one-second resolution: wait past date + 1 s whatever the sub-second offset.
    await sleep(2_500);
    const expired = await fetch(getUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/i);
    expect((await fetch(putUrl, { method: 'PUT', body: 'overwrite' })).status).toBe(403);
    expect((await storage.getObject(key)).toString()).toBe('short-lived');
  });

  it('rejects lifetimes outside 1 s .. 7 days before signing anything', async () => {
    const key = moleculeObjectKey(org, 'e'.repeat(64), 'x');
    await expect(storage.presignGet(key, { expiresInSeconds: 0 })).rejects.toThrow(/lifetime/);
    await expect(storage.presignGet(key, { expiresInSeconds: 604_801 })).rejects.toThrow(/lifetime/);
  });
});

describe('presigned URLs are bound to their lifetime by their signature', () => {
  it('verify as SigV4, expire, and fail verification when X-Amz-Expires is lengthened (which s3rver itself lets through)', async () => {
    const key = moleculeObjectKey(org, 'f'.repeat(64), 'bound.txt');
    await storage.putObject(key, 'bound', 'text/plain');
    const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    const url = await storage.presignGet(key, { expiresInSeconds: 60, downloadName: 'bound "1".txt' });
    const check = verifyPresignedUrl(url, credentials);
    expect(check.ok).toBe(true);
    expect(verifyPresignedUrl(url, credentials, 'GET', new Date(Date.now() + 61_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    const put = await storage.presignPut(key, { expiresInSeconds: 60, mediaType: 'text/plain' });
    expect(verifyPresignedUrl(put, credentials, 'PUT').ok).toBe(true);

    const lengthened = new URL(url);
    lengthened.searchParams.set('X-Amz-Expires', '604800');
    expect(verifyPresignedUrl(lengthened.toString(), credentials)).toEqual({ ok: false, reason: 'signature-mismatch' });
    const otherKey = new URL(url.replace('bound.txt', 'other.txt'));
    expect(verifyPresignedUrl(otherKey.toString(), credentials)).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyPresignedUrl(url, { ...credentials, secretAccessKey: 'wrong' })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    // The gap this closes: s3rver serves the lengthened URL (it checks expiry, not the signature).
    expect((await fetch(lengthened)).status).toBe(200);
  });
});

describe('plain GET/PUT URLs come from the fast presigner (presign.ts)', () => {
  it('are valid SigV4 (verifier), bound to method, key and lifetime, and s3rver accepts them for PUT and GET', async () => {
    const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    // A key with characters SigV4 encodes specially (space, parentheses, star, apostrophe) in a job path.
    const key = `orgs/${org}/jobs/${org}/tasks/t (1)/lig*'a b/poses.sdf`;
    const put = await storage.presignPut(key, { expiresInSeconds: 120 });
    expect(new URL(put).searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(verifyPresignedUrl(put, credentials, 'PUT')).toMatchObject({ ok: true });
    expect(verifyPresignedUrl(put, credentials, 'GET')).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyPresignedUrl(put, { ...credentials, secretAccessKey: 'wrong' }, 'PUT')).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    const lengthened = new URL(put);
    lengthened.searchParams.set('X-Amz-Expires', '604800');
    expect(verifyPresignedUrl(lengthened.toString(), credentials, 'PUT')).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verifyPresignedUrl(put, credentials, 'PUT', new Date(Date.now() + 121_000))).toEqual({
      ok: false,
      reason: 'expired',
    });

    const body = Buffer.from('fast\n$$$$\n');
    expect((await fetch(put, { method: 'PUT', body })).status).toBe(200);
    expect(Buffer.compare(await storage.getObject(key), body)).toBe(0);
    const get = await storage.presignGet(key, { expiresInSeconds: 120 });
    expect(verifyPresignedUrl(get, credentials, 'GET')).toMatchObject({ ok: true });
    const answer = await fetch(get);
    expect(answer.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await answer.arrayBuffer()), body)).toBe(0);
  });

  it('signs the same request as the SDK presigner would (same scope and canonical form: both verify)', async () => {
    const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    const key = moleculeObjectKey(org, 'a'.repeat(64), 'same.txt');
    const sdk = new URL(await storage.presignGet(key, { expiresInSeconds: 60, downloadName: 'same.txt' }));
    const fast = new URL(await storage.presignGet(key, { expiresInSeconds: 60 }));
    expect(fast.origin + fast.pathname).toBe(sdk.origin + sdk.pathname);
    // Same key id, day, region, service (the test does not run across midnight UTC).
    expect(fast.searchParams.get('X-Amz-Credential')).toBe(sdk.searchParams.get('X-Amz-Credential'));
    expect(verifyPresignedUrl(fast.toString(), credentials).ok).toBe(true);
    expect(verifyPresignedUrl(sdk.toString(), credentials).ok).toBe(true);
  });
});
