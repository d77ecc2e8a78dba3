// The job request and the answers' shapes, shared by tRPC and REST (the same zod schemas drive the OpenAPI document).
import { z } from 'zod';
import { ENGINES, JOB_STATUSES } from '@mad/protocol';

export const PipelineId = z.enum(ENGINES).describe('The docking engine: vina, smina or gnina');
export const JobStatus = z.enum(JOB_STATUSES);
export const Vec3 = z.object({ x: z.number(), y: z.number(), z: z.number() });

const Hetatm = z.object({
  resName: z.string().min(1).max(3),
  chain: z.string().max(1).default(''),
  resSeq: z.number().int(),
});

export const BindingSite = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('box'), center: Vec3, size: Vec3.describe('Edge lengths in Å') }),
  z.object({
    mode: z.literal('autobox'),
    ligandId: z.string().uuid().optional().describe('An uploaded ligand whose coordinates define the site'),
    hetatm: Hetatm.optional().describe('A HETATM group of the receptor (e.g. the co-crystallised ligand)'),
    paddingAngstrom: z.number().min(0).max(30).default(4),
  }),
  z.object({ mode: z.literal('blind'), paddingAngstrom: z.number().min(0).max(30).default(4) }),
]);
export type BindingSite = z.infer<typeof BindingSite>;

export const JobParams = z.object({
  exhaustiveness: z.number().int().min(1).max(512).default(8),
  numModes: z.number().int().min(1).max(100).default(9),
  energyRange: z.number().positive().max(100).default(3),
  seed: z
    .number()
    .int()
    .min(-2_147_483_648)
    .max(2_147_483_647)
    .optional()
    .describe('Fixed seed; a random one is chosen and recorded when omitted'),
  cpuPerTask: z.number().int().min(1).max(256).default(1),
  cnnScoring: z.enum(['none', 'rescore', 'refinement', 'all']).optional().describe('gnina only'),
});

export const JobRequest = z.object({
  receptorId: z.string().uuid(),
  ligandIds: z.array(z.string().uuid()).max(100_000).default([]),
  ligands: z
    .array(z.object({ smiles: z.string().min(1).max(2_000), name: z.string().min(1).max(200).optional() }))
    .max(100_000)
    .default([]),
  bindingSite: BindingSite,
  params: JobParams.default({ exhaustiveness: 8, numModes: 9, energyRange: 3, cpuPerTask: 1 }),
});
export type JobRequest = z.infer<typeof JobRequest>;

export const CreateJobInput = JobRequest.extend({ pipelineId: PipelineId });
export type CreateJobInput = z.infer<typeof CreateJobInput>;

export const CreatedJob = z.object({ jobId: z.string().uuid(), status: JobStatus, warnings: z.array(z.string()) });

export const JobIdInput = z.object({ jobId: z.string().uuid() });
