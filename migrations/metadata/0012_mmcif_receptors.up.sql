-- PDBx/mmCIF receptors (issue 20): a receptor may be uploaded as mmCIF (.cif/.mmcif; new PDB entries and large
-- structures come only in that format). It is stored and listed as given (format and source_format 'mmcif'); the agent
-- reads it with gemmi and prepares it exactly as a PDB receptor (agents/dock-agent/src/prep/receptor.ts).
ALTER TABLE artifacts
  DROP CONSTRAINT artifacts_format_check,
  ADD CONSTRAINT artifacts_format_check CHECK (format IN ('pdb', 'pdbqt', 'mmcif', 'sdf', 'mol2', 'smiles'));
ALTER TABLE molecules
  DROP CONSTRAINT molecules_source_format_check,
  ADD CONSTRAINT molecules_source_format_check
    CHECK (source_format IN ('pdb', 'pdbqt', 'mmcif', 'sdf', 'mol2', 'smiles'));
