import type { Logger } from 'pino';
import type { Database, OrganizationSettingDefaults } from '@mad/db';
import type { Storage } from '@mad/storage';
import type {
  JobLimits,
  JobsPlane,
  PlatformOperations,
  Principal,
  SubstructureScanLimits,
  UploadLimits,
} from '@mad/domain';

export type { Principal } from '@mad/domain';

/** The process-wide things procedures use. The server builds one and hands it to every request's context. */
export interface Services {
  db: Database;
  publicUrl: string;
  /** S3 bucket of molecule files and job artifacts (absent where a process serves no files). */
  storage?: Storage;
  /** Molecule upload limits (UPLOAD_MAX_BYTES, UPLOAD_MAX_RECORDS); defaults in routers/molecules/store.ts. */
  uploadLimits?: UploadLimits;
  /** Quotas of job requests and of each organisation (JOB_MAX_*, ORG_MAX_*); DEFAULT_JOB_LIMITS when absent. */
  jobLimits?: JobLimits;
  /** Changes per user and organisation per minute (WRITE_RATE_LIMIT_PER_MINUTE), as the quotas read shows it. */
  writesPerMinute?: number;
  /** Bounds of one substructure search of molecules.list (SUBSTRUCTURE_SCAN: 10,000 rows, 2,000 per worker call). */
  substructureScan?: SubstructureScanLimits;
  /** Lifetime of artifact download links (ARTIFACT_LINK_SECONDS, default 300). */
  artifactLinkSeconds?: number;
  /** What an unset organisation setting means (RETENTION_* of the environment); defaults in routers/orgs/settings.ts. */
  settingDefaults?: OrganizationSettingDefaults;
  /** Jobs: pg-boss enqueue, NATS cancel/agents, presigned links, live events (absent where no jobs are served). */
  jobs?: JobsPlane;
  /** The server's rules for identity providers an admin registers (secret references, issuer URLs); absent: none. */
  providerRules?: ProviderRules;
  /**
   * The outbound guard's check of a webhook URL at creation (WEBHOOK_ALLOW_PRIVATE_NETWORKS, https in production);
   * absent: https and public addresses only.
   */
  webhookUrlCheck?: (url: string) => Promise<string | null>;
  /** How long a rotated webhook secret keeps signing beside the new one (WEBHOOK_SECRET_GRACE_SECONDS; absent: a day). */
  webhookSecretGraceSeconds?: number;
  /** The server's metrics (project_design/OBSERVABILITY.md); absent where nothing is exported. */
  telemetry?: ApiTelemetry;
}

/** Checks an identity provider's settings against the server's configuration before they are stored. */
export interface ProviderRules {
  /**
   * What is wrong with these fields (only those given are checked) for a provider of the organisation `orgSlug`
   * (whose secret references it may name), each naming the field; empty when fine.
   */
  problems(
    fields: { issuer?: string | undefined; clientSecretRef?: string | null | undefined },
    orgSlug: string,
  ): string[];
}

/** What procedures report to the process's metrics. */
export interface ApiTelemetry {
  /** One procedure call: its path, type (query, mutation, subscription), outcome code (OK or the tRPC error code). */
  procedure(path: string, type: string, code: string, seconds: number): void;
  /** The golden signals from the process's own registry (operations.overview; the Operations page). */
  operations?(): Promise<PlatformOperations>;
}

export interface Context extends Services {
  requestId: string;
  log: Logger;
  principal: Principal | null;
  /** The Idempotency-Key request header, when sent (job creation). */
  idempotencyKey?: string | null;
}
