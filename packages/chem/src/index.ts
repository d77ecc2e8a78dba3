export * from './box.js';
export * from './text.js';
export * from './formats.js';
export * from './records.js';
export * from './ligand.js';
export * from './pdb.js';
export * from './residues.js';
export * from './coordinates.js';
export * from './elements.js';
export { loadRDKit } from './rdkit.js';
export { obabelToMolblock, type ObabelOptions } from './obabel.js';
export * from './analyse.js';
export * from './export.js';
export * from './smiles-syntax.js';
// RDKit's heavy entry points run in a recyclable worker thread (isolated.ts); these named exports take precedence
// over the in-thread functions of the same names that analyse.js and ligand.js export above.
export {
  analyseFile,
  analyseSmiles,
  canonicalSmilesOf,
  unknownSmilesCount,
  rememberCanonicalSmiles,
  depictSvg,
  substructureMatches,
  similarityMatches,
  configureChemistry,
  chemistryStats,
  DEFAULT_CHEMISTRY_LIMITS,
  type ChemistryPoolLimits,
  type ChemistryStats,
} from './isolated.js';
export * from './structure.js';
export {
  SUBSTRUCTURE_QUERY_MAX_LENGTH,
  type SubstructureAnswer,
  type SubstructureCandidate,
  type SubstructureQueryKind,
} from './substructure.js';
export { SIMILARITY_FINGERPRINT, tanimoto, type SimilarityAnswer } from './similarity.js';
