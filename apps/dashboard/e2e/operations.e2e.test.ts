// The Operations page in Debian's Chromium against the real stack (npm start: server, worker, a vina agent,
// Postgres, NATS, S3): after a real Vina job it shows the API's golden signals (request rate, 5xx ratio, p50/p99
// latency), a gnina task waiting in the task stream with no gnina agent alive, the fleet's slots, and, once that
// task fails (reported over NATS as a gnina agent reports it), the failure, without a reload. Only admins hold
// operations:read: the REST read and the page for every role.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { ReportMessage, reportSubject } from '@mad/protocol';
import { sharedDataDir } from '@mad/test-utils';
import { openBrowser, type BrowserSession } from './browser.js';
import { signIn } from './helpers.js';
import { startStack, type Stack } from './stack.js';

const DEV_EMAIL = 'dev@example.org';
const FAILURE = 'gnina exited with status 134 (operations e2e)';
// A seed of its own per run: the same seed and inputs would be answered from the result cache.
const SEED = Date.now() % 1_000_000;

let stack: Stack;
let admin: BrowserSession;
const tokens = { admin: '', scientist: '', viewer: '' };
let gninaJob = '';

const tokenOf = (email: string, role: string) =>
  stack
    .cli(['create-token', '--org', 'demo', '--email', email, '--role', role, '--name', `operations ${role}`])
    .trim()
    .split('\n')
    .at(-1)!
    .trim();

async function api(path: string, init: { method?: string; json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token ?? tokens.admin) headers.authorization = `Bearer ${init.token ?? tokens.admin}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${stack.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

async function createJob(pipeline: 'vina' | 'gnina', receptorId: string): Promise<string> {
  const created = await api(`/api/v1/pipelines/${pipeline}/jobs`, {
    method: 'POST',
    json: {
      receptorId,
      ligands: [{ smiles: 'c1ccncc1', name: 'pyridine' }],
      bindingSite: { mode: 'box', center: { x: 15.19, y: 53.9, z: 16.92 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 1, numModes: 1, seed: SEED, cpuPerTask: 1 },
    },
  });
  expect(created.status).toBe(202);
  return ((await created.json()) as { jobId: string }).jobId;
}

async function waitForJob(jobId: string, done: (status: string) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = (await (await api(`/api/v1/jobs/${jobId}/status`)).json()) as { status: string };
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const numberIn = async (session: BrowserSession, testId: string) =>
  Number.parseFloat(((await session.page.getByTestId(testId).textContent()) ?? '').replace(/[^\d.]/g, ''));

beforeAll(async () => {
  stack = await startStack();
  stack.cli(['add-member', '--org', 'demo', '--email', 'ops-scientist@example.org', '--role', 'scientist']);
  stack.cli(['add-member', '--org', 'demo', '--email', 'ops-viewer@example.org', '--role', 'viewer']);
  tokens.admin = tokenOf(DEV_EMAIL, 'admin');
  tokens.scientist = tokenOf('ops-scientist@example.org', 'scientist');
  tokens.viewer = tokenOf('ops-viewer@example.org', 'viewer');

  const upload = await api('/api/v1/molecules/upload', {
    method: 'POST',
    json: {
      kind: 'receptor',
      files: [
        {
          name: '1iep_receptorH.pdb',
          content: await readFile(join(sharedDataDir, 'vina-1iep', '1iep_receptorH.pdb'), 'utf8'),
        },
      ],
    },
  });
  expect(upload.status).toBe(201);
  const receptorId = ((await upload.json()) as { molecules: { id: string }[] }).molecules[0]!.id;

  // A real docking through the stack's agent.
  const vinaJob = await createJob('vina', receptorId);
  expect(await waitForJob(vinaJob, (s) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(s), 420_000)).toBe('COMPLETED');
  // No agent runs gnina: this one waits in the task stream.
  gninaJob = await createJob('gnina', receptorId);
  for (let i = 0; !hasQueuedTask(gninaJob); i += 1) {
    if (i > 120) throw new Error('the gnina task was not queued within 2 minutes');
    await new Promise((r) => setTimeout(r, 1_000));
  }

  admin = await openBrowser(stack.url);
  await signIn(admin.page, DEV_EMAIL);
});

function hasQueuedTask(jobId: string): boolean {
  const schema = stack.sql(`select results_schema from jobs_meta where id = '${jobId}'`);
  return stack.sql(`select count(*) from ${schema}.tasks where job_id = '${jobId}' and status = 'QUEUED'`) === '1';
}

afterAll(async () => {
  await admin?.close();
  await stack?.stop();
});

describe('the Operations page', () => {
  it('shows the golden signals after a real job, the waiting gnina task and the fleet', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'API golden signals' }).waitFor();

    // Traffic, errors, latency from the server's own request histogram.
    expect(await numberIn(admin, 'request-rate')).toBeGreaterThan(0);
    expect(await page.getByTestId('request-rate').textContent()).toMatch(/req\/s$/);
    expect(await page.getByTestId('error-ratio').textContent()).toMatch(/^\d+\.\d\d %$/);
    expect(await page.getByTestId('latency-p50').textContent()).toMatch(/^\d+(\.\d)? ms$/);
    expect(await page.getByTestId('latency-p99').textContent()).toMatch(/^\d+(\.\d)? ms$/);
    expect(await numberIn(admin, 'latency-p99')).toBeGreaterThanOrEqual(await numberIn(admin, 'latency-p50'));

    // The queues: the gnina task waits in JetStream, pending on the gnina agents' consumer.
    const queues = page.getByRole('table', { name: 'Job queues' });
    const tasksRow = queues.getByRole('row').filter({ hasText: 'MAD_TASKS (JetStream)' });
    await expect.poll(() => tasksRow.getByRole('cell').nth(1).textContent(), { timeout: 30_000 }).toBe('1');
    expect(await tasksRow.getByRole('cell').nth(3).textContent()).toMatch(/\d+ (s|min)/);
    await queues.getByRole('row').filter({ hasText: 'jobs.dispatch (pg-boss)' }).waitFor();
    const gninaConsumer = page
      .getByRole('table', { name: 'Agent consumers' })
      .getByRole('row')
      .filter({ hasText: 'agents_gnina' });
    expect(await gninaConsumer.getByRole('cell').nth(1).textContent()).toBe('1');

    // The fleet: npm start's vina agent, and no gnina agent.
    const engines = page.getByRole('table', { name: 'Live agents by engine' });
    expect(await engines.getByRole('row').filter({ hasText: 'vina' }).getByRole('cell').nth(1).textContent()).toBe('1');
    expect(await engines.getByRole('row').filter({ hasText: 'gnina' }).getByRole('cell').nth(1).textContent()).toBe(
      'none',
    );
    expect(await page.getByTestId('fleet-hosts').textContent()).toBe('1');
    expect(await page.getByTestId('fleet-slots').textContent()).toMatch(/^\d+ \/ [1-9]\d*$/);
    await page.getByText('postgres up').waitFor();
    await page.getByText('nats up').waitFor();
    await page.getByText('s3 up').waitFor();
    expect(await page.getByTestId('jobs-last-day').textContent()).toMatch(/1 completed/);
    await page.getByText('No failures among the recent jobs').waitFor();
    await admin.screenshot('17-operations', { fullPage: true });
  });

  it('follows a failure live: the failed gnina attempt appears without a reload', async () => {
    const { page } = admin;
    await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
    const schema = stack.sql(`select results_schema from jobs_meta where id = '${gninaJob}'`);
    const [taskId, ligandId] = stack
      .sql(
        `select t.id || ' ' || i.ligand_id from ${schema}.tasks t join ${schema}.job_inputs i on i.task_id = t.id where t.job_id = '${gninaJob}'`,
      )
      .split(' ') as [string, string];
    const at = new Date().toISOString();
    const base = { v: 1, taskId, jobId: gninaJob, agentId: 'e2e-gnina-agent', attempt: 1 } as const;
    const nats = await stack.nats();
    const nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
    try {
      nc.publish(
        reportSubject(gninaJob, 'event'),
        JSON.stringify(ReportMessage.parse({ ...base, kind: 'event', at, stage: 'accepted' })),
      );
      await nc.flush();
      nc.publish(
        reportSubject(gninaJob, 'result'),
        JSON.stringify(
          ReportMessage.parse({
            ...base,
            kind: 'result',
            status: 'failed',
            reason: FAILURE,
            engine: 'gnina',
            startedAt: at,
            finishedAt: new Date().toISOString(),
            taskLogUploaded: false,
            ligands: [{ ligandId, status: 'failed', stage: 'docking', reason: FAILURE }],
          }),
        ),
      );
      await nc.flush();
    } finally {
      await nc.close();
    }
    const failures = page.getByRole('table', { name: 'Recent failures' });
    // The failed attempt, and the job it failed (its error names the attempt's reason).
    const row = failures.getByRole('row').filter({ hasText: FAILURE }).filter({ hasText: 'attempt failed' });
    await row.waitFor({ timeout: 60_000 });
    await failures
      .getByRole('row')
      .filter({ hasText: 'job failed' })
      .filter({ hasText: gninaJob.slice(0, 8) })
      .waitFor();
    expect(await row.textContent()).toContain('e2e-gnina-agent');
    expect(await row.getByRole('link').textContent()).toBe(gninaJob.slice(0, 8));
    expect(await page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark)).toBe(true);
    await admin.screenshot('18-operations-failure', { fullPage: true });
    expect(admin.pageErrors).toEqual([]);
  });
});

describe('who may read the operations signals', () => {
  it('answers GET /api/v1/operations to an admin only', async () => {
    const anonymous = await fetch(`${stack.url}/api/v1/operations`);
    expect(anonymous.status).toBe(401);
    expect((await api('/api/v1/operations', { token: tokens.viewer })).status).toBe(403);
    expect((await api('/api/v1/operations', { token: tokens.scientist })).status).toBe(403);
    const own = await api('/api/v1/operations');
    expect(own.status).toBe(200);
    const body = (await own.json()) as { api: { current: { requests: number } } };
    expect(body.api.current.requests).toBeGreaterThan(0);
  });

  it('offers no Operations page to a scientist or a viewer', async () => {
    for (const role of ['scientist', 'viewer'] as const) {
      const session = await openBrowser(stack.url, { bearerToken: tokens[role] });
      try {
        const { page } = session;
        await page.goto('/jobs');
        await page.getByText(new RegExp(` · ${role}$`)).waitFor();
        const nav = page.getByRole('navigation', { name: 'Main' });
        expect(await nav.getByRole('link').allTextContents()).not.toContain('Operations');
        await page.goto('/operations');
        await page
          .getByRole('alert')
          .getByText(/cannot open Operations/)
          .waitFor();
        expect(session.pageErrors).toEqual([]);
      } finally {
        await session.close();
      }
    }
  });
});
