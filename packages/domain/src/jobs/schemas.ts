// The job request and the answers' shapes, shared by tRPC and REST (the same zod schemas drive the OpenAPI document).
import { z } from 'zod';
import {
  CNN_SCORING_MODES,
  CPU_AUTO,
  DEFAULT_DOCKING_PARAMS,
  DOCKING_PARAM_BOUNDS as B,
  ENGINES,
  JOB_STATUSES,
  Vec3,
  WIRE_CPU_AUTO,
  type DockingParams,
} from '@mad/protocol';

export const PipelineId = z.enum(ENGINES).describe('The docking engine: vina, smina or gnina');
export const JobStatus = z.enum(JOB_STATUSES);

const Hetatm = z.strictObject({
  resName: z.string().min(1).max(3),
  chain: z.string().max(1).default(''),
  resSeq: z.number().int(),
});

export { Vec3 };

export const BindingSite = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('box'), center: Vec3, size: Vec3.describe('Edge lengths in Å') }),
  z.strictObject({
    mode: z.literal('autobox'),
    ligandId: z.string().uuid().optional().describe('An uploaded ligand whose coordinates define the site'),
    hetatm: Hetatm.optional().describe('A HETATM group of the receptor (e.g. the co-crystallised ligand)'),
    paddingAngstrom: z.number().min(0).max(30).default(4),
  }),
  z.strictObject({ mode: z.literal('blind'), paddingAngstrom: z.number().min(0).max(30).default(4) }),
]);
export type BindingSite = z.infer<typeof BindingSite>;

export const JobParams = z.strictObject({
  exhaustiveness: z
    .number()
    .int()
    .min(B.exhaustiveness.min)
    .max(B.exhaustiveness.max)
    .default(B.exhaustiveness.default),
  numModes: z.number().int().min(B.numModes.min).max(B.numModes.max).default(B.numModes.default),
  energyRange: z.number().positive().max(B.energyRange.max).default(B.energyRange.default),
  seed: z
    .number()
    .int()
    .min(B.seed.min)
    .max(B.seed.max)
    .optional()
    .describe('Fixed seed; a random one is chosen and recorded when omitted'),
  cpuPerTask: z
    .union([z.literal(CPU_AUTO), z.number().int().min(B.cpu.min).max(B.cpu.max)])
    .default(CPU_AUTO)
    .describe(
      "CPUs of each engine process (Vina's --cpu). 'auto' (default): the agent sizes it to its cores and the ligands it holds, so a one-ligand job gets every core and a batch one single-CPU engine per core; the poses do not depend on it. Each ligand's engine log starts with the exact command.",
    ),
  cnnScoring: z.enum(CNN_SCORING_MODES).optional().describe('gnina only'),
});

/**
 * A job's parameters as jobs.params stores them (JSONB): the request's, with the seed that was chosen. Read from our
 * own rows, so not strict: a key a later version writes does not make older readers fail.
 */
export const StoredJobParams = z.object(JobParams.shape).required({ seed: true });
export type StoredJobParams = z.infer<typeof StoredJobParams>;

/** The task message's parameters for a stored job (cpuPerTask is the engine's cpu). */
export function dockingParamsOf(params: StoredJobParams): DockingParams {
  const { cpuPerTask, cnnScoring, ...engine } = params;
  return {
    ...engine,
    cpu: cpuPerTask === CPU_AUTO ? WIRE_CPU_AUTO : cpuPerTask,
    ...(cnnScoring ? { cnnScoring } : {}),
  };
}

/** A job's name: 1–200 characters after trimming, one line (control characters are refused for every input). */
export const JobName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\t\n\r]*$/, 'a job name is one line: no tab or line break');
export const JobDescription = z.string().trim().max(2_000);

export const JobRequest = z.strictObject({
  name: JobName.optional().describe('What you call the job (1–200 characters); shown in the jobs list and searchable'),
  description: JobDescription.optional().describe('Notes on the job (at most 2,000 characters)'),
  projectId: z.string().uuid().optional().describe('The project the job belongs to (one of your organisation)'),
  receptorId: z.string().uuid(),
  ligandSetId: z
    .string()
    .uuid()
    .optional()
    .describe(
      'A saved ligand set: its members are docked (in its order, after ligandIds); the job records the set and the resolved ligand ids',
    ),
  ligandIds: z.array(z.string().uuid()).max(100_000).default([]),
  ligands: z
    .array(z.strictObject({ smiles: z.string().min(1).max(2_000), name: z.string().min(1).max(200).optional() }))
    .max(100_000)
    .default([]),
  bindingSite: BindingSite,
  params: JobParams.default(DEFAULT_DOCKING_PARAMS),
  useCache: z
    .boolean()
    .default(true)
    .describe('Reuse stored results of ligands docked before with the same inputs (false: dock every ligand again)'),
  cacheMaxAgeDays: z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .optional()
    .describe("Reuse only results at most this many days old (default: the organisation's cacheTtlDays)"),
  cacheMinConfidence: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Reuse only results with at least this confidence (default: the organisation's cacheMinConfidence)"),
});
export type JobRequest = z.infer<typeof JobRequest>;

export const CreateJobInput = JobRequest.extend({ pipelineId: PipelineId });
export type CreateJobInput = z.infer<typeof CreateJobInput>;

export const CacheUse = z
  .object({
    reusedLigands: z.number().int().describe('Ligands answered from stored results (not docked again)'),
    computedLigands: z.number().int().describe('Ligands dispatched to the agents'),
    fromJobs: z.array(z.string().uuid()).describe('The jobs that computed the reused results'),
    inputSignature: z
      .string()
      .nullable()
      .describe('The job signature (null: no live agent has the engine, or the lookup is deferred)'),
    lookupDeferred: z
      .boolean()
      .optional()
      .describe(
        'true: more new SMILES than a request canonicalises; the job was accepted at once and the dispatcher signs its ligands and reuses cached results before any task is made (reused and dispatched counts then in GET /status, cache)',
      ),
  })
  .describe('What the result cache did for this job');

export const CacheReuse = z
  .object({
    reusedLigands: z.number().int().describe('Ligands answered from stored results (not docked by this job)'),
    fromJobs: z
      .array(z.object({ jobId: z.string().uuid(), ligands: z.number().int() }))
      .describe('The jobs that computed them, with how many ligands each (most first)'),
  })
  .describe('Which ligands came from the result cache, decided when the job was created');
export type CacheReuse = z.infer<typeof CacheReuse>;

export const CreatedJob = z.object({
  jobId: z.string().uuid(),
  status: JobStatus,
  warnings: z.array(z.string()),
  cache: CacheUse.optional(),
});

export const JobIdInput = z.strictObject({ jobId: z.string().uuid() });
