-- Sign-in: OpenID Connect identity providers, the identities they vouch for, pending logins and server-side sessions.

-- An identity provider belongs to the organisation whose admins registered it; first logins through it may join
-- that organisation with the default role. The client secret is never stored: client_secret_ref names the
-- server's environment variable that holds it.
CREATE TABLE identity_providers (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                 uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  display_name           text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  issuer                 text NOT NULL CHECK (issuer ~ '^https?://'),
  client_id              text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
  client_secret_ref      text CHECK (client_secret_ref ~ '^[A-Z][A-Z0-9_]{0,99}$'),
  allowed_email_domains  text[] NOT NULL DEFAULT '{}',
  default_role_id        uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
  auto_provision         boolean NOT NULL DEFAULT false,
  enabled                boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  -- One organisation registers a client once; several organisations may trust the same issuer and client.
  UNIQUE (org_id, issuer, client_id)
);
CREATE INDEX identity_providers_org_id_idx ON identity_providers (org_id);

-- (provider, subject) is the stable key of a person at a provider; the email may change.
CREATE TABLE identities (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id    uuid NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
  subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email          text,
  last_login_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, subject)
);
CREATE INDEX identities_user_id_idx ON identities (user_id);

-- One row per started login (state, nonce and PKCE verifier), consumed by the callback: a replayed callback finds none.
CREATE TABLE login_attempts (
  id_hash        text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  provider_id    uuid NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL DEFAULT '/',
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX login_attempts_expires_at_idx ON login_attempts (expires_at);

-- Server-side sessions: the cookie holds a random secret, the table only its SHA-256.
CREATE TABLE sessions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  secret_hash          text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id               uuid REFERENCES organizations (id) ON DELETE SET NULL,
  provider_id          uuid REFERENCES identity_providers (id) ON DELETE SET NULL,
  -- Sent back to the provider as id_token_hint on RP-initiated logout.
  id_token             text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  last_seen_at         timestamptz NOT NULL DEFAULT now(),
  idle_expires_at      timestamptz NOT NULL,
  absolute_expires_at  timestamptz NOT NULL,
  revoked_at           timestamptz
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TRIGGER identity_providers_updated_at BEFORE UPDATE ON identity_providers FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER identities_updated_at BEFORE UPDATE ON identities FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER sessions_updated_at BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
