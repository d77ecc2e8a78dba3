import { z } from 'zod';
import { CreateLigandSetFields, LigandSet, createLigandSet } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

export const CreateLigandSetInput = z.strictObject(CreateLigandSetFields);

export const create = orgProcedure
  .meta({
    access: 'molecules:write',
    errors: {
      '404': 'A molecule or the project is not in your organisation (the message names which)',
      '409': 'A molecule of the set was deleted while it was being saved',
      '422': 'The search matches no ligand, or more than 100,000',
    },
    example: {
      name: 'pyridines',
      source: { kind: 'search', filter: { substructure: 'c1ccncc1', molecularWeightMax: 600 } },
    },
    openapi: {
      method: 'POST',
      path: '/v1/ligand-sets',
      tags: ['ligand-sets'],
      protect: true,
      summary:
        'Save a ligand set, resolved now from explicit ids, an upload or a library search (substructure, filters); a job docks it with ligandSetId',
    },
  })
  .input(CreateLigandSetInput)
  .output(LigandSet)
  .mutation(({ ctx, input }) => createLigandSet(ctx, input));
