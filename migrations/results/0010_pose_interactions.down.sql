DROP INDEX __ORG_SCHEMA__.docking_results_interaction_keys_idx;
ALTER TABLE __ORG_SCHEMA__.docking_results
  DROP COLUMN interaction_keys,
  DROP COLUMN interactions;
