// Recording many reports in one transaction, set-based: the results consumer hands over whatever it has fetched
// (up to a few hundred reports) and this applies them with a fixed number of statements per batch instead of ~10
// round trips and one commit per report. The rules (those of packages/domain/src/jobs/state.ts: settleJob and the
// job state machine) are applied in stream order per task:
// - a report whose task is final (or unknown, or of another job) changes nothing: duplicate deliveries and late
//   reports are no-ops, as before;
// - the batch is cut into chunks so that no report follows a result of its own task inside a chunk; within a chunk
//   events are applied before results, which is then the stream order for every task;
// - poses, outputs and attempt rows keep their ON CONFLICT idempotency;
// - a ligand's outcome is recorded once: by its own ligand report (sent as soon as it is docked) or by its task's
//   result, whichever comes first; a later outcome of a ligand already final (the result repeating it, another
//   attempt's) changes nothing. Within a chunk events go first, then ligand reports, then results.
import { sql, type Transaction } from 'kysely';
import type { DB, JobStatus } from '@mad/db';
import {
  OPEN_LIGAND_STATUSES,
  isFinalTaskStatus,
  type EventMessage,
  type LigandReportMessage,
  type LigandResult,
  type PoseValidity,
  type ReportMessage,
  type ResultMessage,
} from '@mad/protocol';
import {
  confidenceScore,
  outputKeys,
  poseRow,
  settleJob,
  storeLigandResults,
  taskLogKey,
  type ComputedLigandResult,
  type JobMeta,
  type PoseInsertRow,
  type StoredLigandResult,
} from '@mad/domain';

export interface BatchItem {
  job: JobMeta;
  report: ReportMessage;
}

/** What a batch changed, for the live wake-ups and the worker's metrics (counted once the transaction commits). */
export interface Recorded {
  /** Jobs whose rows changed (their live subscribers get a wake-up). */
  changed: Set<string>;
  /** The reports applied: those of tasks not yet final, each once. */
  applied: BatchItem[];
  /** Jobs whose first task an agent accepted in this batch (PENDING → RUNNING). */
  started: { job: JobMeta; createdAt: Date; acceptedAt: Date }[];
  /** Ligand outcomes written: reported by the agent, or left over when its task ended without one. */
  ligands: { job: JobMeta; status: string; stage: string | null }[];
  /** Jobs that reached a final state. */
  finished: { job: JobMeta; status: JobStatus }[];
}

const emptyRecorded = (): Recorded => ({ changed: new Set(), applied: [], started: [], ligands: [], finished: [] });
/** Why an attempt is LOST when a later attempt of its task was accepted while it was still RUNNING. */
export const REDELIVERED = 'redelivered: the agent stopped answering (crash, kill or network loss)';
/** Why an attempt is LOST when its agent handed the task back (nak) while shutting down. */
export const handedBackReason = (agentId: string) => `handed back by agent ${agentId} while shutting down`;
const table = (schema: string, name: string) => sql.table(`${schema}.${name}`);

/** Splits items into chunks in which no report of a task comes after that task's result. */
export function chunkByTaskResult<T extends { report: ReportMessage }>(items: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let finished = new Set<string>();
  for (const item of items) {
    if (finished.has(item.report.taskId)) {
      chunks.push(current);
      current = [];
      finished = new Set();
    }
    current.push(item);
    if (item.report.kind === 'result') finished.add(item.report.taskId);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Applies the reports in order; returns what changed (the jobs to wake up, and what the metrics count). */
export async function recordBatch(trx: Transaction<DB>, items: BatchItem[]): Promise<Recorded> {
  const recorded = emptyRecorded();
  for (const chunk of chunkByTaskResult(items)) {
    const bySchema = new Map<string, BatchItem[]>();
    for (const item of chunk) {
      const list = bySchema.get(item.job.resultsSchema);
      if (list) list.push(item);
      else bySchema.set(item.job.resultsSchema, [item]);
    }
    for (const [schema, list] of bySchema) await recordChunk(trx, schema, list, recorded);
  }
  return recorded;
}

async function recordChunk(
  trx: Transaction<DB>,
  schema: string,
  items: BatchItem[],
  recorded: Recorded,
): Promise<void> {
  const taskIds = [...new Set(items.map((i) => i.report.taskId))];
  // Lock the tasks in id order (two recorders never deadlock on each other) and keep the reports of live tasks.
  const locked = await sql<{ id: string; job_id: string; status: string }>`
    select id, job_id, status from ${table(schema, 'tasks')} where id = any(${taskIds}::uuid[]) order by id for update`.execute(
    trx,
  );
  const tasks = new Map(locked.rows.map((r) => [r.id, r]));
  const live = items.filter(({ report }) => {
    const task = tasks.get(report.taskId);
    return task !== undefined && task.job_id === report.jobId && !isFinalTaskStatus(task.status);
  });
  const events = live.filter((i): i is { job: JobMeta; report: EventMessage } => i.report.kind === 'event');
  const ligands = live.filter((i): i is { job: JobMeta; report: LigandReportMessage } => i.report.kind === 'ligand');
  const results = live.filter((i): i is { job: JobMeta; report: ResultMessage } => i.report.kind === 'result');
  if (events.length > 0) await applyEvents(trx, schema, events, recorded);
  if (ligands.length > 0) await applyLigandReports(trx, schema, ligands, recorded);
  if (results.length > 0) await applyResults(trx, schema, results, recorded);
  for (const item of live) {
    recorded.changed.add(item.report.jobId);
    recorded.applied.push(item);
  }
}

async function applyEvents(
  trx: Transaction<DB>,
  schema: string,
  events: { job: JobMeta; report: EventMessage }[],
  recorded: Recorded,
): Promise<void> {
  const db = trx.withSchema(schema);
  const accepted = events.filter((e) => e.report.stage === 'accepted').map((e) => e.report);
  const taskIds = accepted.map((e) => e.taskId);
  const attempts = accepted.map((e) => e.attempt);
  if (accepted.length > 0) {
    await sql`insert into ${table(schema, 'task_executions')} (task_id, job_id, attempt, agent_id, started_at)
      select * from unnest(${taskIds}::uuid[], ${accepted.map((e) => e.jobId)}::uuid[], ${attempts}::int[], ${accepted.map((e) => e.agentId)}::text[], ${accepted.map((e) => e.at)}::timestamptz[])
      on conflict (task_id, attempt) do nothing`.execute(trx);
  }
  // Hand-backs before the generic rule below, so a hand-back and the next attempt's acceptance in one chunk keep the
  // hand-back's reason.
  await closeHandedBack(
    trx,
    schema,
    events.filter((e) => e.report.stage === 'handed_back').map((e) => e.report),
  );
  if (accepted.length > 0) {
    // An earlier attempt that never reported was lost with its agent.
    await sql`update ${table(schema, 'task_executions')} as te
      set status = 'LOST', finished_at = now(), reason = ${REDELIVERED}
      from unnest(${taskIds}::uuid[], ${attempts}::int[]) as a(task_id, attempt)
      where te.task_id = a.task_id and te.attempt < a.attempt and te.status = 'RUNNING'`.execute(trx);
    await sql`update ${table(schema, 'tasks')} as t set status = 'RUNNING', attempts = greatest(t.attempts, a.attempt)
      from (select task_id, max(attempt) as attempt from unnest(${taskIds}::uuid[], ${attempts}::int[]) as u(task_id, attempt) group by task_id) as a
      where t.id = a.task_id`.execute(trx);
    await sql`update ${table(schema, 'job_inputs')} set status = 'RUNNING' where task_id = any(${taskIds}::uuid[]) and status = 'PENDING'`.execute(
      trx,
    );
    const jobIds = [...new Set(accepted.map((e) => e.jobId))];
    const started = await sql<{
      id: string;
      created_at: Date;
    }>`update ${table(schema, 'jobs')} set status = 'RUNNING', started_at = now()
      where id = any(${jobIds}::uuid[]) and status = 'PENDING' returning id, created_at`.execute(trx);
    const startedIds = started.rows.map((r) => r.id);
    for (const row of started.rows) {
      const first = accepted.filter((e) => e.jobId === row.id).reduce((a, b) => (a.at <= b.at ? a : b));
      const job = events.find((e) => e.report.jobId === row.id)!.job;
      recorded.started.push({ job, createdAt: row.created_at, acceptedAt: new Date(first.at) });
    }
    if (startedIds.length > 0) {
      await trx.updateTable('jobs_meta').set({ status: 'RUNNING' }).where('id', 'in', startedIds).execute();
      await db
        .insertInto('job_events')
        .values(startedIds.map((jobId) => ({ job_id: jobId, kind: 'job_running', message: 'the first task started' })))
        .execute();
    }
  }
  await db
    .insertInto('job_events')
    .values(
      events.map(({ report: e }) => ({
        job_id: e.jobId,
        kind: e.stage,
        message: e.message ?? null,
        task_id: e.taskId,
        ligand_id: e.ligandId ?? null,
        agent_id: e.agentId,
        attempt: e.attempt,
        progress: e.progress ?? null,
      })),
    )
    .execute();
}

/**
 * A graceful shutdown: the agent aborted the attempt and naked the task back to the queue. The attempt is closed at
 * once as LOST (the only status the schema has for "ended without a result") with a reason saying it was handed back,
 * not crashed. Only a RUNNING attempt, or one the generic rule closed first (a later attempt's acceptance recorded
 * before this event, e.g. by another worker), is touched: a duplicate delivery changes nothing.
 */
async function closeHandedBack(trx: Transaction<DB>, schema: string, handedBack: EventMessage[]): Promise<void> {
  if (handedBack.length === 0) return;
  await sql`update ${table(schema, 'task_executions')} as te
    set status = 'LOST', finished_at = h.at, reason = h.reason
    from unnest(${handedBack.map((e) => e.taskId)}::uuid[], ${handedBack.map((e) => e.attempt)}::int[], ${handedBack.map((e) => e.agentId)}::text[],
      ${handedBack.map((e) => e.at)}::timestamptz[], ${handedBack.map((e) => handedBackReason(e.agentId))}::text[]) as h(task_id, attempt, agent_id, at, reason)
    where te.task_id = h.task_id and te.attempt = h.attempt and te.agent_id = h.agent_id
      and (te.status = 'RUNNING' or (te.status = 'LOST' and te.reason = ${REDELIVERED}))`.execute(trx);
}

type OutputKind = 'poses_sdf' | 'poses_pdbqt' | 'ligand_log' | 'task_log';
type FinalTaskStatus = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

type PoseInsert = PoseInsertRow & { job_id: string; ligand_id: string; task_id: string };
interface OutputInsert {
  job_id: string;
  task_id: string;
  ligand_id: string;
  kind: OutputKind;
  s3_key: string;
}
/** A reported ligand's new status; `best` and `error` null keep the stored value. */
interface LigandUpdate {
  job: JobMeta;
  ligandId: string;
  status: string;
  best: {
    affinityKcalMol: number | null;
    notes: string;
    confidence: number | null;
    /** The best pose's validity (null: not checked). */
    validity: PoseValidity | null;
  } | null;
  error: { stage: string; reason: string } | null;
}
interface TaskUpdate {
  taskId: string;
  status: FinalTaskStatus;
  reason: string | null;
  attempt: number;
  /** What the task's ligands the agent reported nothing for (still PENDING or RUNNING) become. */
  leftover: { status: 'CANCELLED' | 'FAILED'; stage: string; reason: string };
}
interface ExecutionUpsert {
  task_id: string;
  job_id: string;
  attempt: number;
  agent_id: string;
  started_at: string;
  status: FinalTaskStatus;
  finished_at: string;
  exit_status: string;
  reason: string | null;
  engine_version: string | null;
  logs_uri: string | null;
}
interface TaskEventInsert {
  job_id: string;
  kind: string;
  task_id: string;
  agent_id: string;
  attempt: number;
  message: string;
}

/** Everything a batch of results writes, as rows (built without I/O by resultRows). */
interface ResultRows {
  poses: PoseInsert[];
  ligands: LigandUpdate[];
  outputs: OutputInsert[];
  tasks: TaskUpdate[];
  executions: ExecutionUpsert[];
  events: TaskEventInsert[];
  /** Docked ligands, stored under their signatures for later jobs (the result cache). */
  computed: ComputedLigandResult[];
}

/**
 * Ligands reported one by one while their task runs: the first outcome of a still-open ligand is written (poses,
 * status, outputs) with a `ligand_done` / `ligand_failed` event, so progress, results and the timeline move at once.
 */
async function applyLigandReports(
  trx: Transaction<DB>,
  schema: string,
  reports: { job: JobMeta; report: LigandReportMessage }[],
  recorded: Recorded,
): Promise<void> {
  const { open } = await ligandsOfTasks(trx, schema, [...new Set(reports.map((r) => r.report.taskId))]);
  const rows: ResultRows = { poses: [], ligands: [], outputs: [], tasks: [], executions: [], events: [], computed: [] };
  const events: (Omit<TaskEventInsert, 'message'> & {
    message: string | null;
    ligand_id: string;
    progress: number | null;
  })[] = [];
  for (const { job, report } of reports) {
    if (!open.delete(`${report.taskId}/${report.ligand.ligandId}`)) continue;
    addLigandRows(rows, job, report, report.ligand);
    const succeeded = rows.ligands.at(-1)!.status === 'SUCCEEDED';
    events.push({
      job_id: job.jobId,
      kind: succeeded ? 'ligand_done' : 'ligand_failed',
      message: report.message ?? null,
      task_id: report.taskId,
      ligand_id: report.ligand.ligandId,
      agent_id: report.agentId,
      attempt: report.attempt,
      progress: succeeded ? 1 : null,
    });
  }
  await insertPoses(trx, schema, rows.poses);
  await updateLigands(trx, schema, rows.ligands);
  for (const l of rows.ligands) recorded.ligands.push({ job: l.job, status: l.status, stage: l.error?.stage ?? null });
  await insertOutputs(trx, schema, rows.outputs);
  await storeLigandResults(trx, schema, rows.computed);
  if (events.length > 0) await trx.withSchema(schema).insertInto('job_events').values(events).execute();
}

async function applyResults(
  trx: Transaction<DB>,
  schema: string,
  results: { job: JobMeta; report: ResultMessage }[],
  recorded: Recorded,
): Promise<void> {
  const ligandsOf = await ligandsOfTasks(
    trx,
    schema,
    results.map((r) => r.report.taskId),
  );
  const rows = resultRows(results, ligandsOf);
  const jobs = new Map(results.map((r) => [r.job.jobId, r.job]));
  // Poses and outputs first, then the reported ligands, then the ones left over, the tasks and their attempts, the
  // events; last, each job settles. Inserts of many rows go as unnest arrays (no parameter limit).
  await insertPoses(trx, schema, rows.poses);
  await updateLigands(trx, schema, rows.ligands);
  for (const l of rows.ligands) recorded.ligands.push({ job: l.job, status: l.status, stage: l.error?.stage ?? null });
  await insertOutputs(trx, schema, rows.outputs);
  await storeLigandResults(trx, schema, rows.computed);
  for (const row of await closeLeftoverLigands(trx, schema, rows.tasks))
    recorded.ligands.push({ job: jobs.get(row.job_id)!, status: row.status, stage: row.error_stage });
  await updateTasks(trx, schema, rows.tasks);
  await upsertExecutions(trx, schema, rows.executions);
  await trx.withSchema(schema).insertInto('job_events').values(rows.events).execute();
  for (const job of jobs.values()) {
    const status = await settleJob(trx, job);
    if (status) recorded.finished.push({ job, status });
  }
}

/**
 * The ligands each task holds (a report about any other ligand is ignored), and which of them still wait for their
 * outcome (`taskId/ligandId`): only those take a reported one.
 */
async function ligandsOfTasks(trx: Transaction<DB>, schema: string, taskIds: string[]) {
  const rows = await trx
    .withSchema(schema)
    .selectFrom('job_inputs')
    .select(['task_id', 'ligand_id', 'status'])
    .where('task_id', 'in', taskIds)
    .execute();
  const all = new Map<string, Set<string>>();
  const open = new Set<string>();
  for (const row of rows) {
    if (!row.task_id) continue;
    const set = all.get(row.task_id) ?? new Set<string>();
    set.add(row.ligand_id);
    all.set(row.task_id, set);
    if ((OPEN_LIGAND_STATUSES as readonly string[]).includes(row.status)) open.add(`${row.task_id}/${row.ligand_id}`);
  }
  return { all, open };
}

function resultRows(
  results: { job: JobMeta; report: ResultMessage }[],
  { all, open }: Awaited<ReturnType<typeof ligandsOfTasks>>,
) {
  const rows: ResultRows = { poses: [], ligands: [], outputs: [], tasks: [], executions: [], events: [], computed: [] };
  for (const { job, report } of results) {
    // Outcomes already recorded from the ligand's own report (or another attempt's) stay as they are.
    for (const ligand of report.ligands)
      if (open.delete(`${report.taskId}/${ligand.ligandId}`)) addLigandRows(rows, job, report, ligand);
    addTaskRows(rows, job, report, all.get(report.taskId)?.size ?? 0);
  }
  return rows;
}

/** A ligand's outcome: its poses, its status with the best affinity or the error, the outputs it uploaded. */
function addLigandRows(
  rows: ResultRows,
  job: JobMeta,
  report: Pick<ResultMessage | LigandReportMessage, 'taskId' | 'agentId' | 'engineVersion' | 'toolchain'>,
  ligand: LigandResult,
): void {
  const taskId = report.taskId;
  const keys = outputKeys(job, taskId, ligand.ligandId);
  const output = (kind: OutputKind, s3Key: string) =>
    rows.outputs.push({ job_id: job.jobId, task_id: taskId, ligand_id: ligand.ligandId, kind, s3_key: s3Key });
  const base = { job, ligandId: ligand.ligandId };
  if (ligand.status !== 'succeeded') {
    const status = ligand.stage === 'cancelled' ? 'CANCELLED' : 'FAILED';
    rows.ligands.push({ ...base, status, best: null, error: { stage: ligand.stage, reason: ligand.reason } });
    if (ligand.uploaded?.log) output('ligand_log', keys.log);
    return;
  }
  const poseRows = ligand.poses.map((pose) => poseRow(pose));
  for (const row of poseRows)
    rows.poses.push({ job_id: job.jobId, ligand_id: ligand.ligandId, task_id: taskId, ...row });
  const best = ligand.poses.reduce<number | null>(
    (min, pose) => (min === null || pose.affinityKcalMol < min ? pose.affinityKcalMol : min),
    null,
  );
  const noPose = ligand.poses.length === 0;
  const confidence = confidenceScore(ligand.poses);
  const validity = ligandValidity(ligand);
  rows.ligands.push({
    ...base,
    status: noPose ? 'FAILED' : 'SUCCEEDED',
    best: { affinityKcalMol: best, notes: JSON.stringify(ligand.notes), confidence, validity },
    error: noPose ? { stage: 'docking', reason: 'the engine produced no pose' } : null,
  });
  const files: StoredLigandResult['outputs'] = [];
  if (ligand.uploaded.posesSdf) files.push({ kind: 'poses_sdf', s3Key: keys.posesSdf });
  if (ligand.uploaded.posesPdbqt) files.push({ kind: 'poses_pdbqt', s3Key: keys.posesPdbqt });
  if (ligand.uploaded.log) files.push({ kind: 'ligand_log', s3Key: keys.log });
  for (const file of files) output(file.kind, file.s3Key);
  if (!noPose && report.toolchain && report.engineVersion)
    rows.computed.push({
      jobId: job.jobId,
      ligandId: ligand.ligandId,
      taskId,
      agentId: report.agentId,
      toolchain: { engineVersion: report.engineVersion, ...report.toolchain },
      result: {
        poses: ligand.poses,
        notes: ligand.notes,
        bestAffinityKcalMol: best,
        outputs: files,
        ...(validity ? { validity } : {}),
        interactionKeys: poseRows.map((row) => row.interaction_keys),
      },
      confidence,
    });
}

/** A docked ligand's validity: as reported, else its rank-1 pose's (null: not checked). */
function ligandValidity(ligand: Extract<LigandResult, { status: 'succeeded' }>): PoseValidity | null {
  return ligand.validity ?? ligand.poses.find((pose) => pose.rank === 1)?.validity ?? null;
}

/** Check codes as one text for unnest (codes are [a-z0-9_], never a comma); null stays null, [] is ''. */
const joinedChecks = (failed: readonly string[] | null) => (failed === null ? null : failed.join(','));

/** A task's final status, its attempt, its task log, and a 'task_<status>' event. */
function addTaskRows(rows: ResultRows, job: JobMeta, result: ResultMessage, ligandCount: number): void {
  const status: FinalTaskStatus =
    result.status === 'succeeded' ? 'SUCCEEDED' : result.status === 'cancelled' ? 'CANCELLED' : 'FAILED';
  const cancelled = result.status === 'cancelled';
  rows.tasks.push({
    taskId: result.taskId,
    status,
    reason: result.reason ?? null,
    attempt: result.attempt,
    leftover: {
      status: cancelled ? 'CANCELLED' : 'FAILED',
      stage: cancelled ? 'cancelled' : 'task',
      reason:
        result.reason ??
        (result.status === 'succeeded' ? 'the agent reported no outcome for this ligand' : `task ${result.status}`),
    },
  });
  const logsUri = result.taskLogUploaded ? taskLogKey(job, result.taskId) : null;
  if (logsUri)
    rows.outputs.push({ job_id: job.jobId, task_id: result.taskId, ligand_id: '', kind: 'task_log', s3_key: logsUri });
  rows.executions.push({
    task_id: result.taskId,
    job_id: job.jobId,
    attempt: result.attempt,
    agent_id: result.agentId,
    started_at: result.startedAt,
    status,
    finished_at: result.finishedAt,
    exit_status: result.status,
    reason: result.reason ?? null,
    engine_version: result.engineVersion ?? null,
    logs_uri: logsUri,
  });
  const docked = result.ligands.filter((l) => l.status === 'succeeded').length;
  rows.events.push({
    job_id: job.jobId,
    kind: `task_${result.status}`,
    task_id: result.taskId,
    agent_id: result.agentId,
    attempt: result.attempt,
    message: `${docked}/${ligandCount} ligand(s) docked${result.reason ? `; ${result.reason}` : ''}`,
  });
}

/** A Postgres text[] literal ('{"MET318","A:MET318"}'), every element quoted. */
export const textArrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

async function insertPoses(trx: Transaction<DB>, schema: string, poses: PoseInsert[]): Promise<void> {
  if (poses.length === 0) return;
  const col = <K extends keyof PoseInsert>(key: K) => poses.map((p) => p[key]);
  // The interactions as JSON text and their keys as one '{...}' literal per pose (unnest cannot take a 2-D array of
  // ragged rows); the ON CONFLICT keeps the first recording of a pose, its interactions with it.
  const json = poses.map((p) => (p.interactions === null ? null : JSON.stringify(p.interactions)));
  const keys = poses.map((p) => (p.interaction_keys === null ? null : textArrayLiteral(p.interaction_keys)));
  await sql`insert into ${table(schema, 'docking_results')} (job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, cnn_vs, task_id, valid, failed_checks, interactions, interaction_keys)
    select job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, cnn_vs, task_id, valid,
      string_to_array(failed_checks, ','), interactions::jsonb, interaction_keys::text[]
    from unnest(${col('job_id')}::uuid[], ${col('ligand_id')}::text[], ${col('pose_rank')}::int[],
      ${col('affinity_kcal_mol')}::float8[], ${col('rmsd_lb')}::float8[], ${col('rmsd_ub')}::float8[],
      ${col('cnn_score')}::float8[], ${col('cnn_affinity')}::float8[], ${col('cnn_vs')}::float8[], ${col('task_id')}::uuid[],
      ${col('valid')}::bool[], ${poses.map((p) => joinedChecks(p.failed_checks))}::text[], ${json}::text[], ${keys}::text[])
      as u(job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, cnn_vs, task_id, valid, failed_checks, interactions, interaction_keys)
    on conflict (job_id, ligand_id, pose_rank) do nothing`.execute(trx);
}

async function updateLigands(trx: Transaction<DB>, schema: string, ligands: LigandUpdate[]): Promise<void> {
  if (ligands.length === 0) return;
  const col = <T>(pick: (l: LigandUpdate) => T) => ligands.map(pick);
  await sql`update ${table(schema, 'job_inputs')} as ji set
      status = u.status,
      best_affinity_kcal_mol = case when u.set_best then u.best else ji.best_affinity_kcal_mol end,
      notes = case when u.set_best then u.notes::jsonb else ji.notes end,
      error_stage = case when u.set_error then u.error_stage else ji.error_stage end,
      error = case when u.set_error then u.error else ji.error end,
      confidence_score = case when u.set_best then u.confidence else ji.confidence_score end,
      valid = case when u.set_best then u.valid else ji.valid end,
      failed_checks = case when u.set_best then string_to_array(u.failed_checks, ',') else ji.failed_checks end
    from unnest(${col((l) => l.job.jobId)}::uuid[], ${col((l) => l.ligandId)}::text[], ${col((l) => l.status)}::text[],
      ${col((l) => l.best !== null)}::bool[], ${col((l) => l.best?.affinityKcalMol ?? null)}::float8[], ${col((l) => l.best?.notes ?? null)}::text[],
      ${col((l) => l.error !== null)}::bool[], ${col((l) => l.error?.stage ?? null)}::text[], ${col((l) => l.error?.reason ?? null)}::text[],
      ${col((l) => l.best?.confidence ?? null)}::float8[], ${col((l) => l.best?.validity?.valid ?? null)}::bool[],
      ${col((l) => joinedChecks(l.best?.validity?.failed ?? null))}::text[])
      as u(job_id, ligand_id, status, set_best, best, notes, set_error, error_stage, error, confidence, valid, failed_checks)
    where ji.job_id = u.job_id and ji.ligand_id = u.ligand_id`.execute(trx);
}

async function insertOutputs(trx: Transaction<DB>, schema: string, outputs: OutputInsert[]): Promise<void> {
  if (outputs.length === 0) return;
  const col = <K extends keyof OutputInsert>(key: K) => outputs.map((o) => o[key]);
  await sql`insert into ${table(schema, 'job_outputs')} (job_id, task_id, ligand_id, kind, s3_key)
    select * from unnest(${col('job_id')}::uuid[], ${col('task_id')}::uuid[], ${col('ligand_id')}::text[], ${col('kind')}::text[], ${col('s3_key')}::text[])
    on conflict (job_id, ligand_id, kind, task_id) do nothing`.execute(trx);
}

/** The tasks' ligands the agent reported nothing for take the task's leftover status; returns them. */
async function closeLeftoverLigands(trx: Transaction<DB>, schema: string, tasks: TaskUpdate[]) {
  const col = <T>(pick: (t: TaskUpdate) => T) => tasks.map(pick);
  const closed = await sql<{ job_id: string; status: string; error_stage: string | null }>`
    update ${table(schema, 'job_inputs')} as ji set status = u.leftover, error_stage = u.stage, error = u.reason
    from unnest(${col((t) => t.taskId)}::uuid[], ${col((t) => t.leftover.status)}::text[], ${col((t) => t.leftover.stage)}::text[], ${col((t) => t.leftover.reason)}::text[]) as u(task_id, leftover, stage, reason)
    where ji.task_id = u.task_id and ji.status in ('PENDING', 'RUNNING') returning ji.job_id, ji.status, ji.error_stage`.execute(
    trx,
  );
  return closed.rows;
}

async function updateTasks(trx: Transaction<DB>, schema: string, tasks: TaskUpdate[]): Promise<void> {
  const col = <T>(pick: (t: TaskUpdate) => T) => tasks.map(pick);
  await sql`update ${table(schema, 'tasks')} as t set status = u.status, reason = u.reason, attempts = greatest(t.attempts, u.attempt)
    from unnest(${col((t) => t.taskId)}::uuid[], ${col((t) => t.status)}::text[], ${col((t) => t.reason)}::text[], ${col((t) => t.attempt)}::int[]) as u(id, status, reason, attempt)
    where t.id = u.id`.execute(trx);
}

/** The attempts' rows: a redelivered result overwrites the row its acceptance (or a loss) wrote. */
async function upsertExecutions(trx: Transaction<DB>, schema: string, executions: ExecutionUpsert[]): Promise<void> {
  await trx
    .withSchema(schema)
    .insertInto('task_executions')
    .values(executions)
    .onConflict((oc) =>
      oc.columns(['task_id', 'attempt']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        finished_at: eb.ref('excluded.finished_at'),
        exit_status: eb.ref('excluded.exit_status'),
        reason: eb.ref('excluded.reason'),
        engine_version: eb.ref('excluded.engine_version'),
        logs_uri: eb.ref('excluded.logs_uri'),
        agent_id: eb.ref('excluded.agent_id'),
      })),
    )
    .execute();
}
