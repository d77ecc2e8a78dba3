-- Reads at scale (jobs of 100,000 ligands, millions of poses per organisation): indexes matching the results
-- route's sort orders, and per-state counters so that a job's status does not count its rows on every call.

-- Results sorted by best affinity (nulls last, the btree's ascending default), ties broken by ordinal: the index
-- serves both offset pages and keyset (cursor) pages without a sort. It replaces (job_id, best_affinity_kcal_mol).
DROP INDEX __ORG_SCHEMA__.job_inputs_best_idx;
CREATE INDEX job_inputs_affinity_idx ON __ORG_SCHEMA__.job_inputs (job_id, best_affinity_kcal_mol, ordinal);
-- sort=ordinal pages, and the dispatcher reading a job's ligands in order.
CREATE INDEX job_inputs_ordinal_idx ON __ORG_SCHEMA__.job_inputs (job_id, ordinal);
-- Open tasks of a job (settling a job, the benchmark's queue progress) without reading every task row.
CREATE INDEX tasks_job_status_idx ON __ORG_SCHEMA__.tasks (job_id, status);

-- How many tasks and ligands of each job are in each state. Statement-level triggers on tasks and job_inputs keep
-- it in the same transaction as the rows they count. Each database backend writes its own stripe (its pid), so
-- concurrent transactions (recorder, dispatcher) never wait on, or deadlock over, a counter row; the status route
-- sums the stripes (a few rows per state). A stripe may go negative; only the sum means anything.
CREATE TABLE __ORG_SCHEMA__.job_state_counts (
  job_id   uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  entity   text NOT NULL CHECK (entity IN ('task', 'ligand')),
  status   text NOT NULL,
  stripe   integer NOT NULL,
  n        bigint NOT NULL,
  PRIMARY KEY (job_id, entity, status, stripe)
);

-- TG_ARGV[0] is the entity ('task' or 'ligand'). Rows whose status did not change cancel out and write nothing.
CREATE FUNCTION __ORG_SCHEMA__.count_job_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO __ORG_SCHEMA__.job_state_counts AS c (job_id, entity, status, stripe, n)
    SELECT job_id, TG_ARGV[0], status, pg_backend_pid(), count(*) FROM new_rows GROUP BY job_id, status
    ON CONFLICT (job_id, entity, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO __ORG_SCHEMA__.job_state_counts AS c (job_id, entity, status, stripe, n)
    SELECT job_id, TG_ARGV[0], status, pg_backend_pid(), sum(delta)
    FROM (SELECT job_id, status, 1 AS delta FROM new_rows UNION ALL SELECT job_id, status, -1 FROM old_rows) AS changes
    GROUP BY job_id, status HAVING sum(delta) <> 0
    ON CONFLICT (job_id, entity, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    -- Rows deleted with their job (ON DELETE CASCADE) take their counters with them: only jobs still there count.
    INSERT INTO __ORG_SCHEMA__.job_state_counts AS c (job_id, entity, status, stripe, n)
    SELECT o.job_id, TG_ARGV[0], o.status, pg_backend_pid(), -count(*) FROM old_rows o
    WHERE EXISTS (SELECT 1 FROM __ORG_SCHEMA__.jobs j WHERE j.id = o.job_id)
    GROUP BY o.job_id, o.status
    ON CONFLICT (job_id, entity, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three triggers per table.
CREATE TRIGGER tasks_count_insert AFTER INSERT ON __ORG_SCHEMA__.tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('task');
CREATE TRIGGER tasks_count_update AFTER UPDATE ON __ORG_SCHEMA__.tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('task');
CREATE TRIGGER tasks_count_delete AFTER DELETE ON __ORG_SCHEMA__.tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('task');
CREATE TRIGGER job_inputs_count_insert AFTER INSERT ON __ORG_SCHEMA__.job_inputs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('ligand');
CREATE TRIGGER job_inputs_count_update AFTER UPDATE ON __ORG_SCHEMA__.job_inputs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('ligand');
CREATE TRIGGER job_inputs_count_delete AFTER DELETE ON __ORG_SCHEMA__.job_inputs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION __ORG_SCHEMA__.count_job_states('ligand');

-- Jobs that existed before this migration: their counts, once, in stripe 0.
INSERT INTO __ORG_SCHEMA__.job_state_counts (job_id, entity, status, stripe, n)
SELECT job_id, 'task', status, 0, count(*) FROM __ORG_SCHEMA__.tasks GROUP BY job_id, status;
INSERT INTO __ORG_SCHEMA__.job_state_counts (job_id, entity, status, stripe, n)
SELECT job_id, 'ligand', status, 0, count(*) FROM __ORG_SCHEMA__.job_inputs GROUP BY job_id, status;
