// Debian's Chromium driven by playwright-core (no downloaded browser), headless, with a fresh profile per session.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '@mad/test-utils';

export const artifactsDir = fileURLToPath(new URL('./artifacts/', import.meta.url));

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw, and Content-Security-Policy refusals, to fail a test on a broken page rather than a
   * missing element. */
  pageErrors: string[];
  screenshot: (name: string, options?: { fullPage?: boolean }) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * `bearerToken`: every request to the dashboard's origin carries `Authorization: Bearer <token>` (and nothing else
 * does: presigned S3 URLs must not get it), which is how a test browses as an API token's role.
 */
export async function openBrowser(baseUrl: string, options: { bearerToken?: string } = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'mad-chromium-'));
  await mkdir(artifactsDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
    baseURL: baseUrl,
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
  });
  if (options.bearerToken) {
    const origin = new URL(baseUrl).origin;
    await context.route(
      (url) => url.origin === origin,
      (route) =>
        route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${options.bearerToken}` } }),
    );
  }
  // Every refusal of the server's Content-Security-Policy is logged as an error the listener below collects (a
  // refused `new Function` may otherwise only show as a missing depiction).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy refused ${event.violatedDirective}: ${event.blockedURI || 'inline/eval'}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Whatever the server's Content-Security-Policy blocks is a broken page too (Chromium logs each refusal).
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return {
    context,
    page,
    pageErrors,
    async screenshot(name, options = {}) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: options.fullPage ?? false });
      return path;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
