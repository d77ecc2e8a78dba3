import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import {
  listMolecules,
  Molecule,
  MoleculeKind,
  MOLECULE_RANGE_PROPERTIES,
  type MoleculeRangeProperty,
} from '@mad/domain';

const number = z.coerce.number().finite().optional();
const rangeFields = Object.fromEntries(
  MOLECULE_RANGE_PROPERTIES.flatMap((p) => [
    [`${p}Min`, number],
    [`${p}Max`, number],
  ]),
) as Record<`${MoleculeRangeProperty}${'Min' | 'Max'}`, typeof number>;

export const ListMoleculesInput = z.strictObject({
  kind: MoleculeKind.optional(),
  name: z.string().max(200).optional(),
  inchikey: z
    .string()
    .regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/, 'a standard InChIKey (XXXXXXXXXXXXXX-XXXXXXXXXX-X)')
    .optional()
    .describe('Only the structures of this compound'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  ...rangeFields,
});

export const list = orgProcedure
  .meta({
    access: 'molecules:read',
    openapi: {
      method: 'GET',
      path: '/v1/molecules',
      tags: ['molecules'],
      protect: true,
      summary: "The organisation's molecules, newest first, filtered by kind, name and property ranges",
    },
  })
  .input(ListMoleculesInput)
  .output(z.object({ molecules: z.array(Molecule), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) => listMolecules(ctx, input));
