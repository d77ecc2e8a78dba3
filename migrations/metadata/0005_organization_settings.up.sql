-- Per-organisation settings: ONE table for every issue that needs one (retention, cache, quotas, webhooks...), one
-- typed column per setting, NULL meaning "the server default from the environment". Read and written through
-- orgs.settings.get / orgs.settings.update (REST GET/PATCH /api/v1/orgs/current/settings, permission settings:manage
-- to change). Later settings add their columns in their own migration.
CREATE TABLE organization_settings (
  org_id                      uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  -- Retention (days): job events, engine and task logs, and scratch objects (bucket objects no row refers to).
  -- Results and poses are kept until their job is deleted.
  job_events_retention_days   integer CHECK (job_events_retention_days BETWEEN 1 AND 36500),
  logs_retention_days         integer CHECK (logs_retention_days BETWEEN 1 AND 36500),
  scratch_retention_days      integer CHECK (scratch_retention_days BETWEEN 1 AND 36500),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER organization_settings_updated_at BEFORE UPDATE ON organization_settings FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Changing an organisation's settings is an admin's.
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'settings:manage' FROM roles WHERE name = 'admin';
