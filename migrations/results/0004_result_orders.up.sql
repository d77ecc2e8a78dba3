-- The results route's other orders (migration 0003 covers sort=affinity ascending and sort=ordinal either way): each
-- index matches the route's ORDER BY exactly, ordinal ascending as the tie-break, so offset and cursor pages read
-- the page's rows in index order instead of sorting all of a job's ligands (100,000 in a large job) on every call.
-- sort=name&order=asc: ORDER BY name, ordinal.
CREATE INDEX job_inputs_name_idx ON __ORG_SCHEMA__.job_inputs (job_id, name, ordinal);
-- sort=name&order=desc: ORDER BY name DESC, ordinal (a backward scan of the index above would give ordinal DESC).
CREATE INDEX job_inputs_name_desc_idx ON __ORG_SCHEMA__.job_inputs (job_id, name DESC, ordinal);
-- sort=affinity&order=desc: ORDER BY best_affinity_kcal_mol DESC NULLS LAST, ordinal.
CREATE INDEX job_inputs_affinity_desc_idx ON __ORG_SCHEMA__.job_inputs (job_id, best_affinity_kcal_mol DESC NULLS LAST, ordinal);
