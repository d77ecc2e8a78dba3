import { z } from 'zod';

export const MoleculeKind = z.enum(['receptor', 'ligand']);
export const SourceFormat = z.enum(['pdb', 'pdbqt', 'mmcif', 'sdf', 'mol2', 'smiles']);
export const MoleculeId = z.strictObject({ moleculeId: z.string().uuid() });

/** One failed record: which file, which record (0 = the whole file), where, and why. */
export const UploadError = z.object({
  file: z.string().nullable(),
  record: z.number().int().min(0),
  line: z.number().int().nullable(),
  position: z.number().int().optional(),
  reason: z.string(),
});

const count = z.number().int();

/**
 * What the upload computed for a molecule (stored as the molecules row's properties): descriptors for a ligand
 * (RDKit, after Open Babel for MOL2/PDBQT/PDB), a structure summary for a receptor. One shape for the upload answer
 * and every read; a field is there for the kind it is described for.
 */
export const MoleculeProperties = z
  .object({
    inchi: z.string().nullable().describe('Ligands: standard InChI (null when RDKit cannot write one)'),
    molecularWeight: z.number().describe('Ligands: molecular weight of the neutral parent, g/mol'),
    formulaAsGiven: z.string().describe('Ligands: formula and charge exactly as uploaded (C29H32N7O+)'),
    molecularWeightAsGiven: z.number().describe('Ligands: molecular weight as uploaded (charge included), g/mol'),
    exactMassAsGiven: z.number().describe('Ligands: monoisotopic mass as uploaded, g/mol'),
    formalCharge: z.number().int().describe('Ligands: net formal charge as uploaded'),
    heavyAtoms: count.describe('Heavy (non-hydrogen) atoms'),
    hbd: count.describe('Ligands: hydrogen-bond donors (RDKit NumHBD)'),
    hba: count.describe('Ligands: hydrogen-bond acceptors (RDKit NumHBA)'),
    rotatableBonds: count.describe('Ligands: rotatable bonds (RDKit NumRotatableBonds)'),
    clogP: z.number().describe('Ligands: Crippen cLogP'),
    tpsa: z.number().describe('Ligands: topological polar surface area, Å²'),
    rings: count.describe('Ligands: rings'),
    aromaticRings: count.describe('Ligands: aromatic rings'),
    fragments: count.describe('Ligands: disconnected fragments (salts, solvents)'),
    has3d: z.boolean().describe('Ligands: the record carries 3D coordinates'),
    format: z.enum(['pdb', 'pdbqt', 'mmcif']).describe('Receptors: the structure format read'),
    atoms: count.describe('Receptors: atoms'),
    hydrogens: count.describe('Receptors: hydrogen atoms'),
    residues: count.describe('Receptors: residues'),
    chains: z
      .array(
        z.object({
          id: z.string(),
          residues: count,
          atoms: count,
          firstResSeq: z.number().int(),
          lastResSeq: z.number().int(),
        }),
      )
      .describe('Receptors: chains with their residue range'),
    hetGroups: z
      .array(
        z.object({
          resName: z.string(),
          chain: z.string(),
          resSeq: z.number().int(),
          iCode: z.string(),
          atoms: count,
          centroid: z.tuple([z.number(), z.number(), z.number()]),
        }),
      )
      .describe('Receptors: hetero groups (candidate reference ligands for a binding box), with their centroid in Å'),
    waters: count.describe('Receptors: water molecules'),
    altLocAtoms: count.describe('Receptors: atoms with alternate locations'),
    models: count.describe('Receptors: MODEL records'),
    warnings: z.array(z.string()).describe('What the chemist should know about the structure'),
  })
  .partial();
export type MoleculeProperties = z.infer<typeof MoleculeProperties>;

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

/**
 * One stored (or found again) molecule: its `properties` as every read answers them. The same properties spread at
 * the top level are kept for scripts written before (deprecated, gone in /api/v2; API_CONTRACT "Conventions").
 */
export const UploadedMolecule = z.looseObject({
  ...MoleculeCore.shape,
  properties: MoleculeProperties,
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
  properties: MoleculeProperties,
  createdBy: z.string().uuid().nullable(),
  createdAt: z.date(),
});
export type Molecule = z.infer<typeof Molecule>;
