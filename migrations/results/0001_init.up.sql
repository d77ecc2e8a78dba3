-- The first table of every organisation's results schema: per-organisation settings (key → JSON value), e.g. the
-- default docking engine. Its presence also marks the schema as provisioned.
CREATE TABLE __ORG_SCHEMA__.org_settings (
  key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]{0,99}$'),
  value       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER org_settings_updated_at BEFORE UPDATE ON __ORG_SCHEMA__.org_settings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
