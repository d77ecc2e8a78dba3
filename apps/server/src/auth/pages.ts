// The few HTML pages the /auth routes answer with (no external assets): where to sign in, the providers of one
// organisation, and sign-in errors. Everything an admin or a visitor typed is escaped.
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Molecular Analysis Dashboard</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}li{margin:.5rem 0}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** One provider as offered: its display name (escaped) marked with the organisation it belongs to. */
const offered = (p: { displayName: string; loginUrl: string; org: { slug: string; name: string } }) =>
  `<li><a href="${escapeHtml(p.loginUrl)}">Sign in with ${escapeHtml(p.displayName)}</a> <small>· organisation ${escapeHtml(p.org.name)} (${escapeHtml(p.org.slug)})</small></li>`;

/** The providers of one organisation (several registered: the person picks one). */
export function providerChoicePage(
  org: { slug: string; name: string },
  providers: { displayName: string; loginUrl: string; org: { slug: string; name: string } }[],
  another: string,
): string {
  return layout(
    `Sign in to ${org.name}`,
    `<ul>${providers.map(offered).join('')}</ul><p><a href="${escapeHtml(another)}">Another organisation</a></p>`,
  );
}

/**
 * Where sign-in starts: the person names their organisation (or gives their email). No provider is listed here,
 * except the server's own development provider when EMBEDDED_IDP is on.
 */
export function signInFormPage(options: {
  returnTo: string;
  org?: string | undefined;
  problem?: string | undefined;
  embedded?: { displayName: string; loginUrl: string; org: { slug: string; name: string } } | undefined;
}): string {
  const problem = options.problem ? `<p role="alert">${escapeHtml(options.problem)}</p>` : '';
  const embedded = options.embedded ? `<p>Development (EMBEDDED_IDP):</p><ul>${offered(options.embedded)}</ul>` : '';
  return layout(
    'Sign in',
    `${problem}<form method="get" action="/auth/login">
<input type="hidden" name="returnTo" value="${escapeHtml(options.returnTo)}">
<p><label>Organisation (its short name) <input name="org" value="${escapeHtml(options.org ?? '')}" autocomplete="organization" pattern="[a-zA-Z0-9][a-zA-Z0-9-]{1,62}"></label></p>
<p>or <label>your work email <input name="email" type="email" autocomplete="email"></label></p>
<p><button type="submit">Continue</button></p></form>${embedded}`,
  );
}

/** The error shape's code of an HTTP status: its reason phrase in capitals (502 BAD_GATEWAY, 429 TOO_MANY_REQUESTS). */
export const errorCodeOf = (status: number): string =>
  (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** An /auth refusal in the one error shape (API_CONTRACT "Errors"): `{ code, message }`. */
export function sendAuthError(res: Response, status: number, message: string): void {
  res.status(status).json({ code: errorCodeOf(status), message });
}

/** A refusal: JSON in the error shape for API clients, a small page with a way back for browsers. */
export function sendAuthFailure(req: Request, res: Response, status: number, message: string): void {
  if (req.accepts(['html', 'json']) === 'json') {
    sendAuthError(res, status, message);
    return;
  }
  res
    .status(status)
    .type('html')
    .send(layout('Sign-in failed', `<p>${escapeHtml(message)}</p><p><a href="/auth/login">Sign in again</a></p>`));
}
