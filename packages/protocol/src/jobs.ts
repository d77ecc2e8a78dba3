// The wire contract of docking jobs between the server and the agents, version 1: subjects, streams, consumers, KV
// buckets, the timers that must agree with each other, and the zod schemas both sides parse every message with.
import { z } from 'zod';
import type { BindingBox as Box, PoseValidity as ChemPoseValidity, Vec3 as Point } from '@mad/chem/box';
import { CNN_SCORING_MODES, DOCKING_PARAM_BOUNDS as B, WIRE_CPU_AUTO } from './docking-params.js';
import { Interaction, InteractionProfiler } from './interactions.js';

export const PROTOCOL_VERSION = 1 as const;

export const ENGINES = ['vina', 'smina', 'gnina'] as const;
export const EngineName = z.enum(ENGINES);
export type EngineName = z.infer<typeof EngineName>;

// ── Subjects, streams, consumers, buckets ────────────────────────────────────────────────────────────────────────

/** Work-queue stream: one subject per engine, so an agent only pulls what it can run. */
export const TASKS_STREAM = 'MAD_TASKS';
export const taskSubject = (engine: EngineName) => `mad.tasks.${engine}`;
/** One durable pull consumer per engine, shared by every agent with that engine (work-queue: each task once). */
export const taskConsumer = (engine: EngineName) => `agents_${engine}`;

/** What agents report: events and results of a job, in order, consumed by the server's results consumer. */
export const REPORTS_STREAM = 'MAD_REPORTS';
export const REPORT_KINDS = ['event', 'ligand', 'result'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const reportSubject = (jobId: string, kind: ReportKind) => `mad.reports.${jobId}.${kind}`;
export const REPORTS_CONSUMER = 'server_reports';

/** Core NATS (not persisted): the server fans a job's recorded events out to live subscribers in any process. */
export const liveEventsSubject = (jobId: string) => `mad.live.${jobId}`;
/** Core NATS, published beside liveEventsSubject with the job id as payload: org-wide feeds (the jobs list) wake here. */
export const liveOrgSubject = (orgId: string) => `mad.live.org.${orgId}`;

/** The advisory JetStream publishes when a task reached max_deliver without an ack: the task is poison. */
export const maxDeliveriesAdvisory = (engine: EngineName) =>
  `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${TASKS_STREAM}.${taskConsumer(engine)}`;
export const MaxDeliveriesAdvisory = z.object({
  stream: z.string(),
  consumer: z.string(),
  stream_seq: z.number(),
  deliveries: z.number(),
});

/** Agents' heartbeats: key = agent id, value = AgentHeartbeat; the bucket's TTL drops agents that went silent. */
export const AGENTS_BUCKET = 'mad_agents';
/** Cancelled jobs: key = job id. Agents watch it to abort running work and check it before starting a task. */
export const CANCELS_BUCKET = 'mad_cancels';

// ── Timers ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface JobTimers {
  /** JetStream redelivers a task this long after the agent last said working() (or died). */
  ackWaitMs: number;
  /** Deliveries of one task before it is poison (the MAX_DELIVERIES advisory fires). */
  maxDeliver: number;
  /** Longest one task may compute (the agent aborts it then and reports the timeout). */
  taskTimeoutMs: number;
  /** How long a task may wait in the queue before an agent takes it (presigned URLs must outlive that). */
  queueAllowanceMs: number;
}

export const DEFAULT_TIMERS: JobTimers = {
  ackWaitMs: 60_000,
  maxDeliver: 3,
  taskTimeoutMs: 3_600_000,
  queueAllowanceMs: 86_400_000,
};

/** SigV4 presigned URLs cannot live longer than 7 days. */
export const MAX_PRESIGN_MS = 7 * 24 * 3_600_000;

/**
 * The timers derived from the configured ones, each with the inequality it must keep:
 * - heartbeatMs (agent's working() period) = ackWait/4: several chances before a redelivery of a live task;
 * - duplicateWindowMs ≥ ackWait × maxDeliver: a dispatcher retry of the same taskId:attempt is dropped, whatever
 *   the deliveries in between; ≤ presignMs (the stream's max_age: JetStream refuses a longer window);
 * - taskBudgetMs = maxDeliver × (taskTimeout + ackWait): the longest a task can be in flight, all attempts included;
 * - presignMs ≥ queueAllowance + taskBudget (capped at 7 days): no URL expires while its task can still run;
 * - jobDeadlineMs = presignMs + ackWait: when pg-boss's deadline job fires, no agent can still deliver a result, so
 *   whatever has not reported is lost and is failed with that reason.
 */
export function deriveTimers(timers: JobTimers) {
  const heartbeatMs = Math.max(1_000, Math.floor(timers.ackWaitMs / 4));
  const taskBudgetMs = timers.maxDeliver * (timers.taskTimeoutMs + timers.ackWaitMs);
  const presignMs = Math.min(MAX_PRESIGN_MS, timers.queueAllowanceMs + taskBudgetMs);
  // JetStream refuses a duplicate window longer than the stream's max_age (presignMs), which would leave the worker
  // retrying ensureJobStreams forever; presignMs ≥ taskBudget ≥ ackWait × maxDeliver keeps the inequality.
  const duplicateWindowMs = Math.min(presignMs, Math.max(120_000, timers.ackWaitMs * timers.maxDeliver * 2));
  const jobDeadlineMs = presignMs + timers.ackWaitMs;
  return { ...timers, heartbeatMs, duplicateWindowMs, taskBudgetMs, presignMs, jobDeadlineMs };
}
export type DerivedTimers = ReturnType<typeof deriveTimers>;

// ── Messages ─────────────────────────────────────────────────────────────────────────────────────────────────────

// Geometry is declared once, in @mad/chem/box (browser-safe); these are its validators, checked against it.
export const Vec3 = z.strictObject({ x: z.number(), y: z.number(), z: z.number() }) satisfies z.ZodType<Point>;
export type Vec3 = Point;
export const BindingBox = z.object({ center: Vec3, size: Vec3 }) satisfies z.ZodType<Box>;
export type BindingBox = Box;

export const DockingParams = z.object({
  exhaustiveness: z.number().int().min(B.exhaustiveness.min).max(B.exhaustiveness.max),
  numModes: z.number().int().min(B.numModes.min).max(B.numModes.max),
  energyRange: z.number().positive().max(B.energyRange.max),
  seed: z.number().int(),
  /** CPUs of each engine process; 0 (WIRE_CPU_AUTO): the agent sizes them to its cores and the ligands left. */
  cpu: z.number().int().min(WIRE_CPU_AUTO).max(B.cpu.max),
  cnnScoring: z.enum(CNN_SCORING_MODES).optional(),
});
export type DockingParams = z.infer<typeof DockingParams>;

const url = z.string().url();
export const LigandFormat = z.enum(['sdf', 'mol2', 'pdbqt', 'pdb']);
export const ReceptorFileFormat = z.enum(['pdb', 'pdbqt', 'mmcif']);
export type ReceptorFileFormat = z.infer<typeof ReceptorFileFormat>;

export const TaskLigand = z.object({
  ligandId: z.string().min(1),
  name: z.string(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('smiles'), smiles: z.string().min(1) }),
    z.object({ kind: z.literal('file'), url, format: LigandFormat }),
  ]),
  /** Presigned PUTs for this ligand's outputs. */
  outputs: z.object({ posesSdf: url, posesPdbqt: url, log: url }),
});
export type TaskLigand = z.infer<typeof TaskLigand>;

export const TaskMessage = z.object({
  v: z.literal(PROTOCOL_VERSION),
  taskId: z.string().uuid(),
  jobId: z.string().uuid(),
  orgId: z.string().uuid(),
  engine: EngineName,
  /** The receptor as uploaded: PDB, PDBQT (docked as given) or PDBx/mmCIF (read by the agent with gemmi). */
  receptor: z.object({ url, format: ReceptorFileFormat }),
  box: BindingBox,
  params: DockingParams,
  ligands: z.array(TaskLigand).min(1),
  /** Presigned PUT for the task's own log (agent-side timeline and engine stderr). */
  taskLog: url,
  timeoutMs: z.number().int().positive(),
  /** Period of msg.working() the server's ack_wait needs. */
  heartbeatMs: z.number().int().positive(),
  /**
   * Attempts recorded before this publication (a task re-dispatched after a restore, on a stream that starts its
   * delivery count again at 1): the agent reports attempt = priorAttempts + delivery count.
   */
  priorAttempts: z.number().int().min(0).default(0),
});
export type TaskMessage = z.infer<typeof TaskMessage>;

export const AGENT_STAGES = [
  'accepted',
  'preparing',
  'docking',
  'ligand_done',
  'uploading',
  'completed',
  'failed',
  'cancelled',
  'handed_back',
] as const;
export const AgentStage = z.enum(AGENT_STAGES);
export type AgentStage = z.infer<typeof AgentStage>;

export const EventMessage = z.object({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('event'),
  taskId: z.string().uuid(),
  jobId: z.string().uuid(),
  agentId: z.string(),
  attempt: z.number().int().min(1),
  ligandId: z.string().optional(),
  stage: AgentStage,
  progress: z.number().min(0).max(1).optional(),
  message: z.string().max(4_000).optional(),
  at: z.string().datetime(),
});
export type EventMessage = z.infer<typeof EventMessage>;

/**
 * A pose's validity checks (@mad/chem poseChecks, DOCKING_SCIENCE.md "Pose validity"): valid when it failed none;
 * `failed` the failed checks' codes (POSE_CHECKS: outside_box, no_receptor_contact, …). Codes are strings, not an
 * enum, so a newer agent's check does not make its whole report unreadable here.
 */
export const PoseValidity = z.object({
  valid: z.boolean(),
  failed: z
    .array(
      z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,63}$/)
        .describe('A check code: outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score'),
    )
    .max(32),
}) satisfies z.ZodType<ChemPoseValidity>;
export type PoseValidity = z.infer<typeof PoseValidity>;

export const Pose = z.object({
  rank: z.number().int().min(1),
  affinityKcalMol: z.number(),
  rmsdLowerBound: z.number().nullable(),
  rmsdUpperBound: z.number().nullable(),
  cnnScore: z.number().nullable(),
  cnnAffinity: z.number().nullable(),
  cnnVs: z.number().nullable(),
  /** The pose's checks, computed by the agent; absent from agents older than the field (or when unreadable). */
  validity: PoseValidity.optional(),
  /**
   * The protein–ligand interactions of the pose (DOCKING_SCIENCE.md "Interactions"): [] profiled and none found;
   * null not profiled, interactionsReason says why. Absent from agents older than the field (read as null).
   */
  interactions: z.array(Interaction).max(500).nullable().optional(),
  interactionsReason: z.string().max(1_000).nullable().optional(),
  /** What profiled it (PLIP and its version); null when nothing did. */
  interactionProfiler: InteractionProfiler.nullable().optional(),
});
export type Pose = z.infer<typeof Pose>;

export const LigandResult = z.discriminatedUnion('status', [
  z.object({
    ligandId: z.string(),
    status: z.literal('succeeded'),
    poses: z.array(Pose),
    /** Which of the presigned outputs were uploaded (PDBQT is absent for engines that only write SDF). */
    uploaded: z.object({ posesSdf: z.boolean(), posesPdbqt: z.boolean(), log: z.boolean() }),
    notes: z.array(z.string()),
    /** The best pose's (rank 1) validity: a ligand whose best pose fails is flagged, not a plain success. */
    validity: PoseValidity.optional(),
  }),
  z.object({
    ligandId: z.string(),
    status: z.literal('failed'),
    stage: z.enum(['preparation', 'docking', 'timeout', 'cancelled', 'upload']),
    reason: z.string().max(4_000),
    uploaded: z.object({ log: z.boolean() }).optional(),
  }),
]);
export type LigandResult = z.infer<typeof LigandResult>;

export const Toolchain = z.object({
  rdkit: z.string().nullable(),
  obabel: z.string().nullable(),
  preparationVersion: z.string(),
});

export const ResultMessage = z.object({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('result'),
  taskId: z.string().uuid(),
  jobId: z.string().uuid(),
  agentId: z.string(),
  attempt: z.number().int().min(1),
  /** succeeded: the task ran (ligands may still have failed one by one); failed: the whole task did not run. */
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  reason: z.string().max(4_000).optional(),
  engine: EngineName,
  engineVersion: z.string().optional(),
  /** The preparation's code and tools on the agent that ran the task (part of result signatures). */
  toolchain: Toolchain.optional(),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime(),
  taskLogUploaded: z.boolean(),
  ligands: z.array(LigandResult),
});
export type ResultMessage = z.infer<typeof ResultMessage>;

/**
 * One ligand's outcome, published as soon as that ligand is docked and its files are uploaded (not when its task
 * ends): the recorder writes its poses, outputs and status at once. The first recorded outcome of a ligand stands; the
 * task's result repeats every outcome, and those already recorded change nothing.
 */
export const LigandReportMessage = z.object({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('ligand'),
  taskId: z.string().uuid(),
  jobId: z.string().uuid(),
  agentId: z.string(),
  attempt: z.number().int().min(1),
  engine: EngineName,
  engineVersion: z.string().optional(),
  /** As in the result: what prepared the ligand (its stored result is reusable only with it). */
  toolchain: Toolchain.optional(),
  ligand: LigandResult,
  /** Said in the job's timeline (the ligand's name, poses, best affinity). */
  message: z.string().max(4_000).optional(),
  at: z.string().datetime(),
});
export type LigandReportMessage = z.infer<typeof LigandReportMessage>;

export const ReportMessage = z.discriminatedUnion('kind', [EventMessage, LigandReportMessage, ResultMessage]);
export type ReportMessage = z.infer<typeof ReportMessage>;

export const AgentHeartbeat = z.object({
  v: z.literal(PROTOCOL_VERSION),
  agentId: z.string(),
  hostname: z.string(),
  startedAt: z.string().datetime(),
  heartbeatAt: z.string().datetime(),
  state: z.enum(['running', 'draining']),
  slots: z.number().int().min(0),
  busySlots: z.number().int().min(0),
  /** The agent's CPU pool (AGENT_CPUS) shared by its engine processes; absent from agents older than the field. */
  cpuPool: z.object({ size: z.number().int().min(1), busy: z.number().int().min(0) }).optional(),
  /** The agent's GPUs, one gnina process each (GPU slots); absent on agents without a GPU. */
  gpuPool: z.object({ size: z.number().int().min(1), busy: z.number().int().min(0) }).optional(),
  engines: z.array(z.object({ name: EngineName, version: z.string(), path: z.string() })),
  /** PREPARATION_VERSION of the agent's code; absent from agents older than the field (their results are not cached). */
  preparationVersion: z.string().optional(),
  capabilities: z.object({
    obabel: z.string().nullable(),
    rdkit: z.string().nullable(),
    cpuCores: z.number().int(),
    gpus: z.array(
      z.object({ index: z.number().int(), name: z.string(), memoryMiB: z.number(), uuid: z.string().optional() }),
    ),
  }),
  currentTasks: z.array(
    z.object({
      taskId: z.string(),
      jobId: z.string(),
      engine: EngineName,
      attempt: z.number().int(),
      startedAt: z.string(),
    }),
  ),
});
export type AgentHeartbeat = z.infer<typeof AgentHeartbeat>;

export const CancelRecord = z.object({ jobId: z.string().uuid(), at: z.string().datetime(), reason: z.string() });
export type CancelRecord = z.infer<typeof CancelRecord>;

/** Nats-Msg-Id of a task publication: a republish of the same attempt is dropped within the duplicate window. */
export const taskMsgId = (taskId: string, attempt: number) => `${taskId}:${attempt}`;
