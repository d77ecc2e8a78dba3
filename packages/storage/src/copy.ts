// Copying one bucket into another (any two S3 APIs: the backup copy of the platform's bucket, DEPLOYMENT_PLAN_CLOUD.md
// "Backups"). Incremental: an object already in the target with the same size and the same source ETag is skipped
// (the target keeps the source's ETag as metadata, since two S3 implementations may compute ETags differently).
// Deletions are not propagated: a backup copy keeps what the source lost, and reports it.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectEntry, Storage } from './objects.js';

export interface BucketCopyReport {
  copied: number;
  skipped: number;
  bytesCopied: number;
  /** Objects the target holds that the source no longer has (kept). */
  onlyInTarget: number;
}

const SOURCE_ETAG = 'source-etag';

async function sourceEtagInTarget(target: Storage, key: string): Promise<string | undefined> {
  const head = await target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
  return head.Metadata?.[SOURCE_ETAG];
}

export async function copyBucket(
  source: Storage,
  target: Storage,
  options: { prefix?: string; onObject?: (entry: ObjectEntry, copied: boolean) => void } = {},
): Promise<BucketCopyReport> {
  const prefix = options.prefix ?? '';
  const inTarget = new Map<string, ObjectEntry>();
  for await (const entry of target.listAllObjects(prefix)) inTarget.set(entry.key, entry);
  const report: BucketCopyReport = { copied: 0, skipped: 0, bytesCopied: 0, onlyInTarget: 0 };
  for await (const entry of source.listAllObjects(prefix)) {
    const existing = inTarget.get(entry.key);
    inTarget.delete(entry.key);
    const same =
      existing !== undefined &&
      existing.sizeBytes === entry.sizeBytes &&
      (existing.etag === entry.etag || (await sourceEtagInTarget(target, entry.key)) === entry.etag);
    if (same) {
      report.skipped += 1;
      options.onObject?.(entry, false);
      continue;
    }
    const object = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: entry.key }));
    const body = await object.Body!.transformToByteArray();
    await target.client.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: entry.key,
        Body: body,
        ContentType: object.ContentType,
        Metadata: { ...object.Metadata, [SOURCE_ETAG]: entry.etag },
      }),
    );
    report.copied += 1;
    report.bytesCopied += body.length;
    options.onObject?.(entry, true);
  }
  report.onlyInTarget = inTarget.size;
  return report;
}
