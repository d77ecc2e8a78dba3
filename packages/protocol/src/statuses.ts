// The states of jobs, tasks, ligands and task attempts: one list each, and which of them are final. The database
// CHECKs (migrations), the row types (@mad/db), the domain's state machine, the API's enums, the worker, the metrics
// and the dashboard all read them from here. Browser-safe (no imports): the dashboard imports `@mad/protocol/statuses`.

/** A job: PENDING → RUNNING → COMPLETED | FAILED | CANCELLED. */
export const JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const satisfies readonly JobStatus[];
/** Jobs still to finish: what can be cancelled, what holds its molecules, what the fleet works on. */
export const ACTIVE_JOB_STATUSES = ['PENDING', 'RUNNING'] as const satisfies readonly JobStatus[];

/** A task (a batch of ligands on one agent): PENDING → QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
export const TASK_STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINAL_TASK_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const satisfies readonly TaskStatus[];

/** A ligand of a job: PENDING → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
export const LIGAND_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type LigandStatus = (typeof LIGAND_STATUSES)[number];
export const FINAL_LIGAND_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const satisfies readonly LigandStatus[];
/** Ligands with no outcome yet (a cancel or a lost task settles these). */
export const OPEN_LIGAND_STATUSES = ['PENDING', 'RUNNING'] as const satisfies readonly LigandStatus[];

/** One attempt of a task on an agent (task_executions): RUNNING → SUCCEEDED | FAILED | CANCELLED | LOST. */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const member =
  <T extends string>(set: readonly T[]) =>
  (status: string): status is T =>
    (set as readonly string[]).includes(status);

export const isFinalJobStatus = member<(typeof FINAL_JOB_STATUSES)[number]>(FINAL_JOB_STATUSES);
export const isActiveJobStatus = member<(typeof ACTIVE_JOB_STATUSES)[number]>(ACTIVE_JOB_STATUSES);
export const isFinalTaskStatus = member<(typeof FINAL_TASK_STATUSES)[number]>(FINAL_TASK_STATUSES);
export const isFinalLigandStatus = member<(typeof FINAL_LIGAND_STATUSES)[number]>(FINAL_LIGAND_STATUSES);
