// The result cache as a chemist sees it, in Debian's Chromium against the real stack (real Vina): a job docks ethanol;
// the same ligand submitted again with a new one reuses ethanol's result, and the job page says so ("1 of 2 ligands
// reused from job …", linked), row by row (reused from which job, or computed), with the confidence column and its
// tooltip. An admin sets the cache's TTL and threshold on the administration page and clears the cache there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedDataDir } from '@mad/test-utils';
import { openBrowser, type BrowserSession } from './browser.js';
import { dropFiles, signIn } from './helpers.js';
import { startStack, type Stack } from './stack.js';

const data = (name: string) => join(sharedDataDir, 'vina-1iep', name);
// A seed of its own per run, so a reused stack (E2E_STACK_URL) docks the first job again.
const SEED = String((Date.now() % 1_000_000) + 7);

let stack: Stack;
let browser: BrowserSession;

/** A new Vina job in the 1iep box (autoboxed around the crystal imatinib) for the pasted SMILES; answers its id. */
async function submitSmiles(page: Page, smiles: string): Promise<string> {
  await page.getByRole('link', { name: 'New job' }).click();
  await page.getByLabel('Receptor', { exact: true }).selectOption({ label: '1iep_receptorH' });
  await page.getByLabel('Reference ligand', { exact: true }).selectOption({ label: 'STI' });
  await expect
    .poll(async () => Number(await page.getByLabel('Centre x', { exact: true }).inputValue()), { timeout: 60_000 })
    .toBeCloseTo(15.107, 2);
  await page.getByLabel('SMILES, one per line').fill(smiles);
  await page.getByRole('radio', { name: /^AutoDock Vina/ }).check();
  await page.getByLabel('Exhaustiveness').fill('1');
  // Nine poses (the default), not three: a confidence needs two poses or more, and Vina at exhaustiveness 1 keeps a
  // single pose of ethanol for about one seed in twenty when asked for three (2 of 40 seeds; 0 of 200 with nine).
  await page.getByLabel('Poses per ligand').fill('9');
  await page.getByLabel('Random seed').fill(SEED);
  await page.getByRole('button', { name: 'Run docking' }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

const resultRow = (page: Page, ligand: string) =>
  page
    .getByRole('table', { name: 'Docking results' })
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: ligand, exact: true }) });

beforeAll(async () => {
  stack = await startStack();
  browser = await openBrowser(stack.url);
  await signIn(browser.page, 'dev@example.org');
  await browser.page.getByRole('link', { name: 'Molecules' }).click();
  await dropFiles(browser.page, [
    { name: '1iep_receptorH.pdb', text: await readFile(data('1iep_receptorH.pdb'), 'utf8') },
    { name: 'imatinib.sdf', text: await readFile(data('1iep_ligand.sdf'), 'utf8') },
  ]);
  await browser.page.getByTestId('upload-result').nth(1).waitFor();
  expect((await browser.page.getByTestId('upload-result').allTextContents()).join('\n')).not.toMatch(/error|failed/i);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('reused results on the job page', () => {
  let firstJobId = '';

  it('shows a computed job as computed, with a confidence for its ligand', async () => {
    const { page } = browser;
    firstJobId = await submitSmiles(page, 'CCO ethanol');
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 420_000 });
    const row = resultRow(page, 'ethanol');
    await row.getByTestId('origin').filter({ hasText: 'computed' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('cache-reuse').count()).toBe(0);
    const confidence = Number(await row.getByRole('cell').nth(3).textContent());
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it('shows which ligands of the same inputs submitted again were reused, and from which job', async () => {
    const { page } = browser;
    // Ethanol written the other way round is the same molecule: reused; ethylamine is new: computed.
    const secondJobId = await submitSmiles(page, 'OCC ethanol\nCCN ethylamine');
    expect(secondJobId).not.toBe(firstJobId);
    const note = page.getByTestId('cache-reuse');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.textContent()).toMatch(new RegExp(`^1 of 2 ligands reused from job ${firstJobId.slice(0, 8)}`));
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 420_000 });
    const reused = resultRow(page, 'ethanol').getByTestId('origin');
    await reused.filter({ hasText: `reused from ${firstJobId.slice(0, 8)}` }).waitFor({ timeout: 60_000 });
    await resultRow(page, 'ethylamine').getByTestId('origin').filter({ hasText: 'computed' }).waitFor();
    const confidence = page.getByRole('columnheader', { name: 'Confidence' });
    expect(await confidence.getAttribute('title')).toMatch(/How far to trust the top pose \(0–1\)/);
    await browser.screenshot('30-job-reused-results', { fullPage: true });

    // The note links to the job that computed the reused result.
    await note.getByRole('link', { name: firstJobId.slice(0, 8) }).click();
    await page.waitForURL(new RegExp(`/jobs/${firstJobId}$`));
    await resultRow(page, 'ethanol').getByTestId('origin').filter({ hasText: 'computed' }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('the result cache on the administration page', () => {
  it('lets an admin set the TTL and the threshold, and clear the cache', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Result cache' }).waitFor();
    await page.getByLabel('Reuse results for (days, 0: never)').fill('7');
    await page.getByLabel('Minimum confidence to reuse (0–1)').fill('0.25');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByTestId('cache-effective')
      .filter({ hasText: 'results up to 7 days old with confidence ≥ 0.25' })
      .waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Clear the cache' }).click();
    const cleared = page.getByRole('status').filter({ hasText: 'stored result(s) forgotten' });
    await cleared.waitFor();
    // Ethanol and ethylamine were stored.
    expect(Number((await cleared.textContent())!.split(' ')[0])).toBeGreaterThanOrEqual(2);
    // Back to the server defaults: empty fields.
    await page.getByLabel('Reuse results for (days, 0: never)').fill('');
    await page.getByLabel('Minimum confidence to reuse (0–1)').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('cache-effective').filter({ hasText: 'results up to 30 days old' }).waitFor();
    await browser.screenshot('31-admin-result-cache', { fullPage: true });
    expect(browser.pageErrors).toEqual([]);
  });
});
