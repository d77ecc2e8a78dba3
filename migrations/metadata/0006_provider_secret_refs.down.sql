UPDATE identity_providers SET client_secret_ref = NULL, enabled = false WHERE client_secret_ref LIKE 'file:%';
ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_client_secret_ref_check;
ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_client_secret_ref_check
  CHECK (client_secret_ref ~ '^[A-Z][A-Z0-9_]{0,99}$');
