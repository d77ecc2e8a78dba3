// The Webhooks page in Debian's Chromium against the real stack (npm start: server, worker, Postgres, NATS, S3) and a
// real receiver on 127.0.0.1 (so the stack allows private networks): an admin adds a webhook and copies its secret
// (shown once), sends a test and sees the receiver's 200 in the deliveries, rotates the secret (the new one shown
// once; the next test is signed with both) and deletes it. Only a role with webhooks:manage sees the page in the nav.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser.js';
import { signIn } from './helpers.js';
import { startStack, type Stack } from './stack.js';

const DEV_EMAIL = 'dev@example.org';
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200).end('ok');
  });
});

let stack: Stack;
let admin: BrowserSession;
let hookUrl = '';

/** The v1 signatures of a delivery that verify with `secret`. */
function verifying(secret: string, delivery: (typeof received)[number]): number {
  const fields = String(delivery.headers['x-mad-signature'])
    .split(',')
    .map((part) => part.split('=', 2));
  const t = fields.find(([key]) => key === 't')![1];
  const expected = createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex');
  return fields.filter(([key, value]) => key === 'v1' && value === expected).length;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/mad-hook`;
  stack = await startStack({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  admin = await openBrowser(stack.url);
});

afterAll(async () => {
  await admin?.close();
  await stack?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('the Webhooks page', () => {
  it('adds a webhook (secret once), sends a test (200 in the log), rotates the secret and deletes it', async () => {
    const { page } = admin;
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, DEV_EMAIL);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

    await page.getByLabel('Webhook URL').fill(hookUrl);
    await page.getByLabel('Webhook description').fill('e2e receiver');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = ((await page.getByTestId('webhook-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    const table = page.getByRole('table', { name: 'Webhooks' });
    await table.getByText(hookUrl).waitFor();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A test delivery: the worker sends it, the receiver answers 200, the log shows it.
    await page.getByRole('button', { name: `Send a test to ${hookUrl}` }).click();
    const log = page.getByRole('table', { name: 'Recent deliveries' });
    await log.getByTestId('delivery-status-code').filter({ hasText: '200' }).first().waitFor({ timeout: 60_000 });
    expect(await log.getByRole('row').nth(1).textContent()).toMatch(/webhook\.test.*delivered/);
    expect(received).toHaveLength(1);
    expect(verifying(secret, received[0]!)).toBe(1);
    await admin.screenshot('11-webhooks', { fullPage: true });

    // Rotation: a new secret shown once, with until when the previous one also signs; the next test carries both.
    await page.getByRole('button', { name: `Rotate the secret of ${hookUrl}` }).click();
    await page.getByText(/Copy the new signing secret/).waitFor();
    const rotated = ((await page.getByTestId('webhook-secret').textContent()) ?? '').trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByText(/each delivery is signed with both the new and the previous secret/).waitFor();
    await table.getByText(/previous one signs until/).waitFor();
    await page.getByRole('button', { name: `Send a test to ${hookUrl}` }).click();
    await expect.poll(() => received.length, { timeout: 60_000 }).toBe(2);
    expect(verifying(rotated, received[1]!)).toBe(1);
    expect(verifying(secret, received[1]!)).toBe(1);
    await log.getByTestId('delivery-status-code').filter({ hasText: '200' }).nth(1).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: `Delete ${hookUrl}` }).click();
    await page.getByText('No webhooks yet').waitFor();
    expect(admin.pageErrors).toEqual([]);
  });

  it('is not in the nav, and refuses to open, for a role without webhooks:manage', async () => {
    const token = stack
      .cli(['create-token', '--org', 'demo', '--email', DEV_EMAIL, '--role', 'scientist', '--name', 'webhooks e2e'])
      .trim()
      .split('\n')
      .at(-1)!
      .trim();
    const scientist = await openBrowser(stack.url, { bearerToken: token });
    try {
      const { page } = scientist;
      await page.goto('/jobs');
      await page.getByText(/ · scientist$/).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).not.toContain('Webhooks');
      await page.goto('/webhooks');
      await page
        .getByRole('alert')
        .getByText(/cannot open Webhooks/)
        .waitFor();
    } finally {
      await scientist.close();
    }
  });
});
