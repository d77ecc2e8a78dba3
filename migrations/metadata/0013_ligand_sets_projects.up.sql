-- Organising work (issue 17): projects that group an organisation's jobs and ligand sets, and ligand sets: a list of
-- the organisation's ligands kept on the server, so a job of 100,000 ligands is created from one id
-- (JobRequest.ligandSetId) and never from 100,000 checkboxes. A set is resolved once, when it is made (from explicit
-- ids, an upload's molecules or a library search), and its members are stored in order; the definition says how it was
-- made. A job created from a set copies the members into its own job_inputs at creation (never re-resolved later).
CREATE TABLE projects (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[\x01-\x1f\x7f]'),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, name)
);
CREATE INDEX projects_org_created_idx ON projects (org_id, created_at DESC, id DESC);
CREATE TRIGGER projects_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE ligand_sets (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- The project it belongs to (same organisation, checked by the API); a deleted project leaves its sets ungrouped.
  project_id     uuid REFERENCES projects (id) ON DELETE SET NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[\x01-\x1f\x7f]'),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- How it was made: { kind: 'ids' } | { kind: 'search', filter: {…} } (packages/domain/src/ligand-sets).
  definition     jsonb NOT NULL,
  -- Members when it was made; a member molecule deleted later leaves the set (ligand_set_members cascade), and a job
  -- from a set with fewer members than this is refused (409) rather than docking fewer ligands than were chosen.
  resolved_count integer NOT NULL CHECK (resolved_count BETWEEN 1 AND 100000),
  created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ligand_sets_org_created_idx ON ligand_sets (org_id, created_at DESC, id DESC);
CREATE INDEX ligand_sets_project_idx ON ligand_sets (project_id) WHERE project_id IS NOT NULL;
CREATE TRIGGER ligand_sets_updated_at BEFORE UPDATE ON ligand_sets FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE ligand_set_members (
  set_id       uuid NOT NULL REFERENCES ligand_sets (id) ON DELETE CASCADE,
  ordinal      integer NOT NULL CHECK (ordinal >= 1),
  molecule_id  uuid NOT NULL REFERENCES molecules (id) ON DELETE CASCADE,
  PRIMARY KEY (set_id, ordinal),
  UNIQUE (set_id, molecule_id)
);
CREATE INDEX ligand_set_members_molecule_idx ON ligand_set_members (molecule_id);
