-- Back to one table each (the 0002_jobs definitions), keeping every row and id.
ALTER TABLE __ORG_SCHEMA__.docking_results RENAME TO docking_results_partitioned;
ALTER TABLE __ORG_SCHEMA__.docking_results_partitioned DROP CONSTRAINT docking_results_pkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_partitioned DROP CONSTRAINT docking_results_job_id_fkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_partitioned DROP CONSTRAINT docking_results_job_id_ligand_id_fkey;
ALTER TABLE __ORG_SCHEMA__.docking_results_partitioned DROP CONSTRAINT docking_results_pose_rank_check;
ALTER SEQUENCE __ORG_SCHEMA__.docking_results_id_seq RENAME TO docking_results_partitioned_id_seq;

CREATE TABLE __ORG_SCHEMA__.docking_results (
  id                 bigserial PRIMARY KEY,
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
  UNIQUE (job_id, ligand_id, pose_rank),
  FOREIGN KEY (job_id, ligand_id) REFERENCES __ORG_SCHEMA__.job_inputs (job_id, ligand_id) ON DELETE CASCADE
);
INSERT INTO __ORG_SCHEMA__.docking_results SELECT * FROM __ORG_SCHEMA__.docking_results_partitioned;
SELECT setval(pg_get_serial_sequence('__ORG_SCHEMA__.docking_results', 'id'),
  greatest((SELECT max(id) FROM __ORG_SCHEMA__.docking_results), nextval('__ORG_SCHEMA__.docking_results_partitioned_id_seq')));
DROP TABLE __ORG_SCHEMA__.docking_results_partitioned;

ALTER TABLE __ORG_SCHEMA__.job_events RENAME TO job_events_partitioned;
ALTER TABLE __ORG_SCHEMA__.job_events_partitioned DROP CONSTRAINT job_events_pkey;
ALTER TABLE __ORG_SCHEMA__.job_events_partitioned DROP CONSTRAINT job_events_job_id_fkey;
DROP INDEX __ORG_SCHEMA__.job_events_created_idx;
DROP TRIGGER job_events_append_only ON __ORG_SCHEMA__.job_events_partitioned;
ALTER SEQUENCE __ORG_SCHEMA__.job_events_id_seq RENAME TO job_events_partitioned_id_seq;

CREATE TABLE __ORG_SCHEMA__.job_events (
  id          bigserial PRIMARY KEY,
  job_id      uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  task_id     uuid,
  ligand_id   text,
  agent_id    text,
  attempt     integer,
  kind        text NOT NULL,
  progress    double precision,
  message     text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_events_job_idx ON __ORG_SCHEMA__.job_events (job_id, id);
CREATE TRIGGER job_events_append_only BEFORE UPDATE ON __ORG_SCHEMA__.job_events FOR EACH ROW EXECUTE FUNCTION __ORG_SCHEMA__.job_events_append_only();
INSERT INTO __ORG_SCHEMA__.job_events SELECT * FROM __ORG_SCHEMA__.job_events_partitioned;
SELECT setval(pg_get_serial_sequence('__ORG_SCHEMA__.job_events', 'id'),
  greatest((SELECT max(id) FROM __ORG_SCHEMA__.job_events), nextval('__ORG_SCHEMA__.job_events_partitioned_id_seq')));
DROP TABLE __ORG_SCHEMA__.job_events_partitioned;
