// Docking jobs end to end through REST: real Postgres, s3rver, a private nats-server with JetStream, the worker,
// in-process agents and the real vina binary.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { startJobsStack, waitForStatus, isFinal, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let cyp3a4: string;
let agentWorkDir: string;

// dockstring's CYP3A4 box (targets/CYP3A4_conf.txt) and its seed.
const CYP3A4_BOX = { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 30, y: 30, z: 30 } };
const DOCKSTRING_SEED = 974528263;

beforeAll(async () => {
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '6000', LIGANDS_PER_TASK: '4' });
  cyp3a4 = await stack.addMolecule('receptor', join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'), 'pdbqt');
  agentWorkDir = (await stack.startAgent()).workDir;
});

afterAll(async () => {
  await stack?.close();
});

interface ResultsBody {
  status: string;
  total: number;
  ligands: {
    ligandId: string;
    name: string;
    status: string;
    bestAffinityKcalMol: number | null;
    error: { stage: string | null; reason: string } | null;
    poses: { rank: number; affinityKcalMol: number; rmsdLowerBound: number | null }[];
    files: { posesSdf: string | null; posesPdbqt: string | null; log: string | null };
  }[];
}

describe('a job submitted through REST', () => {
  let jobId: string;
  let pyridineLog: string | null = null;

  it('answers 202 PENDING, and the same job for a retried Idempotency-Key', async () => {
    const request = {
      receptorId: cyp3a4,
      ligands: [
        { smiles: 'N1=CC=CC=C1', name: 'pyridine' },
        { smiles: 'C[C@H](F)Cl', name: '1-chloro-1-fluoroethane' },
        { smiles: 'C1CC(', name: 'broken' },
      ],
      bindingSite: CYP3A4_BOX,
      params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: DOCKSTRING_SEED, cpuPerTask: 1 },
    };
    const first = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: request,
      headers: { 'idempotency-key': 'cyp3a4-small-1' },
    });
    expect(first.status).toBe(202);
    const created = (await first.json()) as { jobId: string; status: string };
    expect(created.status).toBe('PENDING');
    jobId = created.jobId;
    // 202 names the job resource it accepted (issue 18: Location on every create).
    expect(first.headers.get('location')).toBe(`/api/v1/jobs/${jobId}`);
    const resource = await stack.api(first.headers.get('location')!);
    expect(((await resource.json()) as { jobId: string }).jobId).toBe(jobId);

    const retry = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: request,
      headers: { 'idempotency-key': 'cyp3a4-small-1' },
    });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { jobId: string }).jobId).toBe(jobId);

    const different = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { ...request, ligands: request.ligands.slice(0, 1) },
      headers: { 'idempotency-key': 'cyp3a4-small-1' },
    });
    expect(different.status).toBe(409);
  });

  it('completes with real vina: small ligands within 0.3 kcal/mol of dockstring, the broken SMILES failed with its reason', async () => {
    const status = await waitForStatus(stack, jobId, isFinal);
    expect(status.status).toBe('COMPLETED');
    expect(status.ligands).toMatchObject({ total: 3, SUCCEEDED: 2, FAILED: 1 });
    expect(status.tasks).toMatchObject({ total: 1, SUCCEEDED: 1 });
    expect(status.progress).toBe(1);

    const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity`)).json()) as ResultsBody;
    expect(results.total).toBe(3);
    const byName = new Map(results.ligands.map((l) => [l.name, l]));
    expect(byName.get('pyridine')!.bestAffinityKcalMol!).toBeCloseTo(-4.2, 0);
    expect(Math.abs(byName.get('pyridine')!.bestAffinityKcalMol! - -4.2)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(byName.get('1-chloro-1-fluoroethane')!.bestAffinityKcalMol! - -3.1)).toBeLessThanOrEqual(0.3);
    // Sorted best first; the failed ligand (no affinity) last, with the stage and a reason.
    expect(results.ligands.map((l) => l.name)).toEqual(['pyridine', '1-chloro-1-fluoroethane', 'broken']);
    const broken = byName.get('broken')!;
    expect(broken.status).toBe('FAILED');
    expect(broken.error?.stage).toBe('preparation');
    expect(broken.error?.reason.length).toBeGreaterThan(5);

    const pyridine = byName.get('pyridine')!;
    pyridineLog = pyridine.files.log;
    expect(pyridine.poses.length).toBeGreaterThan(0);
    expect(pyridine.poses[0]).toMatchObject({ rank: 1, rmsdLowerBound: 0 });
    // The link is our route: 302 (after the access check) to a presigned URL of the file.
    const link = await stack.api(pyridine.files.posesSdf!);
    expect(link.status).toBe(302);
    const sdf = await (await fetch(link.headers.get('location')!)).text();
    expect(sdf).toContain('$$$$');
    expect(sdf.split('$$$$').length - 1).toBe(pyridine.poses.length);

    const rows = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('docking_results')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(rows.n).toBe(results.ligands.reduce((n, l) => n + l.poses.length, 0));
  });

  it('documents the job routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths['/v1/pipelines/{pipelineId}/jobs']!.post!.responses)).toContain('202');
    for (const path of [
      '/v1/jobs/{jobId}/status',
      '/v1/jobs/{jobId}/results',
      '/v1/jobs/{jobId}/ligands/{ligandId}',
      '/v1/jobs/{jobId}/ligands/{ligandId}/{file}',
      '/v1/jobs/{jobId}/events',
      '/v1/jobs/{jobId}/logs',
      '/v1/jobs/{jobId}/cancel',
      '/v1/jobs',
      '/v1/agents',
      '/v1/pipelines',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('serves the event timeline and a 302 to the logs', async () => {
    const events = (await (await stack.api(`/api/v1/jobs/${jobId}/events`)).json()) as { events: { kind: string }[] };
    const kinds = events.events.map((e) => e.kind);
    for (const kind of [
      'created',
      'dispatching',
      'queued',
      'accepted',
      'job_running',
      'preparing',
      'docking',
      'uploading',
      'completed',
      'task_succeeded',
      'job_completed',
    ])
      expect(kinds).toContain(kind);
    const logs = await stack.api(`/api/v1/jobs/${jobId}/logs`);
    expect(logs.status).toBe(302);
    const log = await (await fetch(logs.headers.get('location')!)).text();
    expect(log).toMatch(/accepted/);
    expect(log).not.toContain(agentWorkDir);
  });

  it("serves engine logs with the task folder's paths relative to it, never the agent's absolute work paths", async () => {
    // Issue 13: the engine logs users read named the agent's AGENT_WORK_DIR. The ligand's log link of the results and
    // the logs route with ?ligandId= serve the same file, read here as a user would.
    expect(pyridineLog).toBeTruthy();
    const viaResults = await stack.api(pyridineLog!);
    expect(viaResults.status).toBe(302);
    const engineLog = await (await fetch(viaResults.headers.get('location')!)).text();
    expect(engineLog).toMatch(/^\$ vina .*--receptor \S+/m);
    // vina's command line names its files relative to the task folder (ligands/<id>/poses.pdbqt), not as /…/ paths.
    expect(engineLog).toMatch(/--out ligands\/[^ /]+\/poses\.pdbqt/);
    expect(engineLog).not.toContain(agentWorkDir);
    expect(engineLog).not.toMatch(/ \/(tmp|var|home)\//);
    const ligandId = /\/ligands\/([^/]+)\//.exec(pyridineLog!)?.[1];
    const viaLogs = await stack.api(`/api/v1/jobs/${jobId}/logs?ligandId=${ligandId}`);
    expect(viaLogs.status).toBe(302);
    expect(await (await fetch(viaLogs.headers.get('location')!)).text()).toBe(engineLog);
  });
});

describe('cpuPerTask', () => {
  // Issue 19: a one-ligand job ran `vina --cpu 1` on a 2-core agent (the default was 1). 'auto' is the default now:
  // the agent gives a lone ligand every core; a number asked for is what runs. The engine log holds the command.
  const engineLogOf = async (params: Record<string, unknown>) => {
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligands: [{ smiles: 'N1=CC=CC=C1', name: 'pyridine' }],
        bindingSite: CYP3A4_BOX,
        params,
      },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    expect((await waitForStatus(stack, jobId, isFinal)).status).toBe('COMPLETED');
    const job = (await (await stack.api(`/api/v1/jobs/${jobId}`)).json()) as { params: Record<string, unknown> };
    const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as ResultsBody;
    const link = await stack.api(results.ligands[0]!.files.log!);
    return { params: job.params, log: await (await fetch(link.headers.get('location')!)).text() };
  };

  it("defaults to 'auto': a one-ligand job runs the engine on every core of the agent", async () => {
    const { params, log } = await engineLogOf({ exhaustiveness: 1, numModes: 1, seed: 11 });
    expect(params.cpuPerTask).toBe('auto');
    expect(log).toMatch(new RegExp(`^\\$ vina .* --cpu ${availableParallelism()} `, 'm'));
  });

  it('runs the number of CPUs asked for', async () => {
    const { params, log } = await engineLogOf({ exhaustiveness: 1, numModes: 1, seed: 11, cpuPerTask: 1 });
    expect(params.cpuPerTask).toBe(1);
    expect(log).toMatch(/^\$ vina .* --cpu 1 /m);
  });

  it("refuses anything but 'auto' or a whole number of CPUs, naming the field", async () => {
    for (const cpuPerTask of ['all', 0, 1.5]) {
      const refused = await stack.api('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: { receptorId: cyp3a4, ligands: [{ smiles: 'C' }], bindingSite: CYP3A4_BOX, params: { cpuPerTask } },
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('cpuPerTask');
    }
  });
});

describe('binding sites', () => {
  it('autoboxes around an uploaded ligand with the padding, boxes the whole receptor in blind mode with the volume warning, and refuses a missing HETATM group', async () => {
    const receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
    const crystal = await stack.addMolecule('ligand', join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), 'sdf');
    const submit = async (bindingSite: unknown) =>
      stack.api('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: {
          receptorId: receptor,
          ligands: [{ smiles: 'CCO', name: 'ethanol' }],
          bindingSite,
          params: { exhaustiveness: 1, seed: 1 },
        },
      });

    const autobox = await submit({ mode: 'autobox', ligandId: crystal, paddingAngstrom: 4 });
    expect(autobox.status).toBe(202);
    const { jobId } = (await autobox.json()) as { jobId: string };
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status`)).json()) as {
      box: { center: { x: number; y: number; z: number }; size: { x: number } };
    };
    // Around the crystal imatinib: next to the Vina tutorial's hand-made 1iep box centre.
    expect(
      Math.hypot(status.box.center.x - 15.19, status.box.center.y - 53.903, status.box.center.z - 16.917),
    ).toBeLessThan(1);
    expect(status.box.size.x).toBeGreaterThan(8);
    await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST', json: {} });

    const blind = await submit({ mode: 'blind' });
    expect(blind.status).toBe(202);
    const blindJob = (await blind.json()) as { jobId: string; warnings: string[] };
    expect(blindJob.warnings[0]).toMatch(/over 27000 Å³/);
    await stack.api(`/api/v1/jobs/${blindJob.jobId}/cancel`, { method: 'POST', json: {} });

    const missing = await submit({ mode: 'autobox', hetatm: { resName: 'STI', chain: 'A', resSeq: 201 } });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { message: string }).message).toMatch(/no HETATM group STI A 201/);

    const unknownReceptor = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: '00000000-0000-4000-8000-000000000000',
        ligands: [{ smiles: 'CCO' }],
        bindingSite: CYP3A4_BOX,
      },
    });
    expect(unknownReceptor.status).toBe(404);
  });
});

describe('jobs.onEvents (tRPC SSE subscription)', () => {
  it("streams a job's events live and ends when the job is final", async () => {
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligands: [{ smiles: 'CCO', name: 'ethanol' }],
        bindingSite: CYP3A4_BOX,
        params: { exhaustiveness: 1, seed: 1 },
      },
    });
    const { jobId } = (await created.json()) as { jobId: string };
    const input = encodeURIComponent(JSON.stringify({ json: { jobId } }));
    const response = await stack.api(`/trpc/jobs.onEvents?input=${input}`, {
      headers: { accept: 'text/event-stream' },
      signal: AbortSignal.timeout(600_000),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text();
    const ids = [...text.matchAll(/^id: ?(\d+)$/gm)].map((m) => Number(m[1]));
    const kinds = [...text.matchAll(/"kind":"([a-z_]+)"/g)].map((m) => m[1]);
    expect(kinds[0]).toBe('created');
    expect(kinds).toContain('accepted');
    expect(kinds.at(-1)).toBe('job_completed');
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
