-- Structures are stored as given (issue 12). A ligand with coordinates (SDF, MOL2, PDB, PDBQT) is one structure,
-- identified by its bytes (molecules_content_key): a second file of the same compound (another conformer, pose,
-- protonation or format) is a second structure, never the first one returned again. The compound (InChIKey) links
-- the structures of one compound; only SMILES-sourced ligands (no coordinates of their own) still deduplicate by it.
-- Existing rows need no rewrite: each row already holds the file it was stored from, and the rows satisfy the new
-- index (a subset of the old one's).
DROP INDEX molecules_inchikey_key;
CREATE UNIQUE INDEX molecules_smiles_inchikey_key ON molecules (org_id, inchikey)
  WHERE kind = 'ligand' AND source_format = 'smiles' AND inchikey IS NOT NULL;
CREATE INDEX molecules_compound_idx ON molecules (org_id, inchikey) WHERE inchikey IS NOT NULL;
