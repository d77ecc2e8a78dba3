// The few HTML pages the /auth routes answer with (no external assets): provider choice and sign-in errors.
import type { Request, Response } from 'express';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Molecular Analysis Dashboard</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}li{margin:.5rem 0}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function providerChoicePage(providers: { displayName: string; loginUrl: string }[]): string {
  if (providers.length === 0) {
    return layout(
      'Sign in',
      '<p>No identity provider is enabled. An operator can register one (see the README, section "auth").</p>',
    );
  }
  return layout(
    'Sign in',
    `<ul>${providers.map((p) => `<li><a href="${escapeHtml(p.loginUrl)}">Sign in with ${escapeHtml(p.displayName)}</a></li>`).join('')}</ul>`,
  );
}

/** A refusal: JSON for API clients, a small page with a way back for browsers. */
export function sendAuthFailure(req: Request, res: Response, status: number, message: string): void {
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(status).json({ error: message });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(layout('Sign-in failed', `<p>${escapeHtml(message)}</p><p><a href="/auth/login">Sign in again</a></p>`));
}
