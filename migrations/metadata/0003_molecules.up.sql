-- Molecules (receptors and ligands) of each organisation and the stored files (artifacts) they come from.
-- Files live in S3 under orgs/<org_id>/...; a row holds the key, size, SHA-256 and media type, never the bytes.
CREATE TABLE artifacts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- Object key in the configured bucket; content-addressed (…/<sha256>/<name>), so one key is one content.
  s3_key       text NOT NULL CHECK (s3_key ~ '^orgs/[0-9a-f-]{36}/'),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  media_type   text NOT NULL,
  -- Structure format when the artifact is a structure (pdb, pdbqt, sdf, mol2, smiles); null for other files.
  format       text CHECK (format IN ('pdb', 'pdbqt', 'sdf', 'mol2', 'smiles')),
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, s3_key)
);
CREATE INDEX artifacts_org_sha256_idx ON artifacts (org_id, sha256);

CREATE TABLE molecules (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id              uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind                text NOT NULL CHECK (kind IN ('receptor', 'ligand')),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  source_format       text NOT NULL CHECK (source_format IN ('pdb', 'pdbqt', 'sdf', 'mol2', 'smiles')),
  -- SHA-256 of the record's original bytes (the whole file for single-record files).
  content_sha256      text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  -- Ligands: RDKit canonical SMILES (as uploaded, charges kept) and standard InChIKey; null for receptors.
  canonical_smiles    text,
  inchikey            text CHECK (inchikey ~ '^[A-Z]{14}-[A-Z]{10}-[A-Z]$'),
  formula             text,
  -- Descriptors (ligands) or chains/residues/hetero groups/warnings (receptors); see project_design/MOLECULES.md.
  properties          jsonb NOT NULL DEFAULT '{}',
  -- The record's own bytes, and for multi-record uploads the whole file it came from.
  artifact_id         uuid NOT NULL REFERENCES artifacts (id) ON DELETE RESTRICT,
  upload_artifact_id  uuid REFERENCES artifacts (id) ON DELETE RESTRICT,
  source_record       integer NOT NULL DEFAULT 1 CHECK (source_record >= 1),
  created_by          uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- Dedup within an organisation: the same bytes, or for ligands the same InChIKey, is the same molecule.
CREATE UNIQUE INDEX molecules_content_key ON molecules (org_id, kind, content_sha256);
CREATE UNIQUE INDEX molecules_inchikey_key ON molecules (org_id, inchikey) WHERE kind = 'ligand' AND inchikey IS NOT NULL;
CREATE INDEX molecules_list_idx ON molecules (org_id, kind, created_at DESC, id DESC);
CREATE INDEX molecules_artifact_idx ON molecules (artifact_id);
CREATE INDEX molecules_upload_artifact_idx ON molecules (upload_artifact_id);

CREATE TRIGGER artifacts_updated_at BEFORE UPDATE ON artifacts FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER molecules_updated_at BEFORE UPDATE ON molecules FOR EACH ROW EXECUTE FUNCTION set_updated_at();
