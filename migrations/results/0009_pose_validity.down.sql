DROP INDEX __ORG_SCHEMA__.job_inputs_flagged_idx;
ALTER TABLE __ORG_SCHEMA__.job_inputs DROP COLUMN valid, DROP COLUMN failed_checks;
ALTER TABLE __ORG_SCHEMA__.docking_results DROP COLUMN valid, DROP COLUMN failed_checks;
