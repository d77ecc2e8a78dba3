import { z } from 'zod';

export const MoleculeKind = z.enum(['receptor', 'ligand']);
export const SourceFormat = z.enum(['pdb', 'pdbqt', 'sdf', 'mol2', 'smiles']);
export const MoleculeId = z.strictObject({ moleculeId: z.string().uuid() });

/** One failed record: which file, which record (0 = the whole file), where, and why. */
export const UploadError = z.object({
  file: z.string().nullable(),
  record: z.number().int().min(0),
  line: z.number().int().nullable(),
  position: z.number().int().optional(),
  reason: z.string(),
});

/** What every view of a molecule carries. */
const MoleculeCore = z.object({
  id: z.string().uuid(),
  kind: MoleculeKind,
  name: z.string(),
  sourceFormat: SourceFormat,
  formula: z.string().nullable(),
  canonicalSmiles: z.string().nullable(),
  inchikey: z.string().nullable(),
  artifactId: z.string().uuid(),
  uploadArtifactId: z.string().uuid().nullable(),
});

/** One stored (or found again) molecule, with its properties spread at the top level. */
export const UploadedMolecule = z.looseObject({
  ...MoleculeCore.shape,
  file: z.string().nullable(),
  record: z.number().int(),
  deduplicated: z
    .boolean()
    .describe('true: exactly these bytes (or, for a SMILES, this compound) were stored already; this is that molecule'),
  sameCompound: z
    .array(z.string().uuid())
    .describe("the organisation's other structures of this compound (same InChIKey), oldest first (at most 100)"),
});

export const UploadResult = z.object({ molecules: z.array(UploadedMolecule), errors: z.array(UploadError) });
export type UploadResult = z.infer<typeof UploadResult>;
export type UploadErrorEntry = z.infer<typeof UploadError>;

export const SmilesEntry = z.strictObject({ smiles: z.string().max(5_000), name: z.string().max(200).nullish() });

/** The JSON form of an upload (tRPC, and REST with Content-Type: application/json). */
export const UploadJsonInput = z
  .strictObject({
    kind: MoleculeKind,
    allOrNothing: z.boolean().default(false),
    smiles: z.union([z.string().max(5_000), z.array(z.union([z.string().max(5_000), SmilesEntry]))]).optional(),
    files: z
      .array(
        z.strictObject({
          name: z.string().max(1_000),
          content: z.string(),
          encoding: z.enum(['utf8', 'base64']).default('utf8'),
        }),
      )
      .optional(),
  })
  .refine((input) => input.smiles !== undefined || (input.files?.length ?? 0) > 0, { message: 'send files or smiles' })
  .refine((input) => input.smiles === undefined || input.kind === 'ligand', {
    message: 'SMILES are ligands: use kind "ligand"',
  });
export type UploadJsonInput = z.infer<typeof UploadJsonInput>;

export const Molecule = MoleculeCore.extend({
  contentSha256: z.string(),
  sourceRecord: z.number().int(),
  properties: z.record(z.string(), z.unknown()),
  createdBy: z.string().uuid().nullable(),
  createdAt: z.date(),
});
export type Molecule = z.infer<typeof Molecule>;
