// DELETE /api/v1/jobs/{jobId}: a finished job's rows and objects go, a running one answers 409 and keeps everything,
// and when the caller's own purge cannot reach the bucket the worker's jobs.purge removes the objects.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { jobObjectPrefix } from '@mad/storage';
import { PgBoss } from 'pg-boss';
import { sql } from 'kysely';
import { deleteJobRows } from './delete.js';
import { isFinal, startJobsStack, waitForEvent, waitForStatus, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let receptor: string;
const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const PARACETAMOL = 'CC(=O)Nc1ccc(O)cc1';
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';

async function submit(smiles: string, exhaustiveness: number): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId: receptor, bindingSite: BOX_1IEP, ligands: [{ smiles }], params: { exhaustiveness, seed: 3 } },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

async function objectsOf(jobId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of stack.storage.listAllObjects(jobObjectPrefix(stack.org.id, jobId))) keys.push(entry.key);
  return keys;
}

/** Rows of the job in every table of the results schema and in jobs_meta. */
async function rowsOf(jobId: string): Promise<Record<string, number>> {
  const tables = ['jobs', 'tasks', 'job_inputs', 'task_executions', 'docking_results', 'job_outputs', 'job_events'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const column = table === 'jobs' ? 'id' : 'job_id';
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(`${stack.org.resultsSchema}.${table}`)} where ${sql.ref(column)} = ${jobId}`.execute(
      stack.db,
    );
    counts[table] = rows[0]?.n ?? 0;
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from jobs_meta where id = ${jobId}`.execute(
    stack.db,
  );
  counts.jobs_meta = rows[0]?.n ?? 0;
  return counts;
}

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  await stack.startAgent();
});

afterAll(async () => {
  await stack?.close();
});

describe('DELETE /api/v1/jobs/{jobId}', () => {
  it('refuses a running job (409, nothing changes), then deletes it once finished: rows and objects', async () => {
    const jobId = await submit(IMATINIB, 16);
    await waitForEvent(stack, jobId, (e) => e.kind === 'docking', 300_000);
    const refused = await stack.api(`/api/v1/jobs/${jobId}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/RUNNING: only a finished job/);
    expect((await rowsOf(jobId)).jobs_meta).toBe(1);
    await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST', json: {} });

    const done = await submit(PARACETAMOL, 1);
    expect((await waitForStatus(stack, done, isFinal, 300_000)).status).toBe('COMPLETED');
    const before = await rowsOf(done);
    expect(before).toMatchObject({ jobs: 1, tasks: 1, job_inputs: 1, task_executions: 1, jobs_meta: 1 });
    expect(before.docking_results).toBeGreaterThan(0);
    expect(before.job_outputs).toBeGreaterThan(0);
    expect(before.job_events).toBeGreaterThan(0);
    const objects = await objectsOf(done);
    expect(objects.length).toBeGreaterThanOrEqual(3);

    const deleted = await stack.api(`/api/v1/jobs/${done}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ jobId: done, deleted: true, objectsDeleted: objects.length });
    expect(Object.values(await rowsOf(done)).every((n) => n === 0)).toBe(true);
    expect(await objectsOf(done)).toEqual([]);
    expect((await stack.api(`/api/v1/jobs/${done}/status`)).status).toBe(404);
    expect((await stack.api(`/api/v1/jobs/${done}`, { method: 'DELETE' })).status).toBe(404);
    // The receptor (a molecule, not the job's) is still there.
    expect((await stack.api(`/api/v1/molecules/${receptor}`)).status).toBe(200);
  });

  it("leaves the objects to the worker's jobs.purge when only the rows were deleted", async () => {
    const jobId = await submit(PARACETAMOL, 1);
    expect((await waitForStatus(stack, jobId, isFinal, 300_000)).status).toBe('COMPLETED');
    expect((await objectsOf(jobId)).length).toBeGreaterThan(0);
    const boss = new PgBoss({ connectionString: stack.database.url, supervise: false, schedule: false });
    await boss.start();
    try {
      expect(
        await deleteJobRows(stack.db, boss, { jobId, orgId: stack.org.id, resultsSchema: stack.org.resultsSchema }),
      ).toBe(true);
    } finally {
      await boss.stop({ graceful: false });
    }
    const deadline = Date.now() + 60_000;
    while ((await objectsOf(jobId)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await objectsOf(jobId)).toEqual([]);
  });
});
