// What the dashboard does without a reload, in Debian's Chromium against the real stack: the jobs list and the agents
// page follow pushed feeds (tRPC SSE subscriptions) with no polling requests; a finished job is re-run with a changed
// parameter; the binding box comes from a HETATM group of the receptor (1iep's STI); the CNN score column appears for
// a gnina job (its result reported over NATS exactly as an agent reports it, gnina not being installed here) and is
// absent for Vina; that ligand's best pose fails a validity check, so it is shown flagged in amber, never as a success; a job page opened afresh shows the latest 100 events and loads older ones on request.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { connect } from '@nats-io/transport-node';
import { ReportMessage, reportSubject } from '@mad/protocol';
import { sharedDataDir } from '@mad/test-utils';
import { parseSdf } from '../src/lib/structure.js';
import { openBrowser, type BrowserSession } from './browser.js';
import { dropFiles, signIn } from './helpers.js';
import { repoRoot, startStack, type Stack } from './stack.js';

const data = (name: string) => join(sharedDataDir, 'vina-1iep', name);
// A seed of its own per run: same seed and inputs reuse cached results, and these jobs must really run.
const SEED = String(Date.now() % 1_000_000);
/** Progress events the fake gnina agent sends: more than the 100 a job page opens with. */
const DOCKING_REPORTS = 120;
const VISITING_AGENT = `e2e-visiting-${Date.now().toString(36)}`;

let stack: Stack;
let browser: BrowserSession;
let visitor: ChildProcess | null = null;
let agentWorkDir = '';
let firstJobId = '';

/** 1iep's receptor with imatinib (STI) as HETATM records at its crystal position, as a PDB entry carries it. */
async function receptorWithSti(): Promise<string> {
  const receptor = (await readFile(data('1iep_receptorH.pdb'), 'utf8')).replace(/^END.*$/gm, '').trimEnd();
  const [ligand] = parseSdf(await readFile(data('1iep_ligand.sdf'), 'utf8'));
  const coordinate = (value: number) => value.toFixed(3).padStart(8);
  const hetatm = ligand!.atoms.map(
    (atom, i) =>
      `HETATM${String(9000 + i).padStart(5)} ${`${atom.element}${i + 1}`.slice(0, 4).padEnd(4)} STI A 201    ${coordinate(atom.x)}${coordinate(atom.y)}${coordinate(atom.z)}  1.00  0.00          ${atom.element.toUpperCase().padStart(2)}`,
  );
  return `${receptor}\n${hetatm.join('\n')}\nEND\n`;
}

/** The page's tRPC calls of a procedure from now on (batched calls name every procedure in the path). */
function countCalls(page: Page, procedure: string) {
  const seen: string[] = [];
  const listener = (request: Request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/trpc/') && pathname.slice('/trpc/'.length).split(',').includes(procedure))
      seen.push(request.url());
  };
  page.on('request', listener);
  return {
    count: () => seen.length,
    stop: () => page.off('request', listener),
  };
}

/** Marks the page; `stillSamePage()` is false after any reload or full navigation. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
  return () => page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark === true);
}

/** Fills the new-job form for the 1iep receptor and imatinib, box from the crystal ligand. */
async function fillNewJob(page: Page, engine: 'AutoDock Vina' | 'Gnina', exhaustiveness: string) {
  await page.getByLabel('Receptor', { exact: true }).selectOption({ label: '1iep_receptorH' });
  await page.getByRole('checkbox', { name: 'STI' }).check();
  await page.getByLabel('Reference ligand', { exact: true }).selectOption({ label: 'STI' });
  await expect
    .poll(async () => Number(await page.getByLabel('Centre x', { exact: true }).inputValue()), { timeout: 60_000 })
    .toBeCloseTo(15.107, 2);
  await page.getByRole('radio', { name: new RegExp(`^${engine}`) }).check();
  await page.getByLabel('Exhaustiveness').fill(exhaustiveness);
  await page.getByLabel('Poses per ligand').fill('3');
  await page.getByLabel('Random seed').fill(SEED);
}

async function submitJob(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run docking' }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

const jobRow = (page: Page, jobId: string) =>
  page
    .getByRole('table', { name: 'Docking jobs' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: jobId.slice(0, 8), exact: true }) });

beforeAll(async () => {
  stack = await startStack();
  browser = await openBrowser(stack.url);
  await signIn(browser.page, 'dev@example.org');
  await browser.page.getByRole('link', { name: 'Molecules' }).click();
  await dropFiles(browser.page, [
    { name: '1iep_receptorH.pdb', text: await readFile(data('1iep_receptorH.pdb'), 'utf8') },
    { name: '1iep_with_STI.pdb', text: await receptorWithSti() },
    { name: 'imatinib.sdf', text: await readFile(data('1iep_ligand.sdf'), 'utf8') },
  ]);
  await browser.page.getByTestId('upload-result').nth(2).waitFor();
  expect((await browser.page.getByTestId('upload-result').allTextContents()).join('\n')).not.toMatch(/error|failed/i);
});

afterAll(async () => {
  visitor?.kill('SIGKILL');
  if (agentWorkDir) await rm(agentWorkDir, { recursive: true, force: true });
  await browser?.close();
  await stack?.stop();
});

describe('binding site from a HETATM group of the receptor', () => {
  it("boxes 1iep's STI group with the same 4 Å autobox as the crystal ligand file", async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Receptor', { exact: true }).selectOption({ label: '1iep_with_STI' });
    const group = page.getByLabel('HETATM group');
    await expect.poll(() => group.locator('option').allTextContents(), { timeout: 60_000 }).toContain('STI A201');
    await group.selectOption('STI A201');
    await page.getByRole('button', { name: 'Box from group' }).click();
    expect(Number(await page.getByLabel('Centre x', { exact: true }).inputValue())).toBeCloseTo(15.107, 2);
    expect(Number(await page.getByLabel('Centre y', { exact: true }).inputValue())).toBeCloseTo(53.977, 2);
    expect(Number(await page.getByLabel('Centre z', { exact: true }).inputValue())).toBeCloseTo(17.143, 2);
    expect(Number(await page.getByLabel('Size x', { exact: true }).inputValue())).toBeCloseTo(18.232, 2);
    await page.locator('[data-testid="viewer-canvas"][data-ready="true"] canvas').waitFor();
    await browser.screenshot('11-new-job-hetatm-box', { fullPage: true });
  });
});

describe('the jobs list follows jobs live', () => {
  it('shows a job submitted elsewhere appear, run and finish, with no reload and no polling', async () => {
    const { page, context } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: /Jobs/ }).getByText('(live)').waitFor();
    const stillSamePage = await markPage(page);
    const listCalls = countCalls(page, 'jobs.list');
    const statusCalls = countCalls(page, 'jobs.status');

    // A colleague's tab (same organisation) submits a Vina job while the list stays open.
    const other = await context.newPage();
    await other.goto('/jobs/new');
    await fillNewJob(other, 'AutoDock Vina', '1');
    firstJobId = await submitJob(other);
    await other.close();

    const row = jobRow(page, firstJobId);
    await row.waitFor({ timeout: 120_000 });
    const firstState = (await row.locator('.badge').textContent())?.trim();
    expect(['pending', 'running']).toContain(firstState);
    await row.locator('.badge', { hasText: 'completed' }).waitFor({ timeout: 420_000 });
    await row.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor();
    await browser.screenshot('12-jobs-live');

    expect(await stillSamePage()).toBe(true);
    // One read of the list when the unknown job first appeared, one status read when its row mounted; every later
    // change came pushed. (The list polled every 2 s before.)
    expect(listCalls.count()).toBeLessThanOrEqual(1);
    expect(statusCalls.count()).toBeLessThanOrEqual(1);
    listCalls.stop();
    statusCalls.stop();
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('re-running a finished job with a change', () => {
  it('opens the form filled from the job, runs it again with exhaustiveness 2, and shows no CNN column for Vina', async () => {
    const { page } = browser;
    await jobRow(page, firstJobId)
      .getByRole('link', { name: firstJobId.slice(0, 8) })
      .click();
    await page.getByRole('table', { name: 'Docking results' }).waitFor();
    expect(await page.getByRole('columnheader', { name: /CNN score/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Re-run with changes' }).click();
    await page.waitForURL(new RegExp(`/jobs/new\\?from=${firstJobId}$`));
    const exhaustiveness = page.getByLabel('Exhaustiveness');
    await expect.poll(() => exhaustiveness.inputValue(), { timeout: 60_000 }).toBe('1');
    expect(await page.getByLabel('Receptor', { exact: true }).locator('option:checked').textContent()).toBe(
      '1iep_receptorH',
    );
    expect(await page.getByRole('checkbox', { name: 'STI' }).isChecked()).toBe(true);
    expect(Number(await page.getByLabel('Centre x', { exact: true }).inputValue())).toBeCloseTo(15.107, 2);
    await exhaustiveness.fill('2');
    await browser.screenshot('13-rerun-form', { fullPage: true });
    const rerunId = await submitJob(page);
    expect(rerunId).not.toBe(firstJobId);
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 420_000 });
    await page.getByText('completed', { exact: true }).first().waitFor();
    await page.getByText(/exhaustiveness 2 · seed/).waitFor();
    const affinity = Number(
      await page
        .getByRole('table', { name: 'Docking results' })
        .getByRole('row')
        .nth(1)
        .getByRole('cell')
        .nth(1)
        .textContent(),
    );
    expect(affinity).toBeLessThan(-5);
    await browser.screenshot('14-rerun-job', { fullPage: true });
  });
});

describe('the agents page follows the fleet live', () => {
  it('shows an agent joining and leaving, with no reload and no polling', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Agents' }).click();
    const table = page.getByRole('table', { name: 'Compute agents' });
    await table.getByText('vina').first().waitFor();
    await page
      .getByRole('heading', { name: /Agents/ })
      .getByText('(live)')
      .waitFor();
    const before = await table.getByRole('row').count();
    const stillSamePage = await markPage(page);
    const listCalls = countCalls(page, 'agents.list');

    const nats = await stack.nats();
    agentWorkDir = await mkdtemp(join(tmpdir(), 'mad-e2e-agent-'));
    visitor = spawn(process.execPath, [join(repoRoot, 'agents', 'dock-agent', 'dist', 'main.js')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NATS_URL: nats.url,
        NATS_USER: nats.user,
        NATS_PASSWORD: nats.password,
        AGENT_ID: VISITING_AGENT,
        AGENT_WORK_DIR: agentWorkDir,
        AGENT_ENGINES: 'vina',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await table.getByText(VISITING_AGENT).waitFor({ timeout: 60_000 });
    expect(await table.getByRole('row').count()).toBe(before + 1);
    await browser.screenshot('15-agents-joined');

    // A clean shutdown removes the agent's heartbeat entry at once (the bucket's TTL would take 30 s).
    const exited = new Promise((resolve) => visitor!.once('exit', resolve));
    visitor.kill('SIGTERM');
    await exited;
    visitor = null;
    await table.getByText(VISITING_AGENT).waitFor({ state: 'detached', timeout: 60_000 });
    expect(await table.getByRole('row').count()).toBe(before);

    expect(await stillSamePage()).toBe(true);
    expect(listCalls.count()).toBe(0);
    listCalls.stop();
  });
});

describe('the CNN score column for gnina', () => {
  it('shows the CNN score a gnina agent reported (through NATS and the results consumer), and the timeline opens on the latest 100 events', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'New job' }).click();
    await fillNewJob(page, 'Gnina', '1');
    const jobId = await submitJob(page);

    // No gnina agent is connected: the task waits queued. Report it as one would.
    const schema = stack.sql(`select results_schema from jobs_meta where id = '${jobId}'`);
    let task = '';
    await expect
      .poll(
        () =>
          (task = stack.sql(
            `select t.id || ' ' || i.ligand_id from ${schema}.tasks t join ${schema}.job_inputs i on i.task_id = t.id where t.job_id = '${jobId}'`,
          )),
        { timeout: 120_000 },
      )
      .toMatch(/\S+ \S+/);
    const [taskId, ligandId] = task.split(' ') as [string, string];
    const agentId = 'e2e-gnina-agent';
    const at = new Date().toISOString();
    // An agent's event report, checked against the wire contract before it is sent.
    const event = (fields: { stage: string; ligandId?: string; progress?: number }) =>
      ReportMessage.parse({
        v: 1,
        kind: 'event',
        taskId,
        jobId,
        agentId,
        attempt: 1,
        at: new Date().toISOString(),
        ...fields,
      });
    const result = ReportMessage.parse({
      v: 1,
      kind: 'result',
      taskId,
      jobId,
      agentId,
      attempt: 1,
      status: 'succeeded',
      engine: 'gnina',
      engineVersion: '1.3.1',
      startedAt: at,
      finishedAt: new Date().toISOString(),
      taskLogUploaded: false,
      ligands: [
        {
          ligandId,
          status: 'succeeded',
          poses: [
            {
              rank: 1,
              affinityKcalMol: -10.42,
              rmsdLowerBound: 0,
              rmsdUpperBound: 0,
              cnnScore: 0.912,
              cnnAffinity: 8.1,
              cnnVs: 7.39,
              validity: { valid: false, failed: ['steric_clash'] },
            },
            {
              rank: 2,
              affinityKcalMol: -9.8,
              rmsdLowerBound: 1.9,
              rmsdUpperBound: 3.2,
              cnnScore: 0.655,
              cnnAffinity: 7.4,
              cnnVs: 4.85,
              validity: { valid: true, failed: [] },
            },
          ],
          uploaded: { posesSdf: false, posesPdbqt: false, log: false },
          notes: [],
          // Its best pose clashes with the receptor: flagged, never the green success (issue 17 "Honest outcomes").
          validity: { valid: false, failed: ['steric_clash'] },
        },
      ],
    });
    const nats = await stack.nats();
    const nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
    try {
      nc.publish(reportSubject(jobId, 'event'), JSON.stringify(event({ stage: 'accepted' })));
      // Progress reports, as gnina's search would send them: enough events that the timeline opens on the latest ones.
      for (let i = 1; i <= DOCKING_REPORTS; i += 1) {
        const docking = event({ stage: 'docking', ligandId, progress: i / DOCKING_REPORTS });
        nc.publish(reportSubject(jobId, 'event'), JSON.stringify(docking));
      }
      await nc.flush();
      nc.publish(reportSubject(jobId, 'result'), JSON.stringify(result));
      await nc.flush();
    } finally {
      await nc.close();
    }

    // The job page is open all along: the pushed events bring the result in.
    await page.getByTestId('progress-text').filter({ hasText: '100%' }).waitFor({ timeout: 120_000 });
    const table = page.getByRole('table', { name: 'Docking results' });
    await table.getByRole('columnheader', { name: /CNN score/ }).waitFor();
    const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells[1]).toBe('-10.42');
    expect(cells[2]).toBe('0.912');
    // Docked, but its best pose fails a validity check: flagged in amber with the check's name, counted on the page,
    // and no green "succeeded" anywhere in the table.
    expect(cells[5]).toBe('flagged: steric clash');
    const flag = table.getByTestId('flagged');
    expect(await flag.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(181, 71, 8)');
    expect(await table.getByText('succeeded', { exact: true }).count()).toBe(0);
    await page.getByTestId('flagged-count').filter({ hasText: '1 ligand flagged' }).waitFor();
    // The same over REST, with the page's session: the valid=false filter finds it, validity on it and its poses.
    const api = (await page.evaluate(
      async (path) => (await fetch(path, { credentials: 'same-origin' })).json() as Promise<unknown>,
      `/api/v1/jobs/${jobId}/results?valid=false`,
    )) as {
      total: number;
      ligands: { validity: unknown; poses: { validity: unknown }[] }[];
    };
    expect(api.total).toBe(1);
    expect(api.ligands[0]!.validity).toEqual({ valid: false, failed: ['steric_clash'] });
    expect(api.ligands[0]!.poses.map((pose) => pose.validity)).toEqual([
      { valid: false, failed: ['steric_clash'] },
      { valid: true, failed: [] },
    ]);
    await browser.screenshot('16-gnina-cnn', { fullPage: true });

    // Opened afresh, the job page gets the latest 100 events, and the rest on request.
    const recorded = Number(stack.sql(`select count(*) from ${schema}.job_events where job_id = '${jobId}'`));
    expect(recorded).toBeGreaterThan(DOCKING_REPORTS);
    await page.reload();
    const timeline = page.getByRole('list', { name: 'Job events' });
    await expect.poll(() => timeline.getByRole('listitem').count(), { timeout: 60_000 }).toBe(100);
    await page.getByRole('button', { name: 'Older events (100 more)' }).click();
    await expect.poll(() => timeline.getByRole('listitem').count(), { timeout: 60_000 }).toBe(recorded);
    expect(await timeline.getByRole('listitem').last().textContent()).toMatch(/created/);
    expect(await page.getByRole('button', { name: /Older events/ }).count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('live per-ligand results', () => {
  it("shows a ligand's result and the progress while the rest of its task still runs", async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'New job' }).click();
    // Two ligands in one task (a task takes up to 8): the crystal ligand and a pasted SMILES.
    await fillNewJob(page, 'Gnina', '1');
    await page.getByLabel('SMILES, one per line').fill('CCO ethanol');
    const jobId = await submitJob(page);

    // No gnina agent runs here: the test reports as one does (gnina reports each ligand as soon as it is docked).
    const schema = stack.sql(`select results_schema from jobs_meta where id = '${jobId}'`);
    let rows = '';
    await expect
      .poll(
        () =>
          (rows = stack.sql(
            `select string_agg(t.id || ' ' || i.ligand_id || ' ' || i.name, ',' order by i.ordinal) from ${schema}.tasks t join ${schema}.job_inputs i on i.task_id = t.id where t.job_id = '${jobId}'`,
          )),
        { timeout: 120_000 },
      )
      .toMatch(/^\S+ \S+ .+,\S+ \S+ ethanol$/);
    const [sti, ethanol] = rows.split(',').map((row) => row.split(' ')) as [string[], string[]];
    expect(sti[0]).toBe(ethanol[0]);
    const taskId = sti[0]!;
    const common = { v: 1, taskId, jobId, agentId: 'e2e-gnina-agent', attempt: 1 };
    const outcome = (ligandId: string, affinityKcalMol: number) => ({
      ligandId,
      status: 'succeeded',
      poses: [
        { rank: 1, affinityKcalMol, rmsdLowerBound: 0, rmsdUpperBound: 0, cnnScore: 0.8, cnnAffinity: 7, cnnVs: 5.6 },
      ],
      uploaded: { posesSdf: false, posesPdbqt: false, log: false },
      notes: [],
    });
    const publish = async (kind: 'event' | 'ligand' | 'result', report: unknown) => {
      const nats = await stack.nats();
      const nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
      try {
        // Checked against the wire contract before it is sent.
        nc.publish(reportSubject(jobId, kind), JSON.stringify(ReportMessage.parse(report)));
        await nc.flush();
      } finally {
        await nc.close();
      }
    };
    await publish('event', { ...common, kind: 'event', stage: 'accepted', at: new Date().toISOString() });
    await publish('ligand', {
      ...common,
      kind: 'ligand',
      engine: 'gnina',
      ligand: outcome(sti[1]!, -11.25),
      message: `${sti[2]}: 1 pose(s), best -11.25 kcal/mol`,
      at: new Date().toISOString(),
    });

    // The open page shows it at once: half the ligands done, the docked one scored, the other still running.
    await page.getByTestId('progress-text').filter({ hasText: '50% (1/2)' }).waitFor({ timeout: 60_000 });
    const table = page.getByRole('table', { name: 'Docking results' });
    const rowOf = (name: string) => table.getByRole('row').filter({ has: page.getByRole('button', { name }) });
    await rowOf(sti[2]!).getByText('-11.25').waitFor({ timeout: 30_000 });
    expect(await rowOf(sti[2]!).getByText('succeeded').count()).toBe(1);
    expect(await rowOf('ethanol').getByText('running').count()).toBe(1);
    await page
      .getByTestId('remaining')
      .filter({ hasText: /left at the pace measured so far \(1 ligand/ })
      .waitFor();
    await page
      .getByRole('list', { name: 'Job events' })
      .getByText(/1 pose\(s\), best -11.25/)
      .waitFor();
    expect(stack.sql(`select status from ${schema}.tasks where id = '${taskId}'`)).toBe('RUNNING');
    await browser.screenshot('17-live-ligand-result', { fullPage: true });

    // The task ends: its result repeats the first outcome (kept as recorded) and brings the second.
    await publish('result', {
      ...common,
      kind: 'result',
      status: 'succeeded',
      engine: 'gnina',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      taskLogUploaded: false,
      ligands: [outcome(sti[1]!, -11.25), outcome(ethanol[1]!, -3.1)],
    });
    await page.getByTestId('progress-text').filter({ hasText: '100% (2/2)' }).waitFor({ timeout: 60_000 });
    await rowOf('ethanol').getByText('-3.10').waitFor({ timeout: 30_000 });
    expect(Number(stack.sql(`select count(*) from ${schema}.docking_results where job_id = '${jobId}'`))).toBe(2);
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('honest binding boxes in the form', () => {
  it('starts "Enter numbers" at the receptor centre, refuses a box far from every receptor atom, and says why a SMILES-only reference cannot place a box', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Molecules' }).click();
    const uploads = await page.getByTestId('upload-result').count();
    await dropFiles(page, [{ name: 'aspirin.smi', text: 'CC(=O)Oc1ccccc1C(=O)O aspirin\n' }]);
    await page.getByTestId('upload-result').nth(uploads).waitFor();

    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Receptor', { exact: true }).selectOption({ label: '1iep_receptorH' });
    await page.getByRole('checkbox', { name: 'STI' }).check();
    const enterNumbers = page.getByRole('button', { name: 'Enter numbers' });
    await expect.poll(() => enterNumbers.isEnabled(), { timeout: 60_000 }).toBe(true);
    await enterNumbers.click();
    // The centre of 1iep's receptor (its atoms' bounding box), not (0, 0, 0).
    const centre = async () =>
      Promise.all(
        ['x', 'y', 'z'].map(async (a) => Number(await page.getByLabel(`Centre ${a}`, { exact: true }).inputValue())),
      );
    const [x, y, z] = await centre();
    expect(Math.hypot(x! - 12.6, y! - 52.0, z! - 22.6)).toBeLessThan(2);
    const run = page.getByRole('button', { name: 'Run docking' });
    expect(await run.isEnabled()).toBe(true);

    for (const axis of ['x', 'y', 'z']) await page.getByLabel(`Centre ${axis}`, { exact: true }).fill('200');
    await page
      .getByTestId('box-fit')
      .getByText(/Refused: the box .* contains no receptor atom/)
      .waitFor();
    await page
      .locator('#job-problems')
      .getByText(/cannot be docked into/)
      .waitFor();
    expect(await run.isEnabled()).toBe(false);
    await browser.screenshot('18-new-job-box-refused', { fullPage: true });

    await page.getByLabel('Reference ligand', { exact: true }).selectOption({ label: 'aspirin' });
    await page
      .getByTestId('reference-note')
      .getByText(/aspirin is a SMILES-only ligand: it has no 3D coordinates, so it cannot define a box/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Box from reference ligand' }).isEnabled()).toBe(false);
    expect(browser.pageErrors).toEqual([]);
  });
});
