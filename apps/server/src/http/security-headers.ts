// Response headers on every answer (dashboard, API, sign-in pages), as helmet sets them: a Content-Security-Policy
// the dashboard works under (its own scripts; RDKit's WebAssembly and its embind glue, which builds functions with
// `new Function`; 3Dmol's WebGL canvas; SSE and fetches to this origin; presigned object-store links), no framing, no MIME sniffing, no referrer to other sites, and HSTS in
// production. project_design/ACCESS.md ("Threat model") says what each one covers.
import type { RequestHandler } from 'express';

export interface SecurityHeaderOptions {
  /** NODE_ENV=production: HSTS (the public address is https there). */
  production: boolean;
  /** Origins presigned URLs point at (S3_PUBLIC_ENDPOINT): the dashboard fetches files and images from them. */
  objectStoreOrigins?: string[];
}

/** The Content-Security-Policy value for the given object-store origins. */
export function contentSecurityPolicy(objectStoreOrigins: string[] = []): string {
  const store = objectStoreOrigins.join(' ');
  const directives: Record<string, string> = {
    'default-src': "'self'",
    // Scripts from this origin only, never inline ones. RDKit MinimalLib compiles its .wasm and its embind glue
    // creates invokers with `new Function` (the 2D depictions fail without 'unsafe-eval': dashboard e2e).
    'script-src': "'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    // The sign-in pages and 3Dmol set inline styles; no inline scripts anywhere.
    'style-src': "'self' 'unsafe-inline'",
    'img-src': `'self' data: blob: ${store}`.trim(),
    'font-src': "'self' data:",
    'connect-src': `'self' ${store}`.trim(),
    'worker-src': "'self' blob:",
    'object-src': "'none'",
    'base-uri': "'self'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const csp = contentSecurityPolicy([...new Set(options.objectStoreOrigins ?? [])]);
  return (_req, res, next) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.production) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
