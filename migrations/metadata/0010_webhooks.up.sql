-- Webhooks (issue 18): an organisation's HTTPS endpoints told when its jobs finish, and the log of every delivery.
-- A delivery row is inserted in the transaction that makes the job final (packages/domain/src/webhooks/enqueue.ts),
-- so each (webhook, job, event) is enqueued exactly once; the worker sends it, signed with the webhook's secret, and
-- retries with backoff (apps/server/src/jobs/webhooks.ts). The contract: project_design/API_CONTRACT.md "Webhooks".
CREATE TABLE webhooks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  url          text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  events       text[] NOT NULL CHECK (cardinality(events) > 0 AND events <@ ARRAY['job.completed', 'job.failed', 'job.cancelled']),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  -- The HMAC key: kept so the server can sign, shown to the admin once at creation, never answered again.
  secret       text NOT NULL CHECK (length(secret) >= 32),
  active       boolean NOT NULL DEFAULT true,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_org_created_idx ON webhooks (org_id, created_at DESC, id DESC);
CREATE TRIGGER webhooks_updated_at BEFORE UPDATE ON webhooks FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id       uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- The job it tells of, by value (the log outlives a deleted job); null for a test delivery (webhooks.test).
  job_id           uuid,
  event            text NOT NULL CHECK (event IN ('job.completed', 'job.failed', 'job.cancelled', 'webhook.test')),
  -- What the body says (links relative to PUBLIC_URL; the sender makes them absolute).
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Every attempt: [{ attempt, at, statusCode, error, durationMs }], at most WEBHOOK_MAX_ATTEMPTS entries.
  attempt_log      jsonb NOT NULL DEFAULT '[]',
  last_status_code integer,
  last_error       text,
  -- When the worker may send it next (a claim moves it past the attempt's timeout, so a dead worker's claim lapses).
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, job_id, event)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE TRIGGER webhook_deliveries_updated_at BEFORE UPDATE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Managing an organisation's webhooks (they hold a secret and point the server at a URL) is an admin's.
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'webhooks:manage' FROM roles WHERE name = 'admin';
