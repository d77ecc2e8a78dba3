-- Docking jobs of one organisation: the job, its ligands (inputs), the tasks it was split into and each attempt at
-- them, the poses (one row per pose), the files it produced, and its append-only event timeline.
CREATE TABLE __ORG_SCHEMA__.jobs (
  id                uuid PRIMARY KEY,
  pipeline          text NOT NULL CHECK (pipeline IN ('vina', 'smina', 'gnina')),
  status            text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
  receptor_id       uuid NOT NULL,
  -- The request's binding site as given, and the box it resolved to (center/size in Å).
  binding_site      jsonb NOT NULL,
  box               jsonb NOT NULL,
  params            jsonb NOT NULL,
  warnings          jsonb NOT NULL DEFAULT '[]',
  ligand_count      integer NOT NULL CHECK (ligand_count > 0),
  task_count        integer NOT NULL DEFAULT 0,
  error             text,
  created_by        uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_created_idx ON __ORG_SCHEMA__.jobs (created_at DESC);

CREATE TABLE __ORG_SCHEMA__.tasks (
  id           uuid PRIMARY KEY,
  job_id       uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  attempts     integer NOT NULL DEFAULT 0,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job_id, ordinal)
);

-- One row per ligand of the job; ligand_id is unique within the job (a molecule id, or inline-<n> for SMILES).
CREATE TABLE __ORG_SCHEMA__.job_inputs (
  job_id            uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  ligand_id         text NOT NULL,
  ordinal           integer NOT NULL,
  name              text NOT NULL,
  molecule_id       uuid,
  smiles            text,
  task_id           uuid REFERENCES __ORG_SCHEMA__.tasks (id) ON DELETE SET NULL,
  status            text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  error_stage       text,
  error             text,
  best_affinity_kcal_mol double precision,
  notes             jsonb NOT NULL DEFAULT '[]',
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, ligand_id),
  CHECK (molecule_id IS NOT NULL OR smiles IS NOT NULL)
);
CREATE INDEX job_inputs_best_idx ON __ORG_SCHEMA__.job_inputs (job_id, best_affinity_kcal_mol);
CREATE INDEX job_inputs_task_idx ON __ORG_SCHEMA__.job_inputs (task_id);

CREATE TABLE __ORG_SCHEMA__.task_executions (
  id            bigserial PRIMARY KEY,
  task_id       uuid NOT NULL REFERENCES __ORG_SCHEMA__.tasks (id) ON DELETE CASCADE,
  job_id        uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  attempt       integer NOT NULL CHECK (attempt >= 1),
  agent_id      text,
  status        text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST')),
  exit_status   text,
  reason        text,
  engine_version text,
  logs_uri      text,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  UNIQUE (task_id, attempt)
);
CREATE INDEX task_executions_job_idx ON __ORG_SCHEMA__.task_executions (job_id);

-- One row per pose; (job, ligand, pose rank) is unique, so a duplicate result delivery inserts nothing.
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

-- Files a job produced in S3 (keys, not URLs: links are presigned when read).
CREATE TABLE __ORG_SCHEMA__.job_outputs (
  id          bigserial PRIMARY KEY,
  job_id      uuid NOT NULL REFERENCES __ORG_SCHEMA__.jobs (id) ON DELETE CASCADE,
  task_id     uuid NOT NULL,
  ligand_id   text NOT NULL DEFAULT '',
  kind        text NOT NULL CHECK (kind IN ('poses_sdf', 'poses_pdbqt', 'ligand_log', 'task_log')),
  s3_key      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job_id, ligand_id, kind, task_id)
);

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

CREATE FUNCTION __ORG_SCHEMA__.job_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'job_events is append-only';
END $$;
CREATE TRIGGER job_events_append_only BEFORE UPDATE ON __ORG_SCHEMA__.job_events FOR EACH ROW EXECUTE FUNCTION __ORG_SCHEMA__.job_events_append_only();

CREATE TRIGGER jobs_updated_at BEFORE UPDATE ON __ORG_SCHEMA__.jobs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON __ORG_SCHEMA__.tasks FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER job_inputs_updated_at BEFORE UPDATE ON __ORG_SCHEMA__.job_inputs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
