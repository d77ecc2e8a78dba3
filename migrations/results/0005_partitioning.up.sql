-- docking_results and job_events partitioned by HASH (job_id), 16 partitions each: every hot read names one job
-- (a results page's poses, one ligand's poses, a job's events after an id, the tail of its timeline), so the planner
-- prunes to one partition and its index is 1/16 of the organisation's. Chosen by measurement over range-by-time
-- (DATABASES.md "Partitioning"): a time-partitioned table makes every per-job read probe every partition, and its
-- unique key would have to include the time, which breaks the (job, ligand, pose rank) key that makes a replayed
-- result a no-op. Retention deletes old events in bounded batches through the created_at index instead.
-- The data is kept: each table is renamed, its replacement created and filled, then the old one dropped.

-- ── docking_results: the natural key (job, ligand, pose rank) becomes the primary key (the replay guard) ─────────
ALTER TABLE __ORG_SCHEMA__.docking_results RENAME TO docking_results_unpartitioned;
ALTER TABLE __ORG_SCHEMA__.docking_results_unpartitioned DROP CONSTRAINT docking_results_pkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_unpartitioned DROP CONSTRAINT docking_results_job_id_ligand_id_pose_rank_key;
ALTER TABLE __ORG_SCHEMA__.docking_results_unpartitioned DROP CONSTRAINT docking_results_job_id_fkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_unpartitioned DROP CONSTRAINT docking_results_job_id_ligand_id_fkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_unpartitioned DROP CONSTRAINT docking_results_pose_rank_check;
ALTER SEQUENCE __ORG_SCHEMA__.docking_results_id_seq RENAME TO docking_results_unpartitioned_id_seq;

CREATE TABLE __ORG_SCHEMA__.docking_results (
  id                 bigserial NOT NULL,
  job_id             uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  ligand_id          text NOT NULL,
  pose_rank          integer NOT NULL CHECK (pose_rank >= 1),
  affinity_kcal_mol  double precision NOT NULL,
  rmsd_lb            double precision,
  rmsd_ub            double precision,
  cnn_score          double precision,
  cnn_affinity       double precision,
  cnn_vs             double precision,
  task_id            uuid NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, ligand_id, pose_rank),
  FOREIGN KEY (job_id, ligand_id) REFERENCES __ORG_SCHEMA__.job_inputs (job_id, ligand_id) ON DELETE CASCADE
) PARTITION BY HASH (job_id);

-- ── job_events: (job, id) is the primary key and the read order; created_at indexed for retention ──────────────
ALTER TABLE __ORG_SCHEMA__.job_events RENAME TO job_events_unpartitioned;
ALTER TABLE __ORG_SCHEMA__.job_events_unpartitioned DROP CONSTRAINT job_events_pkey;
ALTER TABLE __ORG_SCHEMA__.job_events_unpartitioned DROP CONSTRAINT job_events_job_id_fkey;
DROP INDEX __ORG_SCHEMA__.job_events_job_idx;
DROP TRIGGER job_events_append_only ON __ORG_SCHEMA__.job_events_unpartitioned;
ALTER SEQUENCE __ORG_SCHEMA__.job_events_id_seq RENAME TO job_events_unpartitioned_id_seq;

CREATE TABLE __ORG_SCHEMA__.job_events (
  id          bigserial NOT NULL,
  job_id      uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  task_id     uuid,
  ligand_id   text,
  agent_id    text,
  attempt     integer,
  kind        text NOT NULL,
  progress    double precision,
  message     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, id)
) PARTITION BY HASH (job_id);
CREATE INDEX job_events_created_idx ON __ORG_SCHEMA__.job_events (created_at);
CREATE TRIGGER job_events_append_only BEFORE UPDATE ON __ORG_SCHEMA__.job_events FOR EACH ROW EXECUTE FUNCTION __ORG_SCHEMA__.job_events_append_only();

-- 16 partitions of each (names ..._p00 to ..._p15).
DO $$
BEGIN
  FOR i IN 0..15 LOOP
    EXECUTE format('CREATE TABLE %s.%I PARTITION OF %s.docking_results FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
      '__ORG_SCHEMA__', 'docking_results_p' || lpad(i::text, 2, '0'), '__ORG_SCHEMA__', i);
    EXECUTE format('CREATE TABLE %s.%I PARTITION OF %s.job_events FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
      '__ORG_SCHEMA__', 'job_events_p' || lpad(i::text, 2, '0'), '__ORG_SCHEMA__', i);
  END LOOP;
END $$;

-- The rows, with their ids; the sequences continue after them.
INSERT INTO __ORG_SCHEMA__.docking_results
  SELECT id, job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, cnn_affinity, cnn_vs, task_id, created_at
  FROM __ORG_SCHEMA__.docking_results_unpartitioned;
SELECT setval(pg_get_serial_sequence('__ORG_SCHEMA__.docking_results', 'id'),
  greatest((SELECT max(id) FROM __ORG_SCHEMA__.docking_results), nextval('__ORG_SCHEMA__.docking_results_unpartitioned_id_seq')));
INSERT INTO __ORG_SCHEMA__.job_events
  SELECT id, job_id, task_id, ligand_id, agent_id, attempt, kind, progress, message, created_at
  FROM __ORG_SCHEMA__.job_events_unpartitioned;
SELECT setval(pg_get_serial_sequence('__ORG_SCHEMA__.job_events', 'id'),
  greatest((SELECT max(id) FROM __ORG_SCHEMA__.job_events), nextval('__ORG_SCHEMA__.job_events_unpartitioned_id_seq')));
DROP TABLE __ORG_SCHEMA__.docking_results_unpartitioned;
DROP TABLE __ORG_SCHEMA__.job_events_unpartitioned;
