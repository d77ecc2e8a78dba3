import { jobProcedure } from '../../trpc.js';
import { createJob } from '@mad/domain';
import { CreateJobInput, CreatedJob } from '@mad/domain';

/**
 * REST form of jobs.create; answers 202 Accepted, or 200 when the result cache answered every ligand (the job is
 * COMPLETED at once; see restResponseMeta). Send Idempotency-Key to make retries safe.
 */
export const createJobRest = jobProcedure
  .meta({
    access: 'jobs:write',
    errors: {
      '404': 'No such pipeline, or a receptor or ligand not in your organisation (the message names which)',
      '409': 'The Idempotency-Key was used before with another body',
      '422':
        'An autobox ligand without coordinates, or a box that contains no receptor atom (the message says where the receptor is)',
    },
    idempotencyKey: true,
    example: {
      receptorId: '0a8f6a1e-2c1d-4c55-9b1e-5d6f7a8b9c0d',
      ligands: [{ smiles: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' }],
      bindingSite: { mode: 'box', center: { x: 15.6, y: 53.4, z: 16.9 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 8, numModes: 9, seed: 42 },
    },
    openapi: {
      method: 'POST',
      path: '/v1/pipelines/{pipelineId}/jobs',
      tags: ['jobs'],
      protect: true,
      summary:
        'Submit a docking job (202 Accepted; 200 when every ligand was answered from the result cache); an Idempotency-Key header makes a retried request return the same job',
      successDescription: 'Accepted: the job is PENDING (200: COMPLETED from the result cache)',
    },
  })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx, input, ctx.idempotencyKey ?? null, ctx.settingDefaults));
