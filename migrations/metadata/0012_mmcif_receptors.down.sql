-- Back to PDB, PDBQT, SDF, MOL2 and SMILES only. Refused while any mmCIF receptor is stored (nothing is deleted on the
-- way down: delete those receptors first, or stay on this version).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM molecules WHERE source_format = 'mmcif') OR EXISTS (SELECT 1 FROM artifacts WHERE format = 'mmcif') THEN
    RAISE EXCEPTION 'mmCIF receptors are stored: delete them before migrating below 0012_mmcif_receptors';
  END IF;
END $$;
ALTER TABLE molecules
  DROP CONSTRAINT molecules_source_format_check,
  ADD CONSTRAINT molecules_source_format_check CHECK (source_format IN ('pdb', 'pdbqt', 'sdf', 'mol2', 'smiles'));
ALTER TABLE artifacts
  DROP CONSTRAINT artifacts_format_check,
  ADD CONSTRAINT artifacts_format_check CHECK (format IN ('pdb', 'pdbqt', 'sdf', 'mol2', 'smiles'));
