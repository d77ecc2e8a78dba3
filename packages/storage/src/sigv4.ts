// Verifies S3 requests signed with SigV4 the way S3 does: presigned URLs (query authentication: the signature over
// the canonical request, then the expiry) and SDK calls (the Authorization header, with X-Amz-Date within 15 min of
// now). s3rver, the embedded default, checks neither signature (only a presigned URL's expiry), so anyone could list,
// read, write or lengthen a link there; gateway.ts puts this in front of it. Real S3 and MinIO check for themselves.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { uriEncode } from './presign.js';

export type SignatureProblem =
  'unsigned' | 'malformed' | 'wrong-key' | 'signature-mismatch' | 'expired' | 'clock-skew' | 'lifetime-too-long';

export type PresignedCheck = { ok: true; expiresAt: Date } | { ok: false; reason: SignatureProblem };

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request as it arrived: the method, the path with its query exactly as sent, the headers (lower-case names). */
export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** S3 refuses a presigned URL valid for longer than 7 days, and a signed request whose date is 15 min off. */
export const MAX_PRESIGNED_SECONDS = 604_800;
const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Parses "20261129T154500Z". */
function amzDate(value: string | undefined): Date | null {
  const m = value ? /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value) : null;
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The query's pairs, decoded; null when one cannot be decoded. */
function queryPairs(search: string): [string, string][] | null {
  const pairs: [string, string][] = [];
  for (const pair of search.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === null || value === null) return null;
    pairs.push([key, value]);
  }
  return pairs;
}

const headerValue = (headers: SignedRequest['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

interface Parsed {
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
  date: string;
  signedAt: Date;
  payloadHash: string;
  /** Query pairs that go into the canonical query string. */
  pairs: [string, string][];
  /** Presigned: seconds the URL is valid. */
  expires: number | null;
}

function parseCredential(value: string | undefined): Pick<Parsed, 'accessKeyId' | 'scope'> | null {
  const [accessKeyId, date, region, service, terminator, ...rest] = (value ?? '').split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || rest.length > 0) return null;
  return { accessKeyId, scope: { date, region, service } };
}

function parse(request: SignedRequest, search: string): Parsed | SignatureProblem {
  const pairs = queryPairs(search);
  if (!pairs) return 'malformed';
  const get = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const authorization = headerValue(request.headers, 'authorization');
  if (get('X-Amz-Algorithm') !== undefined) {
    if (authorization) return 'malformed';
    const credential = parseCredential(get('X-Amz-Credential'));
    const date = get('X-Amz-Date') ?? '';
    const signedAt = amzDate(date);
    const expires = Number(get('X-Amz-Expires'));
    const signature = get('X-Amz-Signature');
    const signedHeaders = get('X-Amz-SignedHeaders');
    if (
      get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
      !credential ||
      !signedAt ||
      !signature ||
      !signedHeaders ||
      !Number.isInteger(expires) ||
      expires < 1
    )
      return 'malformed';
    return {
      ...credential,
      signedHeaders: signedHeaders.split(';'),
      signature,
      date,
      signedAt,
      payloadHash: 'UNSIGNED-PAYLOAD',
      pairs: pairs.filter(([k]) => k !== 'X-Amz-Signature'),
      expires,
    };
  }
  if (!authorization) return 'unsigned';
  const m = /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]+)$/.exec(
    authorization.trim(),
  );
  const credential = m ? parseCredential(m[1]) : null;
  const date = headerValue(request.headers, 'x-amz-date') ?? '';
  const signedAt = amzDate(date);
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (!m || !credential || !signedAt || !payloadHash) return 'malformed';
  return {
    ...credential,
    signedHeaders: m[2]!.split(';'),
    signature: m[3]!,
    date,
    signedAt,
    payloadHash,
    pairs,
    expires: null,
  };
}

/**
 * Checks a request's SigV4 signature (presigned query or Authorization header) against the one key pair, as S3
 * does; the path is taken as sent (S3 neither normalises nor double-encodes it).
 */
export function verifySignedRequest(
  request: SignedRequest,
  credentials: SigV4Credentials,
  now = new Date(),
): PresignedCheck {
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const parsed = parse(request, queryAt < 0 ? '' : request.url.slice(queryAt + 1));
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  if (parsed.accessKeyId !== credentials.accessKeyId) return { ok: false, reason: 'wrong-key' };
  if (!parsed.signedHeaders.includes('host') || parsed.scope.date !== parsed.date.slice(0, 8))
    return { ok: false, reason: 'malformed' };
  const canonicalHeaders = parsed.signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalQuery = parsed.pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    path || '/',
    canonicalQuery,
    canonicalHeaders,
    parsed.signedHeaders.join(';'),
    parsed.payloadHash,
  ].join('\n');
  const { date: scopeDate, region, service } = parsed.scope;
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', parsed.date, scope, sha256(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, scopeDate, region, service))
    .update(stringToSign)
    .digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature-mismatch' };
  if (parsed.signedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'clock-skew' };
  if (parsed.expires === null) {
    if (parsed.signedAt.getTime() < now.getTime() - MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'clock-skew' };
    return { ok: true, expiresAt: new Date(parsed.signedAt.getTime() + MAX_CLOCK_SKEW_MS) };
  }
  if (parsed.expires > MAX_PRESIGNED_SECONDS) return { ok: false, reason: 'lifetime-too-long' };
  const expiresAt = new Date(parsed.signedAt.getTime() + parsed.expires * 1000);
  return now.getTime() > expiresAt.getTime() ? { ok: false, reason: 'expired' } : { ok: true, expiresAt };
}

/** A presigned URL as a client would send it (host header from the URL). */
export function verifyPresignedUrl(
  url: string,
  credentials: SigV4Credentials,
  method = 'GET',
  now = new Date(),
): PresignedCheck {
  const parsed = new URL(url);
  return verifySignedRequest(
    { method, url: `${parsed.pathname}${parsed.search}`, headers: { host: parsed.host } },
    credentials,
    now,
  );
}
