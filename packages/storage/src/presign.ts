// A small SigV4 query presigner (node:crypto) for plain GET and PUT URLs. The AWS SDK's getSignedUrl runs its whole
// middleware stack (endpoint resolution, serialisers, a fresh signing key) for every URL: ~0.3 ms each, and the
// dispatcher signs 4 URLs per one-ligand task. Here the endpoint comes from one SDK-presigned probe URL (so path-
// or virtual-host style, custom endpoints and the region are exactly the SDK's), the signing key is derived once per
// day and scope, and a URL costs one SHA-256 and one HMAC. The canonical request is the one sigv4.ts verifies:
// UNSIGNED-PAYLOAD, signed header `host` only.
import { createHash, createHmac } from 'node:crypto';

export interface PresignCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PresignEndpoint {
  /** Scheme, host and the path up to the bucket's objects, e.g. http://127.0.0.1:9000/bucket (path style) or https://bucket.s3.eu-west-1.amazonaws.com. */
  origin: string;
  host: string;
  /** The path prefix before the object key ('' or '/bucket'). */
  basePath: string;
  region: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An S3 object key as a URI path: each segment encoded, the slashes kept (S3 does not double-encode). */
export const encodeKeyPath = (key: string) => key.split('/').map(uriEncode).join('/');

/** The endpoint part of an SDK-presigned URL for `probeKey`: everything before the key. */
export function endpointOfPresignedUrl(url: string, probeKey: string, region: string): PresignEndpoint {
  const parsed = new URL(url);
  const keyPath = `/${encodeKeyPath(probeKey)}`;
  if (!parsed.pathname.endsWith(keyPath))
    throw new Error(`cannot find the key ${probeKey} in the presigned URL path ${parsed.pathname}`);
  const basePath = parsed.pathname.slice(0, parsed.pathname.length - keyPath.length);
  return { origin: parsed.origin, host: parsed.host, basePath, region };
}

const amzDateOf = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export class FastPresigner {
  private keyCache: { scope: string; secret: string; key: Buffer } | null = null;

  constructor(private readonly endpoint: PresignEndpoint) {}

  private signingKey(secret: string, date: string): Buffer {
    const scope = `${date}/${this.endpoint.region}`;
    if (this.keyCache?.scope !== scope || this.keyCache.secret !== secret) {
      const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), this.endpoint.region), 's3'), 'aws4_request');
      this.keyCache = { scope, secret, key };
    }
    return this.keyCache.key;
  }

  presign(
    method: 'GET' | 'PUT',
    key: string,
    expiresInSeconds: number,
    credentials: PresignCredentials,
    now = new Date(),
  ): string {
    const amzDate = amzDateOf(now);
    const date = amzDate.slice(0, 8);
    const scope = `${date}/${this.endpoint.region}/s3/aws4_request`;
    const path = `${this.endpoint.basePath}/${encodeKeyPath(key)}`;
    // Already sorted by name (code point order), as the canonical query string requires.
    const query = [
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
      ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', String(expiresInSeconds)],
      ...(credentials.sessionToken ? [['X-Amz-Security-Token', credentials.sessionToken]] : []),
      ['X-Amz-SignedHeaders', 'host'],
    ]
      .map(([k, v]) => `${k}=${uriEncode(v!)}`)
      .join('&');
    const canonicalRequest = `${method}\n${path}\n${query}\nhost:${this.endpoint.host}\n\nhost\nUNSIGNED-PAYLOAD`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(credentials.secretAccessKey, date))
      .update(stringToSign)
      .digest('hex');
    return `${this.endpoint.origin}${path}?${query}&X-Amz-Signature=${signature}`;
  }
}
