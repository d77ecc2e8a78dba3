import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { ENGINES } from '@mad/protocol';

const DESCRIPTIONS: Record<(typeof ENGINES)[number], string> = {
  vina: 'AutoDock Vina: empirical scoring, the reference engine',
  smina: 'Smina: Vina fork with custom scoring and minimisation, autobox_ligand',
  gnina: 'Gnina: Smina with CNN rescoring (cnnScoring); GPU if available',
};

export const list = procedure
  .meta({
    access: 'signed-in',
    openapi: {
      method: 'GET',
      path: '/v1/pipelines',
      tags: ['jobs'],
      protect: true,
      summary: 'The docking pipelines a job can use',
    },
  })
  .input(z.void())
  .output(z.object({ pipelines: z.array(z.object({ id: z.enum(ENGINES), description: z.string() })) }))
  .query(() => ({ pipelines: ENGINES.map((id) => ({ id, description: DESCRIPTIONS[id] })) }));
