import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { ENGINES } from '@mad/protocol';

// The engines' names and what a chemist picks one for (the dashboard's engine choice reads them from here).
const PIPELINES: Record<(typeof ENGINES)[number], { name: string; description: string }> = {
  vina: { name: 'AutoDock Vina', description: 'The reference: fast, well understood scores in kcal/mol.' },
  smina: { name: 'Smina', description: 'Vina fork with custom scoring and minimisation (autobox_ligand).' },
  gnina: { name: 'Gnina', description: 'Smina plus CNN rescoring of poses (cnnScoring; best with a GPU agent).' },
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
  .output(
    z.object({ pipelines: z.array(z.object({ id: z.enum(ENGINES), name: z.string(), description: z.string() })) }),
  )
  .query(() => ({ pipelines: ENGINES.map((id) => ({ id, ...PIPELINES[id] })) }));
