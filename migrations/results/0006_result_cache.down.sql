DROP TABLE __ORG_SCHEMA__.result_cache;
DROP TABLE __ORG_SCHEMA__.task_results;
ALTER TABLE __ORG_SCHEMA__.job_inputs DROP COLUMN signature, DROP COLUMN cached_from_job_id, DROP COLUMN confidence_score;
DROP INDEX __ORG_SCHEMA__.jobs_input_signature_idx;
ALTER TABLE __ORG_SCHEMA__.jobs DROP COLUMN input_signature, DROP COLUMN toolchain, DROP COLUMN use_cache;
