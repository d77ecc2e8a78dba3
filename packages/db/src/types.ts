// Row types of the metadata schema, written by hand next to the SQL in migrations/metadata (kept in step by the
// migration tests, which compare these names with information_schema).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ExecutionStatus, JobStatus, LigandStatus, TaskStatus } from '@mad/protocol/statuses';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date | string>;

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  results_schema: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RolesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  rank: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RolePermissionsTable {
  role_id: string;
  permission: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembershipsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembershipRolesTable {
  membership_id: string;
  role_id: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TokensTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  role_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

// --- auth (migrations/metadata/0002_auth, migrations/results/0001_init) ---

export interface IdentityProvidersTable {
  id: Generated<string>;
  org_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret_ref: string | null;
  allowed_email_domains: ColumnType<string[], string[] | undefined, string[]>;
  default_role_id: string;
  auto_provision: Generated<boolean>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IdentitiesTable {
  id: Generated<string>;
  provider_id: string;
  subject: string;
  user_id: string;
  email: string | null;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LoginAttemptsTable {
  id_hash: string;
  provider_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: Generated<string>;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  secret_hash: string;
  user_id: string;
  org_id: string | null;
  provider_id: string | null;
  id_token: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_seen_at: Generated<Date>;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** Results schema (one per organisation): query with `.withSchema(org.resultsSchema)`. */
export interface OrgSettingsTable {
  key: string;
  value: ColumnType<unknown, unknown, unknown>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Metadata (migrations/metadata/0005_organization_settings): one typed column per setting, NULL = server default. */
export interface OrganizationSettingsTable {
  org_id: string;
  job_events_retention_days: number | null;
  logs_retention_days: number | null;
  scratch_retention_days: number | null;
  cache_ttl_days: number | null;
  cache_min_confidence: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type IdentityProvider = Selectable<IdentityProvidersTable>;
export type Session = Selectable<SessionsTable>;
// --- end auth ---

// ── Jobs (migrations/metadata/0004_jobs, migrations/results/0002_jobs; results tables via .withSchema(org)) ──
export type { JobStatus, TaskStatus, LigandStatus, ExecutionStatus } from '@mad/protocol/statuses';
type Json = ColumnType<unknown, string, string>;

export interface JobsMetaTable {
  id: string;
  org_id: string;
  results_schema: string;
  pipeline: string;
  status: Generated<JobStatus>;
  created_by: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface JobsTable {
  id: string;
  pipeline: string;
  status: Generated<JobStatus>;
  receptor_id: string;
  binding_site: Json;
  box: Json;
  params: Json;
  warnings: ColumnType<unknown, string | undefined, string>;
  ligand_count: number;
  task_count: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: UpdatedAt;
  /** migrations/results/0006_result_cache */
  input_signature: string | null;
  toolchain: Json | null;
  use_cache: Generated<boolean>;
  /** migrations/results/0007_cache_reuse: { reusedLigands, fromJobs: [{ jobId, ligands }] }, null when none */
  cache_reuse: Json | null;
  /** migrations/results/0011_job_names: what the submitter calls the job (1–200 characters) and a description */
  name: ColumnType<string | null, string | null | undefined, string | null>;
  description: ColumnType<string | null, string | null | undefined, string | null>;
  /** migrations/results/0012_job_grouping: the project (public.projects) and ligand set it came from, by value */
  project_id: ColumnType<string | null, string | null | undefined, string | null>;
  ligand_set_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TasksTable {
  id: string;
  job_id: string;
  ordinal: number;
  status: Generated<TaskStatus>;
  attempts: Generated<number>;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface JobInputsTable {
  job_id: string;
  ligand_id: string;
  ordinal: number;
  name: string;
  molecule_id: string | null;
  smiles: string | null;
  task_id: string | null;
  status: Generated<LigandStatus>;
  error_stage: string | null;
  error: string | null;
  best_affinity_kcal_mol: number | null;
  notes: ColumnType<unknown, string | undefined, string>;
  updated_at: UpdatedAt;
  signature: string | null;
  cached_from_job_id: string | null;
  confidence_score: number | null;
  /** results 0009: the best pose's validity checks (null: not checked); the failed checks' codes. */
  valid: boolean | null;
  failed_checks: string[] | null;
}

export interface TaskExecutionsTable {
  id: Generated<number>;
  task_id: string;
  job_id: string;
  attempt: number;
  agent_id: string | null;
  status: Generated<ExecutionStatus>;
  exit_status: string | null;
  reason: string | null;
  engine_version: string | null;
  logs_uri: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface DockingResultsTable {
  id: Generated<number>;
  job_id: string;
  ligand_id: string;
  pose_rank: number;
  affinity_kcal_mol: number;
  rmsd_lb: number | null;
  rmsd_ub: number | null;
  cnn_score: number | null;
  cnn_affinity: number | null;
  cnn_vs: number | null;
  task_id: string;
  created_at: CreatedAt;
  /** results 0009: the pose's validity checks (null: not checked); the failed checks' codes. */
  valid: boolean | null;
  failed_checks: string[] | null;
  /** @mad/protocol PoseInteractions as JSON; null: recorded before interaction profiling (results 0010). */
  interactions: unknown;
  /** The results filter's keys of the interactions (@mad/protocol interactionKeys); GIN-indexed. */
  interaction_keys: string[] | null;
}

export interface JobOutputsTable {
  id: Generated<number>;
  job_id: string;
  task_id: string;
  ligand_id: Generated<string>;
  kind: 'poses_sdf' | 'poses_pdbqt' | 'ligand_log' | 'task_log';
  s3_key: string;
  created_at: CreatedAt;
}

export interface JobEventsTable {
  id: Generated<number>;
  job_id: string;
  task_id: string | null;
  ligand_id: string | null;
  agent_id: string | null;
  attempt: number | null;
  kind: string;
  progress: number | null;
  message: string | null;
  created_at: CreatedAt;
}

// The result cache (migrations/results/0006_result_cache): one stored ligand result per signature, and the
// canonical job of a job signature.
export interface TaskResultsTable {
  signature: string;
  job_id: string;
  ligand_id: string;
  task_id: string;
  agent_id: string | null;
  engine: string;
  engine_version: string;
  toolchain: Json;
  result: Json;
  confidence_score: number | null;
  hit_count: Generated<string>;
  /** Moved back by tests of the TTL; otherwise set when the result is stored. */
  created_at: ColumnType<Date, never, Date | string>;
  last_used_at: Timestamp | null;
}

export interface ResultCacheTable {
  input_signature: string;
  job_id: string;
  hit_count: Generated<string>;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
}

/** migrations/results/0008_canonical_smiles: RDKit's canonical isomeric SMILES of an inline SMILES the dispatcher signed. */
export interface CanonicalSmilesTable {
  smiles: string;
  canonical: string | null;
  created_at: CreatedAt;
}

// Per-state counts of a job's tasks and ligands, kept by triggers (migrations/results/0003_scale); the sum over a
// job's stripes is the count.
export interface JobStateCountsTable {
  job_id: string;
  entity: 'task' | 'ligand';
  status: string;
  stripe: number;
  n: number;
}

// Molecules and artifacts (migrations/metadata/0003_molecules).
export interface ArtifactsTable {
  id: Generated<string>;
  org_id: string;
  s3_key: string;
  file_name: string;
  media_type: string;
  format: string | null;
  size_bytes: number;
  sha256: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MoleculesTable {
  id: Generated<string>;
  org_id: string;
  kind: 'receptor' | 'ligand';
  name: string;
  source_format: string;
  content_sha256: string;
  canonical_smiles: string | null;
  inchikey: string | null;
  formula: string | null;
  properties: ColumnType<Record<string, unknown>, string, string>;
  artifact_id: string;
  upload_artifact_id: string | null;
  source_record: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Metadata (migrations/metadata/0010_webhooks): an organisation's endpoint told when its jobs finish. */
export interface WebhooksTable {
  id: Generated<string>;
  org_id: string;
  url: string;
  events: string[];
  description: Generated<string>;
  secret: string;
  /** The secret before the last rotation (metadata 0011), still signing with `secret` until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  secret_rotated_at: Timestamp | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One event of one job for one webhook: enqueued with the job's final status, sent and retried by the worker. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  job_id: string | null;
  event: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  attempt_log: ColumnType<unknown, string | undefined, string>;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
  updated_at: UpdatedAt;
}

/** Metadata 0013: a group of an organisation's jobs and ligand sets. */
export interface ProjectsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  description: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Metadata 0013: a saved selection of ligands, resolved when made; its members in ligand_set_members. */
export interface LigandSetsTable {
  id: Generated<string>;
  org_id: string;
  project_id: string | null;
  name: string;
  description: Generated<string>;
  definition: ColumnType<unknown, string, string>;
  resolved_count: number;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LigandSetMembersTable {
  set_id: string;
  ordinal: number;
  molecule_id: string;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  memberships: MembershipsTable;
  membership_roles: MembershipRolesTable;
  tokens: TokensTable;
  identity_providers: IdentityProvidersTable;
  identities: IdentitiesTable;
  login_attempts: LoginAttemptsTable;
  sessions: SessionsTable;
  org_settings: OrgSettingsTable;
  organization_settings: OrganizationSettingsTable;
  artifacts: ArtifactsTable;
  molecules: MoleculesTable;
  jobs_meta: JobsMetaTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  projects: ProjectsTable;
  ligand_sets: LigandSetsTable;
  ligand_set_members: LigandSetMembersTable;
  // results schema (per organisation)
  jobs: JobsTable;
  tasks: TasksTable;
  job_inputs: JobInputsTable;
  task_executions: TaskExecutionsTable;
  docking_results: DockingResultsTable;
  job_outputs: JobOutputsTable;
  job_events: JobEventsTable;
  job_state_counts: JobStateCountsTable;
  task_results: TaskResultsTable;
  result_cache: ResultCacheTable;
  canonical_smiles: CanonicalSmilesTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Role = Selectable<RolesTable>;
export type Token = Selectable<TokensTable>;
export type Artifact = Selectable<ArtifactsTable>;
export type Molecule = Selectable<MoleculesTable>;
