// Per-ligand live results: an in-process agent running real vina docks a task of two ligands one after the other; the
// first ligand's poses, status and progress are recorded (and readable over REST) while the second is still docking,
// and its outcome is recorded once: the task's result repeating it, or another attempt's report of it, changes
// nothing. Real Postgres, s3rver, nats-server and vina (test-stack).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { PROTOCOL_VERSION, type LigandReportMessage, type ReportMessage } from '@mad/protocol';
import { sharedDataDir } from '@mad/test-utils';
import {
  isFinal,
  jobEvents,
  startJobsStack,
  waitForStatus,
  type JobsStack,
  type StatusBody,
} from '../../test/stack.js';
import { recordReports } from './recorder.js';

let stack: JobsStack;
let receptorId: string;

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '8' });
  receptorId = await stack.addMolecule(
    'receptor',
    join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'),
    'pdbqt',
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const box = { mode: 'box', center: { x: 37.2, y: -14.6, z: 30.5 }, size: { x: 20, y: 20, z: 20 } };
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';

interface ResultRow {
  ligandId: string;
  name: string;
  status: string;
  bestAffinityKcalMol: number | null;
}

describe('live per-ligand results', () => {
  it("records a ligand's result as soon as it is docked, while the rest of its task runs, and only once", async () => {
    // One agent, one engine process at a time. The agent docks the ligands it holds costliest first (issue 19, the
    // cost model of agents/dock-agent/src/ligand-cost.ts): imatinib first, then ethanol (seconds, with its PLIP profile).
    const agent = await stack.startAgent({ AGENT_CPUS: '1', AGENT_PARALLEL_LIGANDS: '1' });
    try {
      const response = await stack.api('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: {
          receptorId,
          ligands: [
            { smiles: 'CCO', name: 'ethanol' },
            { smiles: IMATINIB, name: 'imatinib' },
          ],
          bindingSite: box,
          params: { exhaustiveness: 1, seed: 7, cpuPerTask: 1 },
        },
      });
      expect(response.status).toBe(202);
      const { jobId } = (await response.json()) as { jobId: string };

      // Half-way: one ligand docked and recorded, the job's only task still running.
      const half = await waitForStatus(stack, jobId, (s) => s.ligands.SUCCEEDED === 1 || isFinal(s));
      expect(half).toMatchObject({ status: 'RUNNING', progress: 0.5 });
      expect(half.tasks).toMatchObject({ total: 1, RUNNING: 1 });
      expect(half.ligands).toMatchObject({ total: 2, SUCCEEDED: 1, RUNNING: 1 });
      const results = async () =>
        ((await (await stack.api(`/api/v1/jobs/${jobId}/results?limit=10`)).json()) as { ligands: ResultRow[] })
          .ligands;
      const early = await results();
      const imatinib = early.find((r) => r.name === 'imatinib')!;
      expect(imatinib.status).toBe('SUCCEEDED');
      expect(imatinib.bestAffinityKcalMol).toBeLessThan(0);
      expect(early.find((r) => r.name === 'ethanol')!.status).toBe('RUNNING');
      // Its poses and files are there already.
      const db = stack.db.withSchema(stack.org.resultsSchema);
      const posesOf = (ligandId: string) =>
        db
          .selectFrom('docking_results')
          .select(['pose_rank', 'affinity_kcal_mol'])
          .where('job_id', '=', jobId)
          .where('ligand_id', '=', ligandId)
          .orderBy('pose_rank')
          .execute();
      const earlyPoses = await posesOf(imatinib.ligandId);
      expect(earlyPoses.length).toBeGreaterThan(0);
      expect(earlyPoses[0]!.affinity_kcal_mol).toBe(imatinib.bestAffinityKcalMol);
      const outputs = await db
        .selectFrom('job_outputs')
        .select('kind')
        .where('job_id', '=', jobId)
        .where('ligand_id', '=', imatinib.ligandId)
        .execute();
      expect(outputs.map((o) => o.kind).sort()).toEqual(['ligand_log', 'poses_pdbqt', 'poses_sdf']);
      // The timeline says it by name.
      const done = (await jobEvents(stack, jobId)).filter((e) => e.kind === 'ligand_done');
      expect(done).toHaveLength(1);
      expect(done[0]!.message).toMatch(/^imatinib: \d+ pose\(s\), best -\d/);

      const final: StatusBody = await waitForStatus(stack, jobId, isFinal);
      expect(final).toMatchObject({ status: 'COMPLETED', progress: 1 });
      expect(final.ligands).toMatchObject({ SUCCEEDED: 2 });
      // The task's result repeated imatinib's outcome: nothing changed, no pose twice.
      expect(await posesOf(imatinib.ligandId)).toEqual(earlyPoses);
      const events = await jobEvents(stack, jobId);
      expect(events.filter((e) => e.kind === 'ligand_done').map((e) => e.message?.split(':')[0])).toEqual([
        'imatinib',
        'ethanol',
      ]);
      expect(events.filter((e) => e.kind === 'task_succeeded').map((e) => e.message)).toEqual(['2/2 ligand(s) docked']);
      // Counted once by the worker's metrics.
      const ligandsFinished = (await stack.worker().metrics.ligandsFinished.get()).values
        .filter((v) => (v.labels as { status?: string }).status === 'succeeded')
        .reduce((sum, v) => sum + v.value, 0);
      expect(ligandsFinished).toBe(2);
    } finally {
      await agent.stop();
    }
  }, 600_000);

  it("keeps a ligand's first recorded outcome: another attempt's report of it and the task's result change nothing", async () => {
    // No agent runs: the reports are recorded the way the results consumer does it.
    const response = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId,
        ligands: [
          { smiles: 'CCO', name: 'a' },
          { smiles: 'CCN', name: 'b' },
        ],
        bindingSite: box,
        params: { exhaustiveness: 1, seed: 1 },
      },
    });
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    const db = stack.db.withSchema(stack.org.resultsSchema);
    let task: { id: string } | undefined;
    for (const deadline = Date.now() + 60_000; !task && Date.now() < deadline;) {
      task = await db
        .selectFrom('tasks')
        .select('id')
        .where('job_id', '=', jobId)
        .where('status', '=', 'QUEUED')
        .executeTakeFirst();
      if (!task) await new Promise((r) => setTimeout(r, 200));
    }
    const inputs = await db
      .selectFrom('job_inputs')
      .select(['ligand_id', 'name'])
      .where('job_id', '=', jobId)
      .orderBy('ordinal')
      .execute();
    const [a, b] = inputs.map((i) => i.ligand_id);
    const at = () => new Date().toISOString();
    const common = { v: PROTOCOL_VERSION, taskId: task!.id, jobId, at: at() } as const;
    const accepted = (attempt: number): ReportMessage => ({
      ...common,
      kind: 'event',
      agentId: `agent-${attempt}`,
      attempt,
      stage: 'accepted',
    });
    const pose = (affinityKcalMol: number) => ({
      rank: 1,
      affinityKcalMol,
      rmsdLowerBound: 0,
      rmsdUpperBound: 0,
      cnnScore: null,
      cnnAffinity: null,
      cnnVs: null,
    });
    const outcome = (ligandId: string, affinity: number) => ({
      ligandId,
      status: 'succeeded' as const,
      poses: [pose(affinity)],
      uploaded: { posesSdf: true, posesPdbqt: false, log: false },
      notes: [],
    });
    const ligand = (attempt: number, ligandId: string, affinity: number): LigandReportMessage => ({
      ...common,
      kind: 'ligand',
      agentId: `agent-${attempt}`,
      attempt,
      engine: 'vina',
      ligand: outcome(ligandId, affinity),
      message: `${ligandId}: 1 pose(s)`,
    });
    const deps = { db: stack.db, log: pino({ level: 'silent' }) };
    const snapshot = async () => ({
      ligands: await db
        .selectFrom('job_inputs')
        .select(['ligand_id', 'status', 'best_affinity_kcal_mol'])
        .where('job_id', '=', jobId)
        .orderBy('ordinal')
        .execute(),
      poses: await db
        .selectFrom('docking_results')
        .select(['ligand_id', 'affinity_kcal_mol'])
        .where('job_id', '=', jobId)
        .orderBy('ligand_id')
        .execute(),
      task: (await db.selectFrom('tasks').select('status').where('id', '=', task!.id).executeTakeFirstOrThrow()).status,
    });

    // Attempt 1 reports ligand a, then its agent is lost; attempt 2 reports a again (re-docked) and b.
    await recordReports(deps, [accepted(1), ligand(1, a!, -5)]);
    expect(await snapshot()).toEqual({
      ligands: [
        { ligand_id: a, status: 'SUCCEEDED', best_affinity_kcal_mol: -5 },
        { ligand_id: b, status: 'RUNNING', best_affinity_kcal_mol: null },
      ],
      poses: [{ ligand_id: a, affinity_kcal_mol: -5 }],
      task: 'RUNNING',
    });
    // The same report delivered twice and attempt 2's report of a in one batch: a keeps attempt 1's outcome.
    await recordReports(deps, [ligand(1, a!, -5), accepted(2), ligand(2, a!, -6), ligand(2, b!, -4)]);
    const running = await snapshot();
    expect(running.ligands.map((l) => [l.status, l.best_affinity_kcal_mol])).toEqual([
      ['SUCCEEDED', -5],
      ['SUCCEEDED', -4],
    ]);
    expect(running.task).toBe('RUNNING');
    const result: ReportMessage = {
      ...common,
      kind: 'result',
      agentId: 'agent-2',
      attempt: 2,
      status: 'succeeded',
      engine: 'vina',
      startedAt: at(),
      finishedAt: at(),
      taskLogUploaded: false,
      ligands: [outcome(a!, -6), outcome(b!, -4)],
    };
    await recordReports(deps, [result]);
    expect(await snapshot()).toEqual({ ...running, task: 'SUCCEEDED' });
    const events = await jobEvents(stack, jobId);
    expect(events.filter((e) => e.kind === 'ligand_done').map((e) => e.message)).toEqual([
      `${a}: 1 pose(s)`,
      `${b}: 1 pose(s)`,
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'job_completed', message: '2 ligand(s) docked, 0 failed' });
  });
});
