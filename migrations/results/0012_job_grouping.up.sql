-- Organising work (issue 17): the project a job belongs to and the ligand set it was created from, by value (the
-- metadata rows live in the shared schema; a deleted project sets project_id null here in the same transaction, a
-- deleted set leaves ligand_set_id as provenance). The job's ligands are its job_inputs rows, copied from the set at
-- creation. The jobs list filters by project (partial index: most jobs have none).
ALTER TABLE __ORG_SCHEMA__.jobs
  ADD COLUMN project_id uuid,
  ADD COLUMN ligand_set_id uuid;
CREATE INDEX jobs_project_idx ON __ORG_SCHEMA__.jobs (project_id, created_at DESC) WHERE project_id IS NOT NULL;
