// The embedded object store's front door: every request to s3rver must carry a valid SigV4 signature (SDK calls by
// the server and worker, presigned URLs for browsers, scripts and agents) made with the store's one key pair, or it
// is refused 403 before s3rver sees it: unsigned listing, reading, writing and deleting, a changed key or method,
// a lengthened or stretched expiry. CORS preflights (OPTIONS, which browsers send without credentials) pass.
// Real S3 and MinIO check signatures themselves and need none of this. (scripts/s3rver.mjs, test-utils startTestS3)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySignedRequest, type SigV4Credentials, type SignatureProblem } from './sigv4.js';

export interface SigV4GuardOptions {
  credentials: SigV4Credentials;
  /** Told about each refusal (the store's log). */
  onRefused?: (request: { method: string; path: string; reason: SignatureProblem }) => void;
  now?: () => Date;
}

const MESSAGES: Record<SignatureProblem, string> = {
  unsigned: 'Anonymous access is not allowed: sign the request (SigV4) or use a presigned URL.',
  malformed: 'The request signature is malformed.',
  'wrong-key': 'The access key id is not known to this store.',
  'signature-mismatch': 'The request signature does not match (changed key, method, query or credentials).',
  expired: 'The presigned URL has expired.',
  'clock-skew': "The request's date is more than 15 minutes from the store's time.",
  'lifetime-too-long': 'A presigned URL may be valid for at most 7 days.',
};

const xmlEscape = (value: string) =>
  value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** (req, res, next): next() for a correctly signed request (or a CORS preflight), 403 AccessDenied otherwise. */
export function sigV4Guard(options: SigV4GuardOptions) {
  const now = options.now ?? (() => new Date());
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return next();
    const check = verifySignedRequest(
      { method, url: req.url ?? '/', headers: req.headers },
      options.credentials,
      now(),
    );
    if (check.ok) return next();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    options.onRefused?.({ method, path, reason: check.reason });
    const code = check.reason === 'signature-mismatch' ? 'SignatureDoesNotMatch' : 'AccessDenied';
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(MESSAGES[check.reason])}</Message><Resource>${xmlEscape(path)}</Resource></Error>`;
    // The body of a refused request is read and dropped, never stored; the connection closes after the answer.
    req.resume();
    res.writeHead(403, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
      // Browsers read the refusal of a cross-origin GET (the dashboard shows it) like s3rver's own answers.
      'access-control-allow-origin': '*',
    });
    res.end(body);
  };
}
