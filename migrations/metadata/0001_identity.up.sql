-- Identity and access: organisations, users, roles with their permissions, memberships and API tokens.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE TABLE organizations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Each organisation's docking results live in a schema of their own (see migrations/results).
  results_schema  text NOT NULL UNIQUE CHECK (results_schema ~ '^org_[a-z0-9_]{1,59}$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  display_name  text,
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE roles (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_-]{1,40}$'),
  description  text NOT NULL DEFAULT '',
  -- Higher rank includes more; used to refuse granting a role above one's own.
  rank         integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_permissions (
  role_id     uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission  text NOT NULL CHECK (permission ~ '^[a-z_]+:[a-z_]+$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_id, permission)
);

CREATE TABLE memberships (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE TABLE membership_roles (
  membership_id  uuid NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
  role_id        uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (membership_id, role_id)
);
CREATE INDEX membership_roles_role_id_idx ON membership_roles (role_id);

-- API tokens for scripts: only a SHA-256 of the secret is stored; the secret is shown once at creation.
CREATE TABLE tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id       uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_prefix  text NOT NULL,
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tokens_org_id_idx ON tokens (org_id);
CREATE INDEX tokens_user_id_idx ON tokens (user_id);

CREATE TRIGGER organizations_updated_at BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER roles_updated_at BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER role_permissions_updated_at BEFORE UPDATE ON role_permissions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER memberships_updated_at BEFORE UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER membership_roles_updated_at BEFORE UPDATE ON membership_roles FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER tokens_updated_at BEFORE UPDATE ON tokens FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The built-in roles. Permissions are data: packages/api checks them in one place (see project_design/ACCESS.md).
INSERT INTO roles (name, description, rank) VALUES
  ('viewer', 'Reads molecules, jobs, results and agents of the organisation.', 10),
  ('scientist', 'Viewer, plus uploads molecules and runs and cancels docking jobs.', 20),
  ('admin', 'Scientist, plus manages members, roles, API tokens and identity providers.', 30);

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.permission
FROM roles r
JOIN (VALUES
  ('viewer', 'org:read'), ('viewer', 'molecules:read'), ('viewer', 'jobs:read'), ('viewer', 'agents:read'),
  ('scientist', 'org:read'), ('scientist', 'molecules:read'), ('scientist', 'jobs:read'), ('scientist', 'agents:read'),
  ('scientist', 'molecules:write'), ('scientist', 'jobs:write'),
  ('admin', 'org:read'), ('admin', 'molecules:read'), ('admin', 'jobs:read'), ('admin', 'agents:read'),
  ('admin', 'molecules:write'), ('admin', 'jobs:write'),
  ('admin', 'members:manage'), ('admin', 'tokens:manage'), ('admin', 'providers:manage')
) AS p (role, permission) ON p.role = r.name;
