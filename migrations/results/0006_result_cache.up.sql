-- Result cache (stage 6): never dock the same thing twice. A ligand's signature (DOCKING_SCIENCE.md "Result
-- signatures") keys its stored result in task_results; a job's input_signature keys its canonical job in
-- result_cache. Everything stays inside the organisation's schema, so nothing is ever reused across organisations.

-- The job's signature (null when no live agent advertised the engine at submission: nothing said which versions
-- would run it), the toolchain it was made with, and whether the job may reuse results.
ALTER TABLE __ORG_SCHEMA__.jobs
  ADD COLUMN input_signature text,
  ADD COLUMN toolchain jsonb,
  ADD COLUMN use_cache boolean NOT NULL DEFAULT true;
CREATE INDEX jobs_input_signature_idx ON __ORG_SCHEMA__.jobs (input_signature);

-- Per ligand: its signature, the job whose result it reused (null: computed by this job; no FK, the provenance stays
-- when that job is deleted), and how far to trust its top pose (0..1, DOCKING_SCIENCE.md "Confidence").
ALTER TABLE __ORG_SCHEMA__.job_inputs
  ADD COLUMN signature text,
  ADD COLUMN cached_from_job_id uuid,
  ADD COLUMN confidence_score double precision CHECK (confidence_score BETWEEN 0 AND 1);

-- One computed ligand result per signature (the newest computation wins): poses, notes and output keys as JSONB.
-- Partitioned by HASH (signature) like docking_results by job: a lookup names signatures, so it prunes.
CREATE TABLE __ORG_SCHEMA__.task_results (
  signature          text NOT NULL,
  job_id             uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  ligand_id          text NOT NULL,
  task_id            uuid NOT NULL,
  agent_id           text,
  engine             text NOT NULL,
  engine_version     text NOT NULL,
  toolchain          jsonb NOT NULL,
  result             jsonb NOT NULL,
  confidence_score   double precision CHECK (confidence_score BETWEEN 0 AND 1),
  hit_count          bigint NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_used_at       timestamptz,
  PRIMARY KEY (signature)
) PARTITION BY HASH (signature);
CREATE INDEX task_results_job_idx ON __ORG_SCHEMA__.task_results (job_id);
DO $$
BEGIN
  FOR i IN 0..15 LOOP
    EXECUTE format('CREATE TABLE %s.%I PARTITION OF %s.task_results FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
      '__ORG_SCHEMA__', 'task_results_p' || lpad(i::text, 2, '0'), '__ORG_SCHEMA__', i);
  END LOOP;
END $$;

-- The canonical job of a job signature: the last job with that signature whose every ligand docked; hits counted
-- when a whole job was answered from the cache.
CREATE TABLE __ORG_SCHEMA__.result_cache (
  input_signature  text PRIMARY KEY,
  job_id           uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  hit_count        bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz
);
CREATE INDEX result_cache_job_idx ON __ORG_SCHEMA__.result_cache (job_id);
