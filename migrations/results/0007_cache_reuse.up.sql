-- What the result cache did for a job, decided once in its creation transaction: how many ligands were reused and
-- from which jobs ({"reusedLigands": 8, "fromJobs": [{"jobId": "…", "ligands": 8}]}; null: nothing reused). The
-- status answers it from the job row instead of counting job_inputs on every poll.
ALTER TABLE __ORG_SCHEMA__.jobs ADD COLUMN cache_reuse jsonb;
