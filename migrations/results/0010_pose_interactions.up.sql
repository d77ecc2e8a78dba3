-- Per pose, the protein–ligand interactions the agent's profiler found (PLIP; DOCKING_SCIENCE.md "Interactions"):
-- interactions is { interactions: [...] | null, reason, profiler } as @mad/protocol's PoseInteractions (null: recorded
-- before profiling existed), interaction_keys the keys the results filter asks for ("MET318", "A:MET318",
-- "hydrogen_bond", "hydrogen_bond@MET318", "hydrogen_bond@A:MET318"; @mad/protocol interactionKeys), GIN-indexed so
-- "which poses of this job H-bond MET318" is an index lookup, not a scan of every pose's JSON.
ALTER TABLE __ORG_SCHEMA__.docking_results
  ADD COLUMN interactions jsonb,
  ADD COLUMN interaction_keys text[];
CREATE INDEX docking_results_interaction_keys_idx ON __ORG_SCHEMA__.docking_results USING gin (interaction_keys);
