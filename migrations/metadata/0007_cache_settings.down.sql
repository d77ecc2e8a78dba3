ALTER TABLE organization_settings DROP COLUMN cache_ttl_days, DROP COLUMN cache_min_confidence;
