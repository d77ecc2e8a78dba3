-- identity_providers.client_secret_ref may also name a file in the server's OIDC_SECRETS_DIR (file:<name>). Which
-- references a sign-in may use is the server's allow-list (packages/auth/src/secret-refs.ts: OIDC_CLIENT_SECRET_*
-- variables and file:<name>), checked at creation and again at use; older rows naming other variables stay readable
-- here and are refused when used, so this migration never fails on existing data.
ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_client_secret_ref_check;
ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_client_secret_ref_check
  CHECK (client_secret_ref ~ '^[A-Z][A-Z0-9_]{0,99}$' OR client_secret_ref ~ '^file:[A-Za-z0-9][A-Za-z0-9._-]{0,99}$');
