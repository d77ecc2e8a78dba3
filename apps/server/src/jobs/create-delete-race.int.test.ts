// A job created while its receptor is being deleted (issue 12): both used to succeed and the job waited on pg-boss
// retries for ever. Now job creation holds its molecules (FOR SHARE) until it commits and a delete locks the row and
// only then checks for unfinished jobs, so of each pair exactly one wins: the job (and the delete answers 409), or
// the delete (and the job is refused, naming the molecule). Never a job whose receptor is gone.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sharedDataDir } from '@mad/test-utils';
import { counterValue, isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;

beforeAll(async () => {
  stack = await startJobsStack();
});

afterAll(async () => {
  await stack?.close();
});

const PAIRS = 6;

it('of a job creation and a delete of its receptor in the same instant, exactly one wins', async () => {
  const receptorText = await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'utf8');
  const receptors: string[] = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const response = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'receptor', files: [{ name: `race-${i}.pdbqt`, content: `REMARK race ${i}\n${receptorText}` }] },
    });
    expect(response.status).toBe(201);
    receptors.push(((await response.json()) as { molecules: { id: string }[] }).molecules[0]!.id);
  }
  const outcomes = await Promise.all(
    receptors.map(async (receptorId) => {
      const [created, deleted] = await Promise.all([
        stack.api('/api/v1/pipelines/vina/jobs', {
          method: 'POST',
          json: {
            receptorId,
            ligands: [{ smiles: 'CCO', name: 'ethanol' }],
            bindingSite: { mode: 'box', center: { x: 15, y: 53, z: 16 }, size: { x: 20, y: 20, z: 20 } },
          },
        }),
        stack.api(`/api/v1/molecules/${receptorId}`, { method: 'DELETE' }),
      ]);
      return {
        receptorId,
        created: { status: created.status, body: (await created.json()) as { jobId?: string; message?: string } },
        deleted: { status: deleted.status, body: (await deleted.json()) as { message?: string } },
      };
    }),
  );
  for (const { receptorId, created, deleted } of outcomes) {
    const stillThere = await stack.db.selectFrom('molecules').select('id').where('id', '=', receptorId).execute();
    if (created.status === 202) {
      expect(deleted.status, deleted.body.message).toBe(409);
      expect(stillThere).toHaveLength(1);
    } else {
      // The delete won (or the job could not be checked against a receptor being deleted): the job is refused.
      expect(created.status, created.body.message).toBeGreaterThanOrEqual(400);
      expect(created.status, JSON.stringify(created.body)).toBeLessThan(500);
      expect(deleted.status).toBe(200);
      expect(stillThere).toHaveLength(0);
    }
  }
  // No job anywhere names a receptor that is gone.
  const jobs = await stack.db
    .withSchema(stack.org.resultsSchema)
    .selectFrom('jobs')
    .select(['id', 'receptor_id'])
    .execute();
  const present = new Set((await stack.db.selectFrom('molecules').select('id').execute()).map((m) => m.id));
  const orphans = jobs.filter((job) => !present.has(job.receptor_id));
  expect(orphans).toEqual([]);
  console.log(
    `create vs delete, ${PAIRS} pairs: ${outcomes.filter((o) => o.created.status === 202).length} jobs won, ${outcomes.filter((o) => o.deleted.status === 200).length} deletes won`,
  );
}, 600_000);

// Molecules can also go between creation and dispatch (removed by hand, or by a migration's clean-up): a job
// whose receptor or ligand structure is gone fails at its first dispatch with the reason, never in pg-boss retries.
it('a job whose receptor or ligand molecule is gone by its dispatch fails at once, naming the molecule', async () => {
  const receptorText = await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'utf8');
  const ligandText = await readFile(join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), 'utf8');
  const upload = async (kind: 'receptor' | 'ligand', name: string, content: string) => {
    const response = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind, files: [{ name, content }] },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { molecules: { id: string }[] }).molecules[0]!.id;
  };
  const receptorGone = await upload('receptor', 'gone.pdbqt', `REMARK gone\n${receptorText}`);
  const receptorKept = await upload('receptor', 'kept.pdbqt', `REMARK kept\n${receptorText}`);
  const ligandGone = await upload('ligand', 'gone.sdf', `gone${ligandText.slice(ligandText.indexOf('\n'))}`);
  const bindingSite = { mode: 'box', center: { x: 15, y: 53, z: 16 }, size: { x: 20, y: 20, z: 20 } };
  // No dispatch until both molecules are gone.
  await stack.worker().close();
  const create = async (json: unknown) => {
    const response = await stack.api('/api/v1/pipelines/vina/jobs', { method: 'POST', json });
    expect(response.status).toBe(202);
    return ((await response.json()) as { jobId: string }).jobId;
  };
  const withoutReceptor = await create({ receptorId: receptorGone, ligands: [{ smiles: 'CCO' }], bindingSite });
  const withoutLigand = await create({ receptorId: receptorKept, ligandIds: [ligandGone], bindingSite });
  await stack.db.deleteFrom('molecules').where('id', 'in', [receptorGone, ligandGone]).execute();
  await stack.restartWorker();

  for (const [jobId, moleculeId] of [
    [withoutReceptor, receptorGone],
    [withoutLigand, ligandGone],
  ] as const) {
    const status = await waitForStatus(stack, jobId, isFinal, 60_000);
    expect(status.status).toBe('FAILED');
    expect(String(status.error)).toContain(`${moleculeId} was deleted before the job could start`);
    const dispatches = await sql<{ state: string; retry_count: number }>`
      select state, retry_count from pgboss.job where name = 'jobs.dispatch' and data->>'jobId' = ${jobId}`.execute(
      stack.db,
    );
    expect(dispatches.rows).toEqual([{ state: 'completed', retry_count: 0 }]);
  }
  // Counted by the worker that failed them: two jobs FAILED, their task lost, their ligand failed at stage task.
  const metrics = stack.worker().metrics;
  expect(await counterValue(metrics.jobs.finished, { pipeline: 'vina', status: 'FAILED' })).toBe(2);
  expect(await counterValue(metrics.tasksFinished, { pipeline: 'vina', status: 'lost' })).toBe(2);
  expect(await counterValue(metrics.ligandsFinished, { pipeline: 'vina', status: 'failed', stage: 'task' })).toBe(2);
}, 120_000);
