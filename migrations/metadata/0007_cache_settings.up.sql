-- Result cache settings of each organisation (organization_settings, NULL = the server default): how many days a
-- stored result may be reused (0: never reuse) and the lowest confidence a reused result must have.
ALTER TABLE organization_settings
  ADD COLUMN cache_ttl_days integer CHECK (cache_ttl_days BETWEEN 0 AND 36500),
  ADD COLUMN cache_min_confidence double precision CHECK (cache_min_confidence BETWEEN 0 AND 1);
