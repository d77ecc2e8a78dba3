-- Back to one secret per webhook (the current one stays; a receiver still on the previous one stops verifying).
ALTER TABLE webhooks
  DROP CONSTRAINT webhooks_previous_secret_expiry,
  DROP COLUMN secret_rotated_at,
  DROP COLUMN previous_secret_expires_at,
  DROP COLUMN previous_secret;
