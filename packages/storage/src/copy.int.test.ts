// The bucket copy between two S3 servers (two s3rver instances, as two providers would be): everything arrives
// byte for byte, a second run copies nothing, a changed object is copied again, and an object deleted from the
// source stays in the copy (reported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestS3, type TestS3 } from '@mad/test-utils';
import { createStorage, type Storage } from './objects.js';
import { copyBucket } from './copy.js';

let servers: TestS3[] = [];
let source: Storage;
let target: Storage;
const org = 'orgs/0b7c6a52-6f37-4a55-9d6e-2f1f5f0f6d11/';
const objects = new Map<string, Buffer>();

beforeAll(async () => {
  servers = await Promise.all([startTestS3('mad-primary'), startTestS3('mad-copy')]);
  [source, target] = servers.map((s) => createStorage({ ...s, forcePathStyle: true })) as [Storage, Storage];
  for (let i = 0; i < 1_203; i++)
    objects.set(`${org}jobs/j${i % 7}/tasks/t${i}/poses.sdf`, randomBytes(50 + (i % 300)));
  objects.set(`${org}molecules/${'a'.repeat(64)}/big.pdb`, randomBytes(3_000_000));
  for (const [key, bytes] of objects) await source.putObject(key, bytes, 'chemical/x-mdl-sdfile');
});

afterAll(async () => {
  source?.destroy();
  target?.destroy();
  await Promise.all(servers.map((s) => s.stop()));
});

async function everything(storage: Storage) {
  const found = new Map<string, Buffer>();
  for await (const entry of storage.listAllObjects('')) found.set(entry.key, await storage.getObject(entry.key));
  return found;
}

describe('copyBucket', () => {
  it('copies every object byte for byte (more than one listing page), with its content type', async () => {
    const report = await copyBucket(source, target);
    expect(report).toMatchObject({ copied: objects.size, skipped: 0, onlyInTarget: 0 });
    const copied = await everything(target);
    expect(copied.size).toBe(objects.size);
    for (const [key, bytes] of objects) expect(Buffer.compare(copied.get(key)!, bytes), key).toBe(0);
  });

  it('copies nothing the second time, a changed object again, and keeps what the source deleted', async () => {
    expect(await copyBucket(source, target)).toMatchObject({ copied: 0, skipped: objects.size });
    const [changed, removed] = [...objects.keys()];
    const newBytes = randomBytes(77);
    await source.putObject(changed!, newBytes, 'chemical/x-mdl-sdfile');
    await source.deleteObject(removed!);
    const report = await copyBucket(source, target);
    expect(report).toMatchObject({ copied: 1, skipped: objects.size - 2, onlyInTarget: 1 });
    expect(Buffer.compare(await target.getObject(changed!), newBytes)).toBe(0);
    expect(await target.objectExists(removed!)).toBe(true);
  });
});
