-- The global index of docking jobs across organisations: which org (and results schema) holds a job, and the
-- idempotency keys of job creation requests. The job itself lives in the org's results schema.
CREATE TABLE jobs_meta (
  id               uuid PRIMARY KEY,
  org_id           uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  results_schema   text NOT NULL,
  pipeline         text NOT NULL CHECK (pipeline IN ('vina', 'smina', 'gnina')),
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  -- A retried create with the same key returns this job; the hash tells a retry from a different request.
  idempotency_key  text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  request_hash     text CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, idempotency_key)
);
CREATE INDEX jobs_meta_org_created_idx ON jobs_meta (org_id, created_at DESC);
CREATE INDEX jobs_meta_active_idx ON jobs_meta (status) WHERE status IN ('PENDING', 'RUNNING');
CREATE TRIGGER jobs_meta_updated_at BEFORE UPDATE ON jobs_meta FOR EACH ROW EXECUTE FUNCTION set_updated_at();
