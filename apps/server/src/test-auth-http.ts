// Test helpers: a browser-like cookie jar over fetch, and a walker through the identity provider's forms.
import { freePort } from '@mad/test-utils';
import type express from 'express';
import type { Server } from 'node:http';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies per host (ports ignored, as browsers do), honouring Path, Max-Age=0 and past Expires. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie[]>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && new Date(val).getTime() < Date.now()) expired = true;
      }
      const list = (this.cookies.get(url.hostname) ?? []).filter((c) => !(c.name === name && c.path === path));
      if (!expired) list.push({ name, value, path });
      this.cookies.set(url.hostname, list);
    }
  }

  header(url: URL): string {
    return (this.cookies.get(url.hostname) ?? [])
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(url: URL, name: string): string | undefined {
    return (this.cookies.get(url.hostname) ?? []).find((c) => c.name === name)?.value;
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(url, response);
    return response;
  }
}

/**
 * Follows redirects and fills the provider's login (email) and consent forms until the browser would be sent to a
 * URL starting with `stopAt`; returns that URL without requesting it.
 */
export async function walkToCallback(jar: CookieJar, start: string, email: string, stopAt: string): Promise<URL> {
  let url = new URL(start);
  let init: RequestInit = {};
  for (let step = 0; step < 25; step += 1) {
    const response = await jar.fetch(url, init);
    init = {};
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') ?? '', url);
      if (next.href.startsWith(stopAt)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${url.href} answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url.href}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    const body = html.includes('name="email"') ? new URLSearchParams({ email }) : new URLSearchParams();
    init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many steps before reaching the callback');
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves an express app on 127.0.0.1 (on `port` when given). */
export async function listen(app: express.Express, port?: number): Promise<Listening> {
  const chosen = port ?? (await freePort());
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(chosen, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
