import { z } from 'zod';
import { depictSvg } from '@mad/chem';
import { orgProcedure } from '../../trpc.js';
import { Molecule, MoleculeId } from '@mad/domain';
import { moleculeOfOrg, toMolecule } from '@mad/domain';

export const get = orgProcedure
  .meta({
    access: 'molecules:read',
    openapi: {
      method: 'GET',
      path: '/v1/molecules/{moleculeId}',
      tags: ['molecules'],
      protect: true,
      summary: 'One molecule with its properties and, for ligands, a 2D depiction (SVG)',
    },
  })
  .input(MoleculeId)
  .output(Molecule.extend({ depictionSvg: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const row = await moleculeOfOrg(ctx.db, ctx.principal.org.id, input.moleculeId);
    // Depictions are drawn from the canonical SMILES on request (a few ms) rather than stored with every row.
    const depictionSvg = row.canonical_smiles ? await depictSvg(row.canonical_smiles) : null;
    return { ...toMolecule(row), depictionSvg };
  });
