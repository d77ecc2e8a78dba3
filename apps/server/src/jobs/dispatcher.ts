// Dispatch (pg-boss worker): split a job into tasks of LIGANDS_PER_TASK ligands, presign the inputs and outputs of
// each, and publish them to the engine's work-queue subject with Nats-Msg-Id = taskId:attempt. Re-running it (pg-boss
// retry after a crash) finds the tasks already made and republishes only those not yet queued; JetStream drops
// any publication it already has within the duplicate window. Set-based on purpose: a job of 100,000 ligands is a few
// statements, and publications are pipelined (see PUBLISH_WINDOW), so dispatch costs ~signing + JSON per task.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { traceHeaders } from '@mad/telemetry';
import type { Database, JobStatus, OrganizationSettingDefaults } from '@mad/db';
import type { Storage } from '@mad/storage';
import {
  PROTOCOL_VERSION,
  ReceptorFileFormat,
  TaskMessage,
  taskMsgId,
  taskSubject,
  type DerivedTimers,
} from '@mad/protocol';
import {
  appendEvent,
  cachePolicyOf,
  dockingParamsOf,
  failOpenTasks,
  jobRef,
  loadMolecules,
  outputKeys,
  parseJobRow,
  reusesResults,
  signDeferredJob,
  signingDeferred,
  taskLogKey,
  type CachePolicy,
  type JobRef,
} from '@mad/domain';

export interface DispatchDeps {
  db: Database;
  storage: Storage;
  js: () => JetStreamClient;
  timers: DerivedTimers;
  ligandsPerTask: number;
  log: Logger;
  /** The server's cache defaults, for a deferred job whose dispatch carries no cache policy. */
  settingDefaults: Pick<OrganizationSettingDefaults, 'cacheTtlDays' | 'cacheMinConfidence'>;
}

const LIGAND_FORMATS = new Set(['sdf', 'mol2', 'pdbqt', 'pdb']);

/** Publications awaiting their JetStream ack at once: enough to hide the round trip, bounded for memory. */
const PUBLISH_WINDOW = 256;
/** Tasks marked QUEUED per UPDATE. */
const QUEUED_BATCH = 500;

async function ensureTasks(deps: DispatchDeps, job: JobRef): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const db = trx.withSchema(job.resultsSchema);
    const row = await db
      .selectFrom('jobs')
      .select(['task_count'])
      .where('id', '=', job.jobId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.task_count > 0) return;
    // Ligands the result cache answered at creation are already SUCCEEDED: only the pending ones are docked.
    const ligands = await db
      .selectFrom('job_inputs')
      .select(['ligand_id'])
      .where('job_id', '=', job.jobId)
      .where('status', '=', 'PENDING')
      .orderBy('ordinal')
      .execute();
    // Every task and every ligand's task in two statements, whatever the job's size.
    const taskIds: string[] = [];
    const ligandTask: string[] = [];
    for (let start = 0; start < ligands.length; start += deps.ligandsPerTask) {
      const taskId = randomUUID();
      taskIds.push(taskId);
      for (let i = start; i < Math.min(ligands.length, start + deps.ligandsPerTask); i += 1) ligandTask.push(taskId);
    }
    if (taskIds.length > 0) {
      await sql`insert into ${sql.table(`${job.resultsSchema}.tasks`)} (id, job_id, ordinal, reason)
        select t.id, ${job.jobId}::uuid, t.ordinal, null from unnest(${taskIds}::uuid[]) with ordinality as t(id, ordinal)`.execute(
        trx,
      );
      await sql`update ${sql.table(`${job.resultsSchema}.job_inputs`)} as ji set task_id = m.task_id
        from unnest(${ligands.map((l) => l.ligand_id)}::text[], ${ligandTask}::uuid[]) as m(ligand_id, task_id)
        where ji.job_id = ${job.jobId}::uuid and ji.ligand_id = m.ligand_id`.execute(trx);
    }
    await db.updateTable('jobs').set({ task_count: taskIds.length }).where('id', '=', job.jobId).execute();
    await appendEvent(trx, job.resultsSchema, {
      jobId: job.jobId,
      kind: 'dispatching',
      message: `${ligands.length} ligand(s) in ${taskIds.length} task(s) of up to ${deps.ligandsPerTask}`,
    });
  });
}

/** Marks tasks QUEUED (only those still PENDING: a cancel or an early report in between wins). */
async function markQueued(deps: DispatchDeps, job: JobRef, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update ${sql.table(`${job.resultsSchema}.tasks`)} set status = 'QUEUED' where id = any(${ids}::uuid[]) and status = 'PENDING'`.execute(
    deps.db,
  );
}

/** What one dispatch did, for the worker's metrics: the job's pipeline and the task messages JetStream stored (0 when
 * nothing was left); for a deferred job, the result cache's hits and misses; a job that became final here. */
export interface Dispatched {
  pipeline: string;
  tasksPublished: number;
  cache?: { hits: number; misses: number };
  /** Tasks and ligands failed, and the job's final status, when an input was gone. */
  failed?: { tasks: number; ligands: number; jobStatus: JobStatus | null };
  /** A deferred job every ligand of which the result cache answered: COMPLETED without a task. */
  completedFromCache?: boolean;
}

/**
 * A job accepted unsigned (more new SMILES than a request canonicalises): its ligands are signed and looked up in the
 * result cache now, before any task is made, so only the misses are docked (a job fully answered is COMPLETED here).
 */
async function signIfDeferred(
  deps: DispatchDeps,
  job: JobRef,
  useCache: boolean,
  given?: CachePolicy,
): Promise<Pick<Dispatched, 'cache' | 'completedFromCache'>> {
  const policy = given ?? (await cachePolicyOf(deps.db, job.orgId, { useCache }, deps.settingDefaults));
  const started = performance.now();
  const outcome = await signDeferredJob(deps.db, job, policy);
  if (!outcome) return {};
  deps.log.info(
    {
      jobId: job.jobId,
      reused: outcome.reused,
      completed: outcome.completed,
      ms: Math.round(performance.now() - started),
    },
    'deferred signatures and cache lookup done',
  );
  // Counted as creation counts a job signed at once: misses only when the cache was asked.
  const misses = reusesResults(policy) ? outcome.ligands - outcome.reused : 0;
  return { cache: { hits: outcome.reused, misses }, completedFromCache: outcome.completed };
}

export async function dispatchJob(deps: DispatchDeps, jobId: string, cachePolicy?: CachePolicy): Promise<Dispatched> {
  const job = await jobRef(deps.db, jobId);
  if (!job) throw new Error(`job ${jobId} is not in jobs_meta`);
  const db = deps.db.withSchema(job.resultsSchema);
  const readRow = async () =>
    parseJobRow(await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow());
  let row = await readRow();
  let deferred: Pick<Dispatched, 'cache' | 'completedFromCache'> = {};
  if (row.status === 'PENDING' && signingDeferred(row)) {
    deferred = await signIfDeferred(deps, job, row.use_cache, cachePolicy);
    row = await readRow();
  }
  const done = (more: Partial<Dispatched> = {}): Dispatched => ({
    pipeline: job.pipeline,
    tasksPublished: 0,
    ...deferred,
    ...more,
  });
  if (row.status !== 'PENDING' && row.status !== 'RUNNING') return done();
  await ensureTasks(deps, job);

  const [receptor] = await loadMolecules(deps.db, job.orgId, [row.receptor_id]);
  if (!receptor) {
    // An input that is gone never comes back: the job fails now with the reason, instead of pg-boss retrying.
    const reason = `the receptor ${row.receptor_id} was deleted before the job could start`;
    const failed = await deps.db.transaction().execute((trx) => failOpenTasks(trx, job, reason));
    deps.log.warn({ jobId, receptorId: row.receptor_id }, 'job failed: its receptor is gone');
    return done({ failed });
  }
  const { tasks, files } = await pendingTasks(deps, job);
  const goneLigand = [...tasks.values()].flat().find((l) => l.molecule_id !== null && !files.has(l.molecule_id));
  if (goneLigand) {
    // As for the receptor: a ligand's structure that is gone never comes back, so no pg-boss retries.
    const reason = `the ligand molecule ${goneLigand.molecule_id} was deleted before the job could start`;
    const failed = await deps.db.transaction().execute((trx) => failOpenTasks(trx, job, reason));
    deps.log.warn({ jobId, moleculeId: goneLigand.molecule_id }, 'job failed: a ligand molecule is gone');
    return done({ failed });
  }
  const build = taskMessages(deps, job, {
    engine: row.pipeline,
    box: row.box,
    params: dockingParamsOf(row.params),
    receptor: { url: await presigner(deps).get(receptor.s3Key), format: ReceptorFileFormat.parse(receptor.format) },
    files,
  });
  await publishTasks(deps, job, row.pipeline, tasks, build);
  if (tasks.size > 0) {
    await appendEvent(deps.db, job.resultsSchema, {
      jobId,
      kind: 'queued',
      message: `${tasks.size} task(s) queued for ${row.pipeline} agents`,
    });
    deps.log.info({ jobId, tasks: tasks.size, engine: row.pipeline }, 'job dispatched');
  }
  return done({ tasksPublished: tasks.size });
}

/** Presigned GETs and PUTs valid for the whole task budget (derived timers). */
function presigner(deps: DispatchDeps) {
  const expiresInSeconds = Math.floor(deps.timers.presignMs / 1000);
  return {
    get: (key: string) => deps.storage.presignGet(key, { expiresInSeconds }),
    put: (key: string) => deps.storage.presignPut(key, { expiresInSeconds }),
  };
}

type Molecule = Awaited<ReturnType<typeof loadMolecules>>[number];

/** A ligand of a task still PENDING, as the dispatch reads it. */
interface PendingLigand {
  task_id: string;
  task_ordinal: number;
  task_attempts: number;
  ligand_id: string;
  name: string | null;
  molecule_id: string | null;
  smiles: string | null;
}

/**
 * The job's tasks still PENDING with their ligands, and the ligands' molecule files. Two plain reads joined here: as
 * one join, right after the tasks were inserted (no statistics yet), Postgres planned a loop over the tasks with a
 * bitmap of all the job's ligands per task (seen running for over a minute on a 100,000-ligand job at load ~30).
 */
async function pendingTasks(
  deps: DispatchDeps,
  job: JobRef,
): Promise<{ tasks: Map<string, PendingLigand[]>; files: Map<string, Molecule> }> {
  const db = deps.db.withSchema(job.resultsSchema);
  const pending = new Map(
    (
      await db
        .selectFrom('tasks')
        .select(['id', 'ordinal', 'attempts'])
        .where('job_id', '=', job.jobId)
        .where('status', '=', 'PENDING')
        .execute()
    ).map((task) => [task.id, task]),
  );
  const ligands =
    pending.size === 0
      ? []
      : await db
          .selectFrom('job_inputs')
          .select(['task_id', 'ligand_id', 'name', 'molecule_id', 'smiles'])
          .where('job_id', '=', job.jobId)
          .where('task_id', 'is not', null)
          .orderBy('ordinal')
          .execute();
  const pendingLigands: PendingLigand[] = ligands
    .flatMap((l) => {
      const task = l.task_id ? pending.get(l.task_id) : undefined;
      return task ? [{ ...l, task_id: task.id, task_ordinal: task.ordinal, task_attempts: task.attempts }] : [];
    })
    .sort((a, b) => a.task_ordinal - b.task_ordinal); // stable: ligand order kept within a task
  const moleculeIds = [...new Set(pendingLigands.flatMap((l) => (l.molecule_id ? [l.molecule_id] : [])))];
  const files = new Map<string, Molecule>(
    (moleculeIds.length ? await loadMolecules(deps.db, job.orgId, moleculeIds) : []).map((m) => [m.id, m]),
  );
  const tasks = new Map<string, PendingLigand[]>();
  for (const ligand of pendingLigands) {
    const list = tasks.get(ligand.task_id);
    if (list) list.push(ligand);
    else tasks.set(ligand.task_id, [ligand]);
  }
  return { tasks, files };
}

interface JobInputs {
  engine: TaskMessage['engine'];
  box: TaskMessage['box'];
  params: TaskMessage['params'];
  receptor: TaskMessage['receptor'];
  files: Map<string, Molecule>;
}

/** Builds a task's message: its ligands as SMILES or presigned files, a presigned PUT per output, the timers. */
function taskMessages(deps: DispatchDeps, job: JobRef, inputs: JobInputs) {
  const { get, put } = presigner(deps);
  const ligandOf = async (taskId: string, ligand: PendingLigand) => {
    const keys = outputKeys(job, taskId, ligand.ligand_id);
    const file = ligand.molecule_id ? inputs.files.get(ligand.molecule_id) : undefined;
    // dispatchJob fails the job before building any message when a ligand's molecule is gone.
    if (ligand.molecule_id && !file) throw new Error(`ligand ${ligand.ligand_id} of job ${job.jobId} is gone`);
    const smiles = file ? (LIGAND_FORMATS.has(file.format) ? null : file.smiles) : ligand.smiles;
    return {
      ligandId: ligand.ligand_id,
      name: ligand.name,
      source:
        smiles || !file
          ? { kind: 'smiles', smiles }
          : { kind: 'file', url: await get(file.s3Key), format: file.format },
      outputs: { posesSdf: await put(keys.posesSdf), posesPdbqt: await put(keys.posesPdbqt), log: await put(keys.log) },
    };
  };
  return async (taskId: string, ligands: PendingLigand[]): Promise<TaskMessage> =>
    TaskMessage.parse({
      priorAttempts: ligands[0]?.task_attempts ?? 0,
      v: PROTOCOL_VERSION,
      taskId,
      jobId: job.jobId,
      orgId: job.orgId,
      engine: inputs.engine,
      receptor: inputs.receptor,
      box: inputs.box,
      params: inputs.params,
      ligands: await Promise.all(ligands.map((ligand) => ligandOf(taskId, ligand))),
      taskLog: await put(taskLogKey(job, taskId)),
      timeoutMs: deps.timers.taskTimeoutMs,
      heartbeatMs: deps.timers.heartbeatMs,
    });
}

/**
 * Publications go out with up to PUBLISH_WINDOW acks outstanding (one connection keeps them in order); a task is
 * marked QUEUED only once JetStream has acked it, in bulk. A failed publication fails the dispatch after the others
 * settle: the pg-boss retry republishes the tasks still PENDING (Nats-Msg-Id drops the ones stored).
 */
async function publishTasks(
  deps: DispatchDeps,
  job: JobRef,
  engine: TaskMessage['engine'],
  tasks: Map<string, PendingLigand[]>,
  build: (taskId: string, ligands: PendingLigand[]) => Promise<TaskMessage>,
): Promise<void> {
  const js = deps.js();
  const inFlight = new Set<Promise<void>>();
  let acked: string[] = [];
  let failure = null as { error: unknown } | null; // set inside callbacks (so not narrowed to null)
  for (const [taskId, ligands] of tasks) {
    if (failure) break;
    const message = await build(taskId, ligands);
    // The dispatch span's trace context travels in the message headers: the agent's task span continues it.
    const traced = traceHeaders(headers);
    const publication = js
      .publish(taskSubject(engine), JSON.stringify(message), {
        msgID: taskMsgId(taskId, message.priorAttempts + 1),
        ...(traced ? { headers: traced } : {}),
      })
      .then(
        () => {
          acked.push(taskId);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(publication));
    inFlight.add(publication);
    if (inFlight.size >= PUBLISH_WINDOW) await Promise.race(inFlight);
    if (acked.length >= QUEUED_BATCH) {
      const batch = acked;
      acked = [];
      await markQueued(deps, job, batch);
    }
  }
  await Promise.all(inFlight);
  await markQueued(deps, job, acked);
  if (failure) throw failure.error;
}
