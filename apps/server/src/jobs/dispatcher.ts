// Dispatch (pg-boss worker): split a job into tasks of LIGANDS_PER_TASK ligands, presign the inputs and outputs of
// each, and publish them to the engine's work-queue subject with Nats-Msg-Id = taskId:attempt. Re-running it (pg-boss
// retry after a crash) finds the tasks already made and republishes only those not yet queued; JetStream drops
// any publication it already has within the duplicate window.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Database } from '@mad/db';
import type { Storage } from '@mad/storage';
import { loadMolecules } from '@mad/api';
import { PROTOCOL_VERSION, TaskMessage, taskMsgId, taskSubject, type BindingBox, type DerivedTimers, type EngineName } from '@mad/protocol';
import { appendEvent, jobRef, outputKeys, taskLogKey, type JobRef } from './state.js';

export interface DispatchDeps {
  db: Database;
  storage: Storage;
  js: () => JetStreamClient;
  timers: DerivedTimers;
  ligandsPerTask: number;
  log: Logger;
}

const LIGAND_FORMATS = new Set(['sdf', 'mol2', 'pdbqt', 'pdb']);

async function ensureTasks(deps: DispatchDeps, job: JobRef): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const db = trx.withSchema(job.resultsSchema);
    const row = await db.selectFrom('jobs').select(['task_count']).where('id', '=', job.jobId).forUpdate().executeTakeFirstOrThrow();
    if (row.task_count > 0) return;
    const ligands = await db.selectFrom('job_inputs').select(['ligand_id']).where('job_id', '=', job.jobId).orderBy('ordinal').execute();
    let ordinal = 0;
    for (let start = 0; start < ligands.length; start += deps.ligandsPerTask) {
      const taskId = randomUUID();
      ordinal += 1;
      await db.insertInto('tasks').values({ id: taskId, job_id: job.jobId, ordinal, reason: null }).execute();
      const ids = ligands.slice(start, start + deps.ligandsPerTask).map((l) => l.ligand_id);
      await db.updateTable('job_inputs').set({ task_id: taskId }).where('job_id', '=', job.jobId).where('ligand_id', 'in', ids).execute();
    }
    await db.updateTable('jobs').set({ task_count: ordinal }).where('id', '=', job.jobId).execute();
    await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'dispatching', message: `${ligands.length} ligand(s) in ${ordinal} task(s) of up to ${deps.ligandsPerTask}` });
  });
}

export async function dispatchJob(deps: DispatchDeps, jobId: string): Promise<void> {
  const job = await jobRef(deps.db, jobId);
  if (!job) throw new Error(`job ${jobId} is not in jobs_meta`);
  const db = deps.db.withSchema(job.resultsSchema);
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  if (row.status !== 'PENDING' && row.status !== 'RUNNING') return;
  await ensureTasks(deps, job);

  const params = row.params as { exhaustiveness: number; numModes: number; energyRange: number; seed: number; cpuPerTask: number; cnnScoring?: 'none' | 'rescore' | 'refinement' | 'all' };
  const engine = row.pipeline as EngineName;
  const presignSeconds = Math.floor(deps.timers.presignMs / 1000);
  const get = (key: string) => deps.storage.presignGet(key, { expiresInSeconds: presignSeconds });
  const put = (key: string) => deps.storage.presignPut(key, { expiresInSeconds: presignSeconds });
  const [receptor] = await loadMolecules(deps.db, job.orgId, [row.receptor_id]);
  if (!receptor) throw new Error(`receptor ${row.receptor_id} of job ${jobId} is gone`);
  const receptorUrl = await get(receptor.s3Key);

  const pending = await db.selectFrom('tasks').select(['id', 'ordinal']).where('job_id', '=', jobId).where('status', '=', 'PENDING').orderBy('ordinal').execute();
  for (const task of pending) {
    const ligands = await db.selectFrom('job_inputs').selectAll().where('job_id', '=', jobId).where('task_id', '=', task.id).orderBy('ordinal').execute();
    const files = new Map((await loadMolecules(deps.db, job.orgId, ligands.flatMap((l) => (l.molecule_id ? [l.molecule_id] : [])))).map((m) => [m.id, m]));
    const message: TaskMessage = TaskMessage.parse({
      v: PROTOCOL_VERSION,
      taskId: task.id,
      jobId,
      orgId: job.orgId,
      engine,
      receptor: { url: receptorUrl, format: receptor.format === 'pdbqt' ? 'pdbqt' : 'pdb' },
      box: row.box as BindingBox,
      params: {
        exhaustiveness: params.exhaustiveness,
        numModes: params.numModes,
        energyRange: params.energyRange,
        seed: params.seed,
        cpu: params.cpuPerTask,
        ...(params.cnnScoring ? { cnnScoring: params.cnnScoring } : {}),
      },
      ligands: await Promise.all(
        ligands.map(async (ligand) => {
          const keys = outputKeys(job, task.id, ligand.ligand_id);
          const file = ligand.molecule_id ? files.get(ligand.molecule_id) : undefined;
          if (ligand.molecule_id && !file) throw new Error(`ligand ${ligand.ligand_id} of job ${jobId} is gone`);
          const smiles = file ? (LIGAND_FORMATS.has(file.format) ? null : file.smiles) : ligand.smiles;
          return {
            ligandId: ligand.ligand_id,
            name: ligand.name,
            source: smiles || !file ? { kind: 'smiles', smiles } : { kind: 'file', url: await get(file.s3Key), format: file.format },
            outputs: { posesSdf: await put(keys.posesSdf), posesPdbqt: await put(keys.posesPdbqt), log: await put(keys.log) },
          };
        }),
      ),
      taskLog: await put(taskLogKey(job, task.id)),
      timeoutMs: deps.timers.taskTimeoutMs,
      heartbeatMs: deps.timers.heartbeatMs,
    });
    await deps.js().publish(taskSubject(engine), JSON.stringify(message), { msgID: taskMsgId(task.id, 1) });
    await db.updateTable('tasks').set({ status: 'QUEUED' }).where('id', '=', task.id).where('status', '=', 'PENDING').execute();
  }
  if (pending.length > 0) {
    await appendEvent(deps.db, job.resultsSchema, { jobId, kind: 'queued', message: `${pending.length} task(s) queued for ${engine} agents` });
    deps.log.info({ jobId, tasks: pending.length, engine }, 'job dispatched');
  }
}
