// Protein–ligand interactions of a pose, as the agent's profiler (PLIP, DOCKING_SCIENCE.md "Interactions") found
// them: the wire contract's part of a pose, also what the API answers and the results filter keys are made of.
import { z } from 'zod';
import { INTERACTION_TYPES } from './interaction-keys.js';

export const InteractionType = z.enum(INTERACTION_TYPES);
export type InteractionType = z.infer<typeof InteractionType>;

const Point = z.strictObject({ x: z.number(), y: z.number(), z: z.number() });

export const InteractionResidue = z.object({
  /** Three-letter residue name, upper case (MET). */
  name: z.string().min(1).max(8),
  number: z.number().int(),
  /** PDB chain identifier ('' when the receptor has none). */
  chain: z.string().max(4),
});
export type InteractionResidue = z.infer<typeof InteractionResidue>;

export const Interaction = z.object({
  type: InteractionType,
  residue: InteractionResidue,
  /**
   * The ligand's atoms in it: index = 1-based position in the pose's atoms as profiled (Vina: its PDBQT model;
   * Smina, Gnina: its SD record), name as written there.
   */
  ligandAtoms: z.array(z.object({ index: z.number().int().min(1), name: z.string().max(8) })).max(64),
  /** The receptor's atoms in it: serial = its number in the receptor as docked, name as written (O, NE2, ...). */
  proteinAtoms: z.array(z.object({ serial: z.number().int(), name: z.string().max(8) })).max(64),
  /**
   * Å: donor–acceptor for hydrogen and halogen bonds, ring centroid distance for π-stacking and π-cation,
   * charge-centre distance for salt bridges, atom–atom for hydrophobic contacts and metal coordination, acceptor–water
   * for water bridges.
   */
  distance: z.number(),
  /** Degrees where PLIP gives one: the donor angle (hydrogen, halogen and water bridges), the ring angle (π-stacking). */
  angle: z.number().nullable(),
  /** Where the line is drawn: the ligand atom (or ring/charge centre) and the receptor's, in the pose's frame. */
  ligandPoint: Point,
  proteinPoint: Point,
  /** What PLIP adds: "protein donor, backbone", "parallel stacking", "ligand Carboxylate", "tetrahedral"... */
  detail: z.string().max(200).nullable(),
});
export type Interaction = z.infer<typeof Interaction>;

export const InteractionProfiler = z.object({ name: z.literal('plip'), version: z.string().max(40) });
export type InteractionProfiler = z.infer<typeof InteractionProfiler>;

/**
 * A pose's profile: interactions [] means profiled and none found; null means not profiled (the reason says why:
 * PLIP missing or failed, the pose beyond the ones profiled, recorded before profiling existed), never "no
 * interactions".
 */
export const PoseInteractions = z.object({
  interactions: z.array(Interaction).max(500).nullable(),
  reason: z.string().max(1_000).nullable(),
  profiler: InteractionProfiler.nullable(),
});
export type PoseInteractions = z.infer<typeof PoseInteractions>;
