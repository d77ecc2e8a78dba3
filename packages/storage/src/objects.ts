// Object I/O and presigned URLs for one bucket. Presigned URLs are short-lived by default: they travel to browsers
// and agents, which must not be able to reuse them much later.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Client, ensureBucket, type StorageConfig } from './s3.js';
import { endpointOfPresignedUrl, FastPresigner } from './presign.js';

export const DEFAULT_PRESIGN_SECONDS = 300;
/** SigV4 allows at most a week. */
export const MAX_PRESIGN_SECONDS = 604_800;

export interface PresignOptions {
  expiresInSeconds?: number;
  /** GET only: ask S3 to answer with Content-Disposition: attachment; filename="…". */
  downloadName?: string;
  /** PUT only: the Content-Type the uploader must send (it becomes part of the signature). */
  mediaType?: string;
}

/** One object of a listing. */
export interface ObjectEntry {
  key: string;
  sizeBytes: number;
  lastModified: Date;
  etag: string;
}

/** A page of a listing: `nextStartAfter` continues it (null on the last page). */
export interface ObjectPage {
  objects: ObjectEntry[];
  nextStartAfter: string | null;
}

/** S3 deletes at most 1,000 keys per request. */
const DELETE_BATCH = 1_000;

export interface Storage {
  readonly bucket: string;
  readonly client: S3Client;
  putObject(key: string, body: Uint8Array | string, mediaType: string): Promise<void>;
  getObject(key: string): Promise<Buffer>;
  /** Deleting a missing key succeeds (S3 semantics), so cleanup can be retried. */
  deleteObject(key: string): Promise<void>;
  objectExists(key: string): Promise<boolean>;
  /** Up to `maxKeys` (≤ 1,000) objects under `prefix`, in key order, after `startAfter`. */
  listObjects(prefix: string, options?: { startAfter?: string; maxKeys?: number }): Promise<ObjectPage>;
  /** Every object under `prefix` (pages of 1,000). */
  listAllObjects(prefix: string): AsyncGenerator<ObjectEntry>;
  /** Deletes the keys (1,000 per request); missing keys count as deleted. Returns how many were asked to go. */
  deleteObjects(keys: readonly string[]): Promise<number>;
  presignGet(key: string, options?: PresignOptions): Promise<string>;
  presignPut(key: string, options?: PresignOptions): Promise<string>;
  ensureBucket(): Promise<void>;
  destroy(): void;
}

function lifetime(options: PresignOptions | undefined): number {
  const seconds = options?.expiresInSeconds ?? DEFAULT_PRESIGN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new Error(`presigned URL lifetime must be 1..${MAX_PRESIGN_SECONDS} s, got ${seconds}`);
  }
  return seconds;
}

/** RFC 6266 header value with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createStorage(config: StorageConfig): Storage {
  const client = createS3Client(config);
  // Presigned URLs are signed for the address their users reach (the signature covers the host).
  const presignClient =
    config.publicEndpoint && config.publicEndpoint !== config.endpoint
      ? createS3Client({ ...config, endpoint: config.publicEndpoint })
      : client;
  const bucket = config.bucket;
  // Plain GET/PUT URLs (no response header, no signed Content-Type) are signed by FastPresigner; its endpoint is
  // taken once from an SDK-presigned probe URL, the credentials from the SDK's provider chain (cached by the SDK,
  // refreshed when temporary ones expire).
  let fast: Promise<FastPresigner> | null = null;
  const presigner = () =>
    (fast ??= (async () => {
      const probeKey = 'mad-presign-probe';
      const probe = await getSignedUrl(presignClient, new GetObjectCommand({ Bucket: bucket, Key: probeKey }), {
        expiresIn: 60,
      });
      return new FastPresigner(endpointOfPresignedUrl(probe, probeKey, await presignClient.config.region()));
    })().catch((error: unknown) => {
      fast = null;
      throw error;
    }));
  const fastPresign = async (method: 'GET' | 'PUT', key: string, seconds: number) => {
    const signer = await presigner();
    const credentials = await presignClient.config.credentials();
    return signer.presign(method, key, seconds, credentials);
  };
  return {
    bucket,
    client,
    async putObject(key, body, mediaType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: mediaType }));
    },
    async getObject(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!answer.Body) throw new Error(`object ${key} has no body`);
      return Buffer.from(await answer.Body.transformToByteArray());
    },
    async deleteObject(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async objectExists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status === 404) return false;
        throw error;
      }
    },
    async listObjects(prefix, options = {}) {
      // ListObjects (v1) with Marker: every S3 API has it, and s3rver's v2 continuation tokens need DES, which
      // Node 20's OpenSSL 3 no longer offers.
      const answer = await client.send(
        new ListObjectsCommand({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: Math.min(options.maxKeys ?? 1_000, 1_000),
          ...(options.startAfter ? { Marker: options.startAfter } : {}),
        }),
      );
      const objects = (answer.Contents ?? []).map((entry) => ({
        key: entry.Key ?? '',
        sizeBytes: entry.Size ?? 0,
        lastModified: entry.LastModified ?? new Date(0),
        etag: (entry.ETag ?? '').replace(/"/g, ''),
      }));
      return { objects, nextStartAfter: answer.IsTruncated ? (objects.at(-1)?.key ?? null) : null };
    },
    async *listAllObjects(prefix) {
      for (let startAfter: string | undefined; ;) {
        const page = await this.listObjects(prefix, startAfter ? { startAfter } : {});
        yield* page.objects;
        if (!page.nextStartAfter) return;
        startAfter = page.nextStartAfter;
      }
    },
    async deleteObjects(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const answer = await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const failed = answer.Errors ?? [];
        if (failed.length > 0)
          throw new Error(
            `S3 refused to delete ${failed.length} object(s), e.g. ${failed[0]?.Key}: ${failed[0]?.Code} ${failed[0]?.Message}`,
          );
      }
      return keys.length;
    },
    async presignGet(key, options) {
      if (!options?.downloadName) return fastPresign('GET', key, lifetime(options));
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(options?.downloadName ? { ResponseContentDisposition: contentDisposition(options.downloadName) } : {}),
      });
      return getSignedUrl(presignClient, command, { expiresIn: lifetime(options) });
    },
    async presignPut(key, options) {
      if (!options?.mediaType) return fastPresign('PUT', key, lifetime(options));
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(options?.mediaType ? { ContentType: options.mediaType } : {}),
      });
      return getSignedUrl(presignClient, command, { expiresIn: lifetime(options) });
    },
    ensureBucket: () => ensureBucket(client, bucket),
    destroy: () => {
      client.destroy();
      if (presignClient !== client) presignClient.destroy();
    },
  };
}
