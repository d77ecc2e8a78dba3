-- Rotating a webhook's signing secret (issue 18): POST /api/v1/webhooks/{id}/rotate-secret makes a new secret and keeps
-- the one it replaces for a grace period (WEBHOOK_SECRET_GRACE_SECONDS), during which every delivery carries a v1
-- signature with each, so a receiver switches to the new secret without losing events
-- (packages/domain/src/webhooks/manage.ts rotateWebhookSecret, deliver.ts outgoingDelivery).
ALTER TABLE webhooks
  ADD COLUMN previous_secret text CHECK (previous_secret IS NULL OR length(previous_secret) >= 32),
  ADD COLUMN previous_secret_expires_at timestamptz,
  ADD COLUMN secret_rotated_at timestamptz,
  ADD CONSTRAINT webhooks_previous_secret_expiry CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL));
