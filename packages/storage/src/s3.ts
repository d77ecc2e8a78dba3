// S3 through @aws-sdk/client-s3, the same code against AWS S3, MinIO and s3rver: path-style addressing for local
// servers, and checksums only where the operation requires them (the SDK's default would put a CRC of an empty
// body into presigned PUTs, which real S3 and MinIO then reject).
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface StorageConfig {
  endpoint?: string;
  /** The address presigned URLs carry (browsers, scripts and agents reach it; S3_PUBLIC_ENDPOINT); default `endpoint`. */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export function createS3Client(config: StorageConfig): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.accessKeyId && config.secretAccessKey
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
    maxAttempts: 2,
  });
}

/** Answers when the bucket exists and the credentials may use it; throws the SDK's error otherwise. */
export async function checkBucket(client: S3Client, bucket: string, timeoutMs = 2_000): Promise<void> {
  await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
}

/** Creates the bucket when it is missing (embedded default and tests; production buckets are made by infra). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await checkBucket(client, bucket, 5_000);
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
