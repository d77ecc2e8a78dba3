-- Pose validity as data (DOCKING_SCIENCE.md "Pose validity"): each pose's checks as the agent computed them, and
-- each ligand's best pose's (rank 1) beside its best affinity. valid null: not checked (a failed ligand, or an agent
-- older than the checks); failed_checks holds the failed checks' codes (empty when valid).
ALTER TABLE __ORG_SCHEMA__.docking_results ADD COLUMN valid boolean, ADD COLUMN failed_checks text[];
ALTER TABLE __ORG_SCHEMA__.job_inputs ADD COLUMN valid boolean, ADD COLUMN failed_checks text[];
-- The results filter valid=false (and the job page's count of flagged ligands): flagged ligands are few, so a partial
-- index of them in ordinal order.
CREATE INDEX job_inputs_flagged_idx ON __ORG_SCHEMA__.job_inputs (job_id, ordinal) WHERE valid = false;
