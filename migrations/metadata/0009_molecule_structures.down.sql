-- Back to one ligand per InChIKey. Fails while an organisation holds several structures of one compound: delete the
-- extra structures first (they are real uploads; this migration does not choose which to lose).
DROP INDEX molecules_compound_idx;
DROP INDEX molecules_smiles_inchikey_key;
CREATE UNIQUE INDEX molecules_inchikey_key ON molecules (org_id, inchikey) WHERE kind = 'ligand' AND inchikey IS NOT NULL;
