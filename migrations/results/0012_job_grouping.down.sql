DROP INDEX __ORG_SCHEMA__.jobs_project_idx;
ALTER TABLE __ORG_SCHEMA__.jobs
  DROP COLUMN ligand_set_id,
  DROP COLUMN project_id;
