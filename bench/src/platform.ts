// Docking through the platform for the engine-overhead benchmark: receptors uploaded, one job per target submitted
// over REST with the ligands as SMILES, timed until every job's results are stored.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import pg from 'pg';
import { isFinalJobStatus } from '@mad/protocol';
import { missingRoutes, restClient, type RestClient } from './api.js';
import type { BenchContext } from './context.js';
import type { VinaParams } from './direct.js';
import { dockingTargets, readBox, type BenchLigand, type DockingTarget } from './ligands.js';
import type { BindingBox } from '@mad/protocol';
import { machineBusySeconds, totalCpuSeconds } from './proc.js';
import { MissingPieceError, startStack, type Stack } from './stack.js';

export interface PlatformRun {
  wallSeconds: number;
  cpuSeconds: number;
  machineCpuSeconds: number;
  topAffinities: Map<string, number | null>;
  notes: string[];
}

export const JOB_ROUTES = [
  '/v1/pipelines/{pipelineId}/jobs',
  '/v1/jobs/{jobId}/status',
  '/v1/jobs/{jobId}/results',
] as const;

/** CPU seconds of the stack's own processes (with their reaped children, e.g. vina) and its Postgres backends. */
export async function stackCpuSeconds(stack: Stack): Promise<number> {
  const pids = [stack.server.pid, ...(stack.worker ? [stack.worker.pid] : []), ...stack.agents.map((a) => a.pid)];
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return totalCpuSeconds([...pids, ...rows.map((r) => r.pid)]);
  } finally {
    await client.end();
  }
}

interface UploadedMolecule {
  id: string;
}

export async function uploadReceptor(api: RestClient, path: string): Promise<string> {
  const molecule = await api.upload<UploadedMolecule | { molecules: UploadedMolecule[] }>(
    '/v1/molecules/upload',
    { field: 'file', name: basename(path), content: new Uint8Array(await readFile(path)) },
    { kind: 'receptor' },
  );
  const id = 'id' in molecule ? molecule.id : molecule.molecules[0]?.id;
  if (!id) throw new Error(`molecules upload of ${path} answered no id`);
  return id;
}

interface StatusAnswer {
  status: string;
}

export async function waitForJobs(
  api: RestClient,
  jobIds: readonly string[],
  timeoutMs: number,
  pollMs = 250,
): Promise<Map<string, string>> {
  const done = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  while (done.size < jobIds.length) {
    for (const jobId of jobIds) {
      if (done.has(jobId)) continue;
      const { status } = await api.get<StatusAnswer>(`/v1/jobs/${jobId}/status`);
      if (isFinalJobStatus(status)) done.set(jobId, status);
    }
    if (done.size === jobIds.length) break;
    if (Date.now() > deadline) throw new Error(`jobs not finished after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return done;
}

interface ResultsAnswer {
  ligands: { ligandId: string; name: string; bestAffinityKcalMol: number | null }[];
}

export async function dockThroughPlatform(
  context: BenchContext,
  ligands: readonly BenchLigand[],
  targets: ReadonlyMap<string, DockingTarget>,
  params: VinaParams,
): Promise<PlatformRun> {
  // One agent configured as `npm start` runs it (scripts/start.mjs): four slots per core, sharing the agent's CPU pool.
  const stack = await startStack({
    repoRoot: context.repoRoot,
    agents: 1,
    env: { AGENT_SLOTS: String(4 * availableParallelism()) },
  });
  try {
    const missing = await missingRoutes(stack.baseUrl, JOB_ROUTES);
    if (missing.length) throw new MissingPieceError(`the server has no ${missing.join(', ')}`);
    if (!stack.token) throw new MissingPieceError('no API token: apps/server/dist/cli.js bootstrap does not exist');
    const api = restClient(stack.baseUrl, stack.token);
    const byTarget = new Map<string, BenchLigand[]>();
    for (const ligand of ligands) byTarget.set(ligand.target, [...(byTarget.get(ligand.target) ?? []), ligand]);
    // Receptor uploads are set-up, not docking: done before the clock starts.
    const receptors = new Map<string, string>();
    const boxes = new Map<string, Awaited<ReturnType<typeof readBox>>>();
    for (const name of byTarget.keys()) {
      const target = targets.get(name);
      if (!target) throw new Error(`no target ${name}`);
      receptors.set(name, await uploadReceptor(api, target.receptorPdbqt));
      boxes.set(name, await readBox(target));
    }

    const cpuBefore = await stackCpuSeconds(stack);
    const machineBefore = await machineBusySeconds();
    const started = performance.now();
    const jobs = new Map<string, string>();
    for (const [name, members] of byTarget) {
      const box = boxes.get(name);
      const created = await api.post<{ jobId: string }>('/v1/pipelines/vina/jobs', {
        receptorId: receptors.get(name),
        ligands: members.map((l) => ({ smiles: l.smiles, name: l.name })),
        bindingSite: { mode: 'box', center: box?.center, size: box?.size },
        params: {
          exhaustiveness: params.exhaustiveness,
          numModes: params.numModes,
          energyRange: params.energyRange,
          seed: params.seed,
        },
      });
      jobs.set(created.jobId, name);
    }
    const statuses = await waitForJobs(api, [...jobs.keys()], 3_600_000);
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuSeconds = (await stackCpuSeconds(stack)) - cpuBefore;
    const machineCpuSeconds = (await machineBusySeconds()) - machineBefore;

    const topAffinities = new Map<string, number | null>();
    for (const jobId of jobs.keys()) {
      const results = await api.get<ResultsAnswer>(`/v1/jobs/${jobId}/results?limit=500`);
      for (const ligand of results.ligands) topAffinities.set(ligand.name, ligand.bestAffinityKcalMol);
    }
    const profile = await eventProfile(stack.databaseUrl, [...jobs.keys()]);
    const failed = [...statuses].filter(([, status]) => status !== 'COMPLETED');
    return {
      wallSeconds,
      cpuSeconds,
      machineCpuSeconds,
      topAffinities,
      notes: [
        `(c) ${jobs.size} jobs (one per target), machine-wide busy CPU during (c): ${machineCpuSeconds.toFixed(1)} s`,
        `(c) profile from job_events (time from each event to the task's next one, summed): ${profile}`,
        ...(failed.length
          ? [`(c) jobs not COMPLETED: ${failed.map(([id, s]) => `${jobs.get(id)} ${s}`).join(', ')}`]
          : []),
      ],
    };
  } finally {
    await stack.stop();
  }
}

/**
 * Where a run's time went, from the job_events timeline the platform records: for every event, the time until the
 * next event of the same task (job-level events: of the same job), summed per kind. A rough profile: ligands docked
 * side by side in one task interleave their events.
 */
export async function eventProfile(databaseUrl: string, jobIds: readonly string[]): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: schemas } = await client.query<{ results_schema: string }>(
      'select distinct results_schema from jobs_meta where id = any($1::uuid[])',
      [jobIds],
    );
    const schema = schemas[0]?.results_schema;
    if (!schema || !/^org_[a-z0-9_]+$/.test(schema)) return 'no events';
    const { rows } = await client.query<{ kind: string; seconds: number; n: string }>(
      `select kind, sum(extract(epoch from next_at - created_at))::float8 as seconds, count(*) as n
       from (select kind, created_at, lead(created_at) over (partition by job_id, coalesce(task_id::text, '') order by id) as next_at
             from "${schema}".job_events where job_id = any($1::uuid[])) e
       where next_at is not null group by kind order by seconds desc`,
      [jobIds],
    );
    return rows.map((r) => `${r.kind} ${Number(r.seconds).toFixed(1)} s (${r.n})`).join(', ') || 'no events';
  } finally {
    await client.end();
  }
}

export interface JobsApi {
  api: RestClient;
  receptorId: string;
  /** The 1iep receptor's box, as the request's bindingSite. */
  bindingSite: { mode: 'box' } & BindingBox;
}

/** Checks that the stack can take jobs (routes, token, worker) and uploads the 1iep receptor the jobs dock against. */
export async function openJobsApi(stack: Stack, sharedDataDir: string, needsWorker = true): Promise<JobsApi> {
  const missing = await missingRoutes(stack.baseUrl, JOB_ROUTES);
  if (missing.length) throw new MissingPieceError(`the server has no ${missing.join(', ')}`);
  if (!stack.token) throw new MissingPieceError('no API token: apps/server/dist/cli.js bootstrap does not exist');
  if (needsWorker && !stack.worker) throw new MissingPieceError('apps/server/dist/worker.js is not built');
  const api = restClient(stack.baseUrl, stack.token);
  const target = dockingTargets(sharedDataDir).find((t) => t.name === '1IEP');
  if (!target) throw new Error('no 1IEP target');
  const box = await readBox(target);
  return {
    api,
    receptorId: await uploadReceptor(api, target.receptorPdbqt),
    bindingSite: { mode: 'box', center: box.center, size: box.size },
  };
}

/**
 * Waits until `count` agents are in the fleet (GET /v1/agents), so a job's creation sees their toolchain: an agent
 * process takes seconds to start on a loaded machine, and a job submitted before it registers is not signed.
 */
export async function waitForAgents(api: RestClient, count: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fleet = await api.get<{ agents: { state: string }[] }>('/v1/agents');
    if (fleet.agents.filter((agent) => agent.state === 'running').length >= count) return;
    if (Date.now() > deadline) throw new Error(`${count} agent(s) did not register within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
