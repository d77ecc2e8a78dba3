// The whole path a chemist takes, in Debian's Chromium against the real stack (server, worker, agent, Postgres,
// NATS, S3): sign in through the embedded IdP → upload the 1iep receptor and imatinib by drag and drop → binding
// site from the crystal ligand → run Vina (exhaustiveness 1 to keep the test short) → progress to 100% → results
// and the 3D pose → download the SDF and parse it. Then the same pages as a viewer show no actions.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { parseSdf } from '../src/lib/structure.js';
import { openBrowser, type BrowserSession } from './browser.js';
import { dropFiles, signIn } from './helpers.js';
import { startStack, type Stack } from './stack.js';

const DEV_EMAIL = 'dev@example.org';
const MEMBER_EMAIL = 'colleague@example.org';
// Unique per run, so a reused stack (E2E_STACK_URL) takes the test again.
const PARTNER_ORG = { slug: `partner-${Date.now().toString(36)}`, name: `Partner lab ${Date.now().toString(36)}` };
const data = (name: string) => join(sharedDataDir, 'vina-1iep', name);

let stack: Stack;
let admin: BrowserSession;
let jobUrl = '';
let viewerToken = '';

// One ligand in flight per organisation: a job of two is refused with 429 (the quota message on the form), and the
// one-ligand job of the path goes through. A reused stack (E2E_STACK_URL) must run with these settings.
const QUOTAS = { ORG_MAX_LIGANDS_IN_FLIGHT: '1', QUOTA_RETRY_AFTER_SECONDS: '45' };

beforeAll(async () => {
  stack = await startStack(QUOTAS);
  // A second organisation where dev@example.org is only a viewer: the org switcher appears, and switching shows the
  // pages as a signed-in viewer.
  stack.cli(['create-org', '--org', PARTNER_ORG.slug, '--name', PARTNER_ORG.name]);
  stack.cli(['add-member', '--org', PARTNER_ORG.slug, '--email', DEV_EMAIL, '--role', 'viewer']);
  // A session acts only in organisations that trust its identity provider: the partner lab trusts the embedded one.
  stack.sql(
    `insert into identity_providers (org_id, display_name, issuer, client_id, default_role_id, auto_provision, enabled)
     select o.id, 'Embedded (test)', '${stack.url}/idp', 'mad-dashboard', r.id, false, true
     from organizations o, roles r where o.slug = '${PARTNER_ORG.slug}' and r.name = 'viewer'`,
  );
  admin = await openBrowser(stack.url);
});

afterAll(async () => {
  await admin?.close();
  await stack?.stop();
});

describe('the chemist’s path through the dashboard', () => {
  it('signs in through the embedded identity provider', async () => {
    const { page } = admin;
    await signIn(page, DEV_EMAIL);
    await page.getByText(`${DEV_EMAIL} · admin`).waitFor();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await admin.screenshot('01-jobs-empty');
  });

  it('uploads the 1iep receptor and imatinib by drag and drop, and lists them', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Molecules' }).click();
    await dropFiles(page, [
      { name: '1iep_receptorH.pdb', text: await readFile(data('1iep_receptorH.pdb'), 'utf8') },
      { name: 'imatinib.sdf', text: await readFile(data('1iep_ligand.sdf'), 'utf8') },
      // One good and one broken SMILES: the broken record is reported under its file, with its record number.
      { name: 'pasted.smi', text: 'CCO ethanol\nC1CC(N broken\n' },
    ]);
    await page.getByTestId('upload-result').nth(2).waitFor();
    const results = await page.getByTestId('upload-result').allTextContents();
    expect(results.join('\n')).toMatch(/1iep_receptorH\.pdb: 1 molecule\(s\) added/);
    expect(results.join('\n')).toMatch(/imatinib\.sdf: 1 molecule\(s\) added/);
    expect(results.join('\n')).toMatch(/pasted\.smi: 1 molecule\(s\) added/);
    expect(await page.getByRole('list', { name: 'Errors in pasted.smi' }).textContent()).toMatch(/record 2/);
    const library = page.getByRole('table', { name: 'Molecule library' });
    await library.getByRole('link', { name: /1iep/ }).waitFor();
    await library
      .getByRole('img', { name: /2D structure of/ })
      .locator('svg')
      .first()
      .waitFor();
    await admin.screenshot('02-molecules');
  });

  it('finds the pyridines by substructure, and says when no molecule matches', async () => {
    const { page } = admin;
    const library = page.getByRole('table', { name: 'Molecule library' });
    const search = page.getByLabel('Substructure', { exact: true });
    await search.fill('c1ccncc1');
    await search.press('Enter');
    // Imatinib (STI) has a pyridine; ethanol and the receptor (no SMILES) do not.
    await expect.poll(() => library.getByRole('link').allTextContents()).toEqual(['STI']);
    await library.getByRole('img', { name: '2D structure of STI' }).locator('svg').waitFor();
    await admin.screenshot('02b-molecules-substructure');
    await search.fill('c1ccc2ccccc2c1');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('No molecule matches c1ccc2ccccc2c1').waitFor();
    await search.fill('');
    await library.getByRole('link', { name: /1iep/ }).waitFor();
  });

  it('shows the receptor with its chains', async () => {
    const { page } = admin;
    await page.getByRole('table', { name: 'Molecule library' }).getByRole('link', { name: /1iep/ }).click();
    await page.getByRole('table', { name: 'Chains' }).waitFor();
    await page.locator('[data-testid="viewer-canvas"][data-ready="true"] canvas').waitFor();
    await admin.screenshot('03-receptor');
  });

  it('creates a project to group the jobs', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByLabel('Project name').fill('ABL1 screen');
    await page.getByLabel('Description').fill('imatinib against 1iep');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'ABL1 screen' }).waitFor();
  });

  it('defines the binding site from the crystal ligand and submits a Vina job', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Receptor', { exact: true }).selectOption({ label: '1iep_receptorH' });
    // The ligand picker finds imatinib by its pyridine and selects every match (the SDF's title line names it STI).
    const find = page.getByLabel('Find ligands by substructure', { exact: true });
    await find.fill('c1ccncc1');
    await find.press('Enter');
    await page.getByText('1 matching c1ccncc1.').waitFor();
    expect(await page.getByRole('group', { name: 'Library ligands' }).getByRole('checkbox').count()).toBe(1);
    // Select all matching saves the search as a ligand set on the server; the job docks the set by its id.
    await page.getByRole('button', { name: 'Select all matching' }).click();
    await page.getByText('Saved 1 matching as a ligand set.').waitFor();
    expect(await page.getByTestId('ligand-set').textContent()).toMatch(/substructure c1ccncc1: 1 ligand\(s\)/);
    await find.fill(''); // every library ligand again; the set stays chosen
    await page.getByRole('checkbox', { name: 'ethanol' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'STI' }).isChecked()).toBe(false);
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'ABL1 screen' });
    const reference = page.getByLabel('Reference ligand', { exact: true });
    await reference.selectOption({ label: 'STI' });
    // The box wraps the crystal pose of imatinib (the Vina tutorial's box is centred at 15.19, 53.90, 16.92).
    await expect
      .poll(async () => Number(await page.getByLabel('Centre x', { exact: true }).inputValue()), { timeout: 60_000 })
      .toBeCloseTo(15.107, 2);
    expect(Number(await page.getByLabel('Centre y', { exact: true }).inputValue())).toBeCloseTo(53.977, 2);
    expect(Number(await page.getByLabel('Centre z', { exact: true }).inputValue())).toBeCloseTo(17.143, 2);
    await page.getByLabel('Exhaustiveness').fill('1');
    await page.getByLabel('Poses per ligand').fill('3');
    // The organisation's quotas beside Run docking; two ligands would pass its one ligand in flight: the page warns,
    // the server refuses with 429, and the form says so with the Retry-After instead of a raw error.
    const quotas = page.getByRole('table', { name: 'Quotas and usage' });
    await quotas.getByRole('row', { name: /Ligands in flight\s*0 of 1/ }).waitFor();
    expect(await quotas.getByRole('row', { name: /Per job/ }).textContent()).toMatch(
      /100,000 ligands.*exhaustiveness 512/,
    );
    await page.getByRole('checkbox', { name: 'ethanol' }).check();
    await page.getByTestId('quota-warning').waitFor();
    await page.getByRole('button', { name: 'Run docking' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Over a limit of your organisation' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/2 more would pass its limit of 1 \(ORG_MAX_LIGANDS_IN_FLIGHT\)/);
    expect(await refusal.getByTestId('retry-after').textContent()).toBe('Try again in 45 s.');
    expect(new URL(page.url()).pathname).toBe('/jobs/new');
    await page.getByRole('checkbox', { name: 'ethanol' }).uncheck();
    expect(await page.getByTestId('quota-warning').count()).toBe(0);
    await expect.poll(() => page.getByTestId('estimate').textContent()).toMatch(/1 ligand\(s\) × exhaustiveness 1 = 1/);
    await page.locator('[data-testid="viewer-canvas"][data-ready="true"] canvas').waitFor();
    await admin.screenshot('04-new-job', { fullPage: true });
    await page.getByRole('button', { name: 'Run docking' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    jobUrl = new URL(page.url()).pathname;
  });

  it('follows the job live to 100% and shows the results and the 3D pose', async () => {
    const { page } = admin;
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 420_000 });
    await page.getByText('completed', { exact: true }).first().waitFor();
    const timeline = page.getByRole('list', { name: 'Job events' });
    expect(await timeline.getByRole('listitem').count()).toBeGreaterThan(1);
    const row = page.getByRole('table', { name: 'Docking results' }).getByRole('row').nth(1);
    const affinity = Number(await row.getByRole('cell').nth(1).textContent());
    expect(affinity).toBeLessThan(-5);
    // Its best pose passes the validity checks: a plain success, nothing flagged on the page.
    expect(await row.getByText('succeeded', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('flagged').count()).toBe(0);
    expect(await page.getByTestId('flagged-count').count()).toBe(0);
    await page.getByTestId('pose-viewer').locator('[data-testid="viewer-canvas"][data-ready="true"] canvas').waitFor();
    // The pose switcher lists every pose Vina kept (exhaustiveness 1 may keep only one within the energy range).
    const poseSwitcher = page.getByLabel('Pose', { exact: true });
    expect(await poseSwitcher.locator('option').count()).toBeGreaterThanOrEqual(1);
    await poseSwitcher.selectOption('0');
    // The top pose's interactions (PLIP on the agent), listed by residue with distances; MET318, imatinib's hinge
    // residue, among them and a column of the fingerprint.
    const interactions = page.getByRole('table', { name: 'Interactions of the pose' });
    await interactions.waitFor();
    expect(await page.getByTestId('pose-interactions').textContent()).toMatch(/found by plip 2\.2\.2/);
    expect(await interactions.textContent()).toMatch(/A:MET318/);
    expect(await interactions.getByRole('row').nth(1).textContent()).toMatch(/\d\.\d\d/);
    const fingerprint = page.getByRole('table', { name: 'Interaction fingerprint' });
    expect(await fingerprint.getByRole('columnheader', { name: 'MET318' }).count()).toBe(1);
    // The residue filter asks the server: MET318 keeps imatinib, GLY999 matches nothing.
    const residueFilter = page.getByLabel('Interacts with residue');
    await residueFilter.fill('GLY999');
    await page.getByText('No ligand matches').waitFor();
    await residueFilter.fill('MET318');
    await page.getByRole('table', { name: 'Docking results' }).getByRole('row').nth(1).waitFor();
    await residueFilter.fill('');
    await page.waitForTimeout(500); // let WebGL draw the frame the screenshot shows
    await admin.screenshot('05-job-results', { fullPage: true });
    await page.getByText('Logs', { exact: true }).click();
    await expect
      .poll(async () => (await page.locator('pre.logs').textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/\S/);
  });

  it('downloads the SDF of top poses with the affinity on each record', async () => {
    const { page } = admin;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download SDF (top poses)' }).click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    const records = parseSdf(text);
    expect(records).toHaveLength(1);
    expect(records[0]!.atoms.length).toBeGreaterThan(30);
    expect(Number(records[0]!.tags.affinity_kcal_mol)).toBeLessThan(-5);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV (scores)' }).click(),
    ]);
    const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'ligand,smiles,status,affinity_kcal_mol,cnn_score,heavy_atoms,ligand_efficiency,valid,failed_checks,error',
    );
    expect(lines).toHaveLength(2);
    // Imatinib docked into its own pocket: the best pose passes every validity check (not flagged).
    expect(lines[1]!.split(',').slice(-3)).toEqual(['true', '', '']);
  });

  it('runs a second job of the project with other parameters and compares the two side by side', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Re-run with changes' }).click();
    const exhaustiveness = page.getByLabel('Exhaustiveness');
    await expect.poll(() => exhaustiveness.inputValue(), { timeout: 60_000 }).toBe('1');
    await exhaustiveness.fill('2');
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'ABL1 screen' });
    await page.getByRole('button', { name: 'Run docking' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 420_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'ABL1 screen' });
    const table = page.getByRole('table', { name: 'Docking jobs' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 30_000 }).toBe(3);
    expect(await table.textContent()).toMatch(/1iep_receptorH/);
    for (const box of await table.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: /Compare the two ticked/ }).click();
    await page.waitForURL(/\/compare\?a=/);
    const summary = page.getByTestId('compare-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/1 ligand\(s\) in both; 0 only in the first, 0 only in the second/);
    expect(await summary.textContent()).toMatch(/Differs in: params\.exhaustiveness/);
    const row = page.getByRole('table', { name: 'Ligands of both jobs' }).getByRole('row').nth(1);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('STI');
    const [first, second, delta] = cells.slice(1).map(Number);
    expect(first).toBeLessThan(-5);
    expect(second).toBeLessThan(-5);
    expect(delta).toBeCloseTo(second! - first!, 1);
    await admin.screenshot('06b-compare', { fullPage: true });
  });

  it('shows the agents and the administration pages', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page
      .getByRole('table', { name: 'Docking jobs' })
      .getByTestId('progress-text')
      .filter({ hasText: '100%' })
      .first()
      .waitFor();
    await admin.screenshot('06-jobs');
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('table', { name: 'Compute agents' }).getByText('vina').first().waitFor();
    await admin.screenshot('07-agents');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel('New member email').fill(MEMBER_EMAIL);
    await page.getByLabel('New member role').selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('table', { name: 'Members' }).getByText(MEMBER_EMAIL).waitFor();
    // A viewer-role API token, shown once: the viewer check below browses with it.
    await page.getByLabel('Token name').fill('viewer check');
    await page.getByLabel('Token role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create token' }).click();
    viewerToken = ((await page.getByTestId('new-token').textContent()) ?? '').trim();
    expect(viewerToken.length).toBeGreaterThan(20);
    await page.getByRole('table', { name: 'API tokens' }).getByText('viewer check').first().waitFor();
    // The quotas in full; the finished job holds no ligand any more.
    const quotas = page.getByRole('table', { name: 'Quotas and usage' });
    await quotas.getByRole('row', { name: /Ligands in flight\s*0 of 1/ }).waitFor();
    expect(await quotas.getByRole('row', { name: /Active jobs/ }).textContent()).toMatch(/0 of 50/);
    await admin.screenshot('08-admin');
    expect(admin.pageErrors).toEqual([]);
  });

  it('switches to an organisation where the user is a viewer, and back', async () => {
    const { page } = admin;
    const switcher = page.getByLabel('Organisation');
    await switcher.selectOption({ label: PARTNER_ORG.name });
    await page.getByText(`${DEV_EMAIL} · viewer`).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Molecules', 'Jobs', 'Projects', 'Agents']);
    await nav.getByRole('link', { name: 'Molecules' }).click();
    await page.getByText('No molecules yet').waitFor();
    expect(await page.locator('.dropzone').count()).toBe(0);
    await switcher.selectOption('demo'); // option values are organisation slugs
    await page.getByText(`${DEV_EMAIL} · admin`).waitFor();
  });

  it('signs out through the identity provider', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The embedded provider asks to confirm (RP-initiated logout), then sends the browser back to the dashboard.
    const confirmAtProvider = page.getByRole('button', { name: 'Sign out' });
    await confirmAtProvider.waitFor();
    if (new URL(page.url()).pathname.startsWith('/idp')) await confirmAtProvider.click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/trpc/me.get')).status);
    expect(me).toBe(401);
  });
});

describe('a viewer sees every page without the actions they cannot take', () => {
  it('shows molecules, jobs, the job and agents, with no upload, run, cancel, re-run or admin', async () => {
    // The embedded provider knows only dev@example.org (an admin), so the viewer browses with a viewer-role token.
    const viewer = await openBrowser(stack.url, { bearerToken: viewerToken });
    try {
      const { page } = viewer;
      await page.goto('/molecules');
      await page.getByText(/ · viewer$/).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Molecules', 'Jobs', 'Projects', 'Agents']);

      await page.getByRole('table', { name: 'Molecule library' }).getByRole('link', { name: /1iep/ }).waitFor();
      expect(await page.getByText('Choose files').count()).toBe(0);
      expect(await page.locator('.dropzone').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Delete/ }).count()).toBe(0);
      await viewer.screenshot('09-viewer-molecules');

      await nav.getByRole('link', { name: 'Jobs' }).click();
      await page.getByRole('table', { name: 'Docking jobs' }).waitFor();
      expect(await page.getByRole('link', { name: 'New docking job' }).count()).toBe(0);

      await page.goto(jobUrl);
      await page.getByRole('table', { name: 'Docking results' }).waitFor();
      await page
        .getByTestId('pose-viewer')
        .locator('[data-testid="viewer-canvas"][data-ready="true"] canvas')
        .waitFor();
      expect(await page.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Re-run with changes' }).count()).toBe(0);
      await viewer.screenshot('10-viewer-job');

      await nav.getByRole('link', { name: 'Agents' }).click();
      await page.getByRole('table', { name: 'Compute agents' }).waitFor();

      await page.goto('/admin');
      await page
        .getByRole('alert')
        .getByText(/cannot manage/)
        .waitFor();
      await page.goto('/jobs/new');
      await page
        .getByRole('alert')
        .getByText(/cannot open New docking job/)
        .waitFor();
      expect(viewer.pageErrors).toEqual([]);
    } finally {
      await viewer.close();
    }
  });
});
