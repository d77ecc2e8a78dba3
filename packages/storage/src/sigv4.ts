// Verifies an S3 presigned URL (SigV4 query authentication) the way S3 does: the signature over the canonical
// request, then the expiry. s3rver, the embedded default, checks the expiry but not the signature, so anyone can
// lengthen X-Amz-Expires there; real S3 and MinIO refuse that. The tests use this to show our URLs are bound to
// their lifetime, and a gateway in front of s3rver could use it to close that gap.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type PresignedCheck =
  { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'wrong-key' | 'signature-mismatch' | 'expired' };

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Parses "20261129T154500Z". */
function amzDate(value: string): Date | null {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

export function verifyPresignedUrl(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  method = 'GET',
  now = new Date(),
): PresignedCheck {
  const parsed = new URL(url);
  // The query as sent, still encoded: the canonical query string is built from the encoded pairs, sorted.
  const pairs = parsed.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    }) as [string, string][];
  const get = (name: string) => {
    const found = pairs.find(([k]) => k === name);
    return found ? decodeURIComponent(found[1]) : undefined;
  };
  const signature = get('X-Amz-Signature');
  const credential = get('X-Amz-Credential');
  const date = get('X-Amz-Date');
  const expires = Number(get('X-Amz-Expires'));
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signedAt = date ? amzDate(date) : null;
  if (
    get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !signature ||
    !credential ||
    !signedAt ||
    !signedHeaders ||
    !Number.isInteger(expires)
  )
    return { ok: false, reason: 'malformed' };
  const [accessKeyId, scopeDate, region, service, terminator] = credential.split('/');
  if (!scopeDate || !region || !service || terminator !== 'aws4_request') return { ok: false, reason: 'malformed' };
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, reason: 'wrong-key' };
  const headerValues: Record<string, string> = { host: parsed.host };
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${headerValues[h] ?? ''}\n`)
    .join('');
  const canonicalQuery = pairs
    .filter(([k]) => k !== 'X-Amz-Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    method,
    parsed.pathname,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, scopeDate, region, service))
    .update(stringToSign)
    .digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature-mismatch' };
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  return now.getTime() > expiresAt.getTime() ? { ok: false, reason: 'expired' } : { ok: true, expiresAt };
}
