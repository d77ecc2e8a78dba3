// /api/docs in Debian's Chromium (playwright-core): the interactive reference renders every operation of the served
// OpenAPI document from this server alone (no CDN, nothing the Content-Security-Policy refuses), "Authorize" takes an
// API token and "Try it out" sends a real request with it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { chromium, type BrowserContext } from 'playwright-core';
import { createOrganization } from '@mad/auth';
import { CHROMIUM_ARGS, freePort } from '@mad/test-utils';
import { memberWithToken, runtimeHarness, type Listening, type RuntimeHarness } from '../../test/auth-http.js';

const log = pino({ level: 'silent' });
let harness: RuntimeHarness;
let server: Listening;
let token: string;
let profile: string;
let browser: BrowserContext;

beforeAll(async () => {
  harness = await runtimeHarness('api_docs', log);
  const org = await createOrganization(harness.database.db, { slug: 'docs-org', name: 'Docs org' });
  token = (await memberWithToken(harness.database.db, org.id, 'reader@docs.example.org', 'viewer', 'docs')).token;
  const port = await freePort();
  ({ server } = await harness.serve({ PUBLIC_URL: `http://127.0.0.1:${port}` }, port));
  profile = await mkdtemp(join(tmpdir(), 'mad-api-docs-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
});

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await harness?.close();
});

describe('GET /api/docs', () => {
  it('renders every operation from this server alone, and tries GET /v1/me with an API token', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(operations).toBeGreaterThan(30);

    const page = browser.pages()[0] ?? (await browser.newPage());
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== server.url && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });

    await page.goto(`${server.url}/api/docs`);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 60_000 }).toBe(operations);
    expect(await page.locator('.opblock-summary-path').allInnerTexts()).toContain('/v1/jobs/{jobId}');

    await page.locator('.btn.authorize').first().click();
    await page.locator('.modal-ux input').first().fill(token);
    await page.locator('.modal-ux .btn.modal-btn.auth.authorize').first().click();
    await page.locator('.modal-ux .btn-done').first().click();

    const me = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path', { hasText: /^\/v1\/me$/ }) });
    await me.locator('.opblock-summary').click();
    await me.locator('.btn.execute').click();
    const status = me.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toBe('200');
    expect(await me.locator('.live-responses-table tbody .response-col_description').first().innerText()).toContain(
      'docs-org',
    );

    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
