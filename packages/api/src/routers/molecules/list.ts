import { z } from 'zod';
import { SUBSTRUCTURE_QUERY_MAX_LENGTH } from '@mad/chem';
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

const SubstructureScan = z.object({
  queryAs: z.enum(['smiles', 'smarts']).describe('How the query was read: as SMILES (tried first) or as SMARTS'),
  scanned: z.number().int().describe('Candidates this request read and matched (newest first, after the cursor)'),
  scanLimit: z.number().int().describe('The most one request scans (10,000)'),
  limitReached: z
    .boolean()
    .describe(
      'The scan stopped at scanLimit with candidates left: the page holds the matches among the first `scanned`; ' +
        'continue with nextCursor',
    ),
});

export const ListMoleculesInput = z.strictObject({
  kind: MoleculeKind.optional(),
  name: z.string().max(200).optional(),
  inchikey: z
    .string()
    .regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/, 'a standard InChIKey (XXXXXXXXXXXXXX-XXXXXXXXXX-X)')
    .optional()
    .describe('Only the structures of this compound'),
  substructure: z
    .string()
    .min(1)
    .max(SUBSTRUCTURE_QUERY_MAX_LENGTH)
    .optional()
    .describe(
      'Only the molecules that contain this substructure: SMILES (read first; `c1ccncc1` finds the pyridines) or SMARTS ' +
        '(`[NX3;H2]c`), matched with RDKit against each stored canonical SMILES (receptors have none). Bounded: one ' +
        'request scans at most 10,000 candidates (the other filters’ matches after the cursor, newest first), and ' +
        '`substructure` in the answer says how many it scanned; when `limitReached`, the page holds the matches among ' +
        'those (maybe fewer than `limit`, maybe none) and `nextCursor` continues the scan: page until `nextCursor` is ' +
        'null to search the whole library. Neither valid SMILES nor SMARTS: a 400 naming `substructure`.',
    ),
  similarTo: z
    .string()
    .min(1)
    .max(SUBSTRUCTURE_QUERY_MAX_LENGTH)
    .optional()
    .describe(
      'Only the molecules similar to this SMILES: the Tanimoto of Morgan fingerprints (radius 2, 2,048 bits: ECFP4-like, ' +
        'RDKit) at least `similarityMin`; each molecule answers its `similarity`. Bounded like `substructure` (10,000 ' +
        'candidates per request, `similarity` in the answer says how many); combined with it, a molecule passes both. ' +
        'Not a SMILES RDKit reads: a 400 naming `similarTo`.',
    ),
  similarityMin: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('The Tanimoto threshold of `similarTo`, 0–1 (default 0.7); without `similarTo` a 400'),
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
      summary:
        "The organisation's molecules, newest first, filtered by kind, name, property ranges, substructure and similarity",
    },
  })
  .input(ListMoleculesInput)
  .output(
    z.object({
      molecules: z.array(
        Molecule.extend({
          similarity: z.number().optional().describe('With similarTo: the Tanimoto of this molecule to it (0–1)'),
        }),
      ),
      nextCursor: z.string().nullable(),
      substructure: SubstructureScan.optional().describe(
        'What the substructure filter scanned (only when it was given)',
      ),
      similarity: z
        .object({
          threshold: z.number().describe('The Tanimoto threshold applied'),
          fingerprint: z.literal('morgan-radius-2-2048-bits'),
          scanned: z.number().int(),
          scanLimit: z.number().int(),
          limitReached: z.boolean(),
        })
        .optional()
        .describe('What the similarity filter scanned (only when similarTo was given); continue with nextCursor'),
    }),
  )
  .query(({ ctx, input }) => listMolecules(ctx, input));
