// Retention with short settings: a real job's events, logs and poses, scratch objects beside them, and the clock moved
// forward (the `now` of a run): events (and finished webhook deliveries) go after their days, logs after theirs (objects, rows and links), scratch
// objects no row refers to after theirs, results and poses never; another organisation on the defaults keeps all;
// runs are bounded and continue where they stopped; the worker schedules the run on pg-boss.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import { createOrganization } from '@mad/auth';
import { DEFAULT_ORGANIZATION_SETTINGS, updateOrganizationSettings } from '@mad/db';
import { sharedDataDir } from '@mad/test-utils';
import { jobObjectPrefix, orgPrefix } from '@mad/storage';
import { applyRetention, RETENTION_QUEUE, type RetentionDeps } from './retention.js';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const DAY = 86_400_000;
const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
let stack: JobsStack;
let jobId: string;
let otherOrg: { id: string; resultsSchema: string };
const scratch: string[] = [];
let otherScratch: string;

const deps = (daysAhead: number, overrides: Partial<RetentionDeps> = {}): RetentionDeps => ({
  db: stack.db,
  storage: stack.storage,
  defaults: DEFAULT_ORGANIZATION_SETTINGS,
  batchSize: 2,
  maxBatches: 1_000,
  log: pino({ level: 'silent' }),
  now: () => new Date(Date.now() + daysAhead * DAY),
  ...overrides,
});

async function count(table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(`${stack.org.resultsSchema}.${table}`)} where job_id = ${jobId} and ${where}`.execute(
    stack.db,
  );
  return rows[0]!.n;
}

async function exists(key: string): Promise<boolean> {
  return stack.storage.objectExists(key);
}

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  const receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  await stack.startAgent();
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      bindingSite: BOX_1IEP,
      ligands: [{ smiles: 'CC(=O)Nc1ccc(O)cc1' }, { smiles: 'OC(=O)c1ccccc1O' }],
      params: { exhaustiveness: 1, seed: 5 },
    },
  });
  jobId = ((await response.json()) as { jobId: string }).jobId;
  expect((await waitForStatus(stack, jobId, isFinal, 300_000)).status).toBe('COMPLETED');
  // Scratch beside the job's files: an attempt's file no row refers to, a leftover of a job that is gone, an upload
  // whose artifact row was never written.
  scratch.push(
    `${jobObjectPrefix(stack.org.id, jobId)}tasks/${randomUUID()}/inline-1/poses.sdf`,
    `${jobObjectPrefix(stack.org.id, randomUUID())}tasks/x/task.log`,
    `${orgPrefix(stack.org.id)}uploads/${'a'.repeat(64)}/abandoned.sdf`,
  );
  for (const key of scratch) await stack.storage.putObject(key, 'left behind', 'text/plain');
  const other = await createOrganization(stack.db, { slug: 'retention-other', name: 'Other' });
  otherOrg = { id: other.id, resultsSchema: other.resultsSchema };
  otherScratch = `${orgPrefix(other.id)}uploads/${'b'.repeat(64)}/abandoned.sdf`;
  await stack.storage.putObject(otherScratch, 'left behind', 'text/plain');
  // A delivery log: two finished deliveries and one still pending (due in a day, so the worker leaves it), and one
  // finished delivery of the other organisation (the default 365 days).
  for (const [orgId, statuses] of [
    [stack.org.id, ['delivered', 'failed', 'pending']],
    [other.id, ['delivered']],
  ] as const) {
    const hook = await stack.db
      .insertInto('webhooks')
      .values({
        org_id: orgId,
        url: 'https://hooks.example.org/mad',
        events: ['job.completed'],
        secret: 's'.repeat(40),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const status of statuses)
      await stack.db
        .insertInto('webhook_deliveries')
        .values({
          webhook_id: hook.id,
          job_id: randomUUID(),
          event: 'job.completed',
          payload: JSON.stringify({
            event: 'job.completed',
            occurredAt: new Date().toISOString(),
            job: null,
            links: {},
          }),
          status,
          next_attempt_at: new Date(Date.now() + DAY),
        })
        .execute();
  }
  await updateOrganizationSettings(stack.db, stack.org.id, {
    jobEventsRetentionDays: 1,
    logsRetentionDays: 3,
    scratchRetentionDays: 2,
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('retention', () => {
  it('keeps everything younger than its retention', async () => {
    const report = await applyRetention(deps(0.5));
    expect(report).toMatchObject({
      eventsDeleted: 0,
      deliveriesDeleted: 0,
      logsDeleted: 0,
      scratchDeleted: 0,
      more: false,
    });
    expect(await count('job_events')).toBeGreaterThan(5);
    for (const key of scratch) expect(await exists(key)).toBe(true);
  });

  it('deletes events after their days, in bounded runs that continue where they stopped', async () => {
    const events = await count('job_events');
    const poses = await count('docking_results');
    // 2 rows a statement, 3 statements a run: a run stops with more to do, the next ones finish.
    const first = await applyRetention(deps(1.5, { maxBatches: 3 }));
    expect(first.eventsDeleted).toBeLessThanOrEqual(6);
    expect(first.more).toBe(true);
    let deleted = first.eventsDeleted;
    let deliveries = first.deliveriesDeleted;
    for (let run = 0; run < 100 && (await count('job_events')) > 0; run++) {
      const report = await applyRetention(deps(1.5, { maxBatches: 3 }));
      deleted += report.eventsDeleted;
      deliveries += report.deliveriesDeleted;
    }
    expect(deleted).toBe(events);
    expect(await count('job_events')).toBe(0);
    // The finished webhook deliveries went with the events; the pending one and the other organisation's stay.
    expect(deliveries).toBe(2);
    const left = await stack.db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select(['webhooks.org_id', 'webhook_deliveries.status'])
      .execute();
    expect(left.map((d) => [d.org_id === stack.org.id ? 'own' : 'other', d.status]).sort()).toEqual([
      ['other', 'delivered'],
      ['own', 'pending'],
    ]);
    // Logs (3 days) and results (never) stay; the job still answers.
    expect(await count('job_outputs', sql`kind in ('ligand_log', 'task_log')`)).toBeGreaterThan(0);
    expect(await count('docking_results')).toBe(poses);
    expect((await stack.api(`/api/v1/jobs/${jobId}/status`)).status).toBe(200);
  });

  it('deletes scratch objects no row refers to after their days, never the files rows refer to', async () => {
    const referenced = (
      await stack.db
        .withSchema(stack.org.resultsSchema)
        .selectFrom('job_outputs')
        .select('s3_key')
        .where('job_id', '=', jobId)
        .execute()
    ).map((o) => o.s3_key);
    const artifacts = (
      await stack.db.selectFrom('artifacts').select('s3_key').where('org_id', '=', stack.org.id).execute()
    ).map((a) => a.s3_key);
    const report = await applyRetention(deps(2.5));
    expect(report.scratchDeleted).toBe(scratch.length);
    for (const key of scratch) expect(await exists(key)).toBe(false);
    for (const key of [...referenced, ...artifacts]) expect(await exists(key)).toBe(true);
    // The other organisation keeps the defaults (7 days of scratch).
    expect(await exists(otherScratch)).toBe(true);
  });

  it('deletes engine and task logs after their days: objects, rows and links; poses and results stay', async () => {
    const logs = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('job_outputs')
      .select(['s3_key', 'kind'])
      .where('job_id', '=', jobId)
      .where('kind', 'in', ['ligand_log', 'task_log'])
      .execute();
    expect(logs.length).toBeGreaterThanOrEqual(3);
    const poseFiles = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('job_outputs')
      .select('s3_key')
      .where('job_id', '=', jobId)
      .where('kind', '=', 'poses_sdf')
      .execute();
    const report = await applyRetention(deps(3.5));
    expect(report.logsDeleted).toBe(logs.length);
    for (const log of logs) expect(await exists(log.s3_key)).toBe(false);
    expect(await count('job_outputs', sql`kind in ('ligand_log', 'task_log')`)).toBe(0);
    expect(await count('task_executions', sql`logs_uri is not null`)).toBe(0);
    for (const file of poseFiles) expect(await exists(file.s3_key)).toBe(true);
    const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as {
      ligands: {
        bestAffinityKcalMol: number | null;
        poses: unknown[];
        files: { log: string | null; posesSdf: string };
      }[];
    };
    expect(results.ligands).toHaveLength(2);
    for (const ligand of results.ligands) {
      expect(ligand.bestAffinityKcalMol).toBeLessThan(0);
      expect(ligand.poses.length).toBeGreaterThan(0);
      expect(ligand.files.log).toBeNull();
    }
    expect((await stack.api(results.ligands[0]!.files.posesSdf)).status).toBe(302);
    // The other organisation's defaults (7 days of scratch) still keep its object, even at 3.5 days.
    expect(await exists(otherScratch)).toBe(true);
    expect(otherOrg.resultsSchema).toMatch(/^org_/);
  });

  it('is scheduled on pg-boss by the worker (RETENTION_SCHEDULE)', async () => {
    const boss = new PgBoss({ connectionString: stack.database.url, supervise: false, schedule: false });
    await boss.start();
    try {
      const schedules = await boss.getSchedules(RETENTION_QUEUE);
      expect(schedules.map((s) => [s.name, s.cron])).toEqual([[RETENTION_QUEUE, '*/15 * * * *']]);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
