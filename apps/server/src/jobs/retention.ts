// Retention (worker, pg-boss queue maintenance.retention on a cron schedule): per organisation, with its settings or
// the server defaults (organization_settings, RETENTION_*), delete job events (and finished webhook deliveries, the
// delivery log) older than their retention, engine and
// task logs (the objects and their job_outputs rows) older than theirs, and scratch objects (bucket objects under the
// organisation's prefix that no row refers to) older than theirs. Results and poses are never touched: they go only
// with their job (DELETE /api/v1/jobs/{id}). Every statement is bounded (`batchSize` rows or keys) and a run is
// bounded too (`maxBatches` per kind and organisation); what is left waits for the next run.
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { effectiveSettings, readOrganizationSettings, type Database, type OrganizationSettingDefaults } from '@mad/db';
import { orgPrefix, type Storage } from '@mad/storage';
import { isFinalJobStatus } from '@mad/protocol';

export const RETENTION_QUEUE = 'maintenance.retention';
/** Where the scratch sweep continues next run: a key of the organisation's own org_settings table. */
const SCRATCH_CURSOR_KEY = 'retention.scratch_cursor';
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  db: Database;
  storage: Storage;
  defaults: OrganizationSettingDefaults;
  /** Rows or keys per statement. */
  batchSize: number;
  /** Statements per kind (events, logs, scratch pages) and organisation in one run. */
  maxBatches: number;
  log: Logger;
  now?: () => Date;
}

export interface RetentionReport {
  orgs: number;
  eventsDeleted: number;
  /** Delivered or failed webhook deliveries (pending ones are kept until they end), by the events' retention. */
  deliveriesDeleted: number;
  logsDeleted: number;
  scratchDeleted: number;
  /** True when some kind stopped at maxBatches with more to do (the next run continues). */
  more: boolean;
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** The partitions of a partitioned table (the table itself when it is not partitioned). */
async function partitionsOf(db: Database, schema: string, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = p.relnamespace
    where n.nspname = ${schema} and p.relname = ${table} order by 1`.execute(db);
  return rows.length > 0 ? rows.map((r) => r.name) : [table];
}

/**
 * Events older than the cutoff, partition by partition, `batchSize` rows a statement by ctid from the created_at
 * index (a TID scan; a (job_id, id) IN (…) form over the partitioned table plans a hash join over all of it).
 */
async function deleteOldEvents(deps: RetentionDeps, schema: string, before: Date) {
  let deleted = 0;
  let batches = 0;
  // The budget counts statements that deleted something; a partition with nothing old costs one index probe.
  for (const partition of await partitionsOf(deps.db, schema, 'job_events')) {
    const table = sql.table(`${schema}.${partition}`);
    for (;;) {
      if (batches >= deps.maxBatches) return { deleted, more: true };
      const result = await sql`delete from ${table} where ctid = any(array(
          select ctid from ${table} where created_at < ${before} limit ${deps.batchSize}))`.execute(deps.db);
      const n = Number(result.numAffectedRows ?? 0);
      if (n === 0) break;
      batches += 1;
      deleted += n;
      if (n < deps.batchSize) break;
    }
  }
  return { deleted, more: false };
}

/** The organisation's delivery log entries that ended (delivered, failed) before the cutoff, `batchSize` a statement. */
async function deleteOldDeliveries(deps: RetentionDeps, orgId: string, before: Date) {
  let deleted = 0;
  for (let batch = 0; batch < deps.maxBatches; batch++) {
    const result = await sql`delete from webhook_deliveries where id = any(array(
        select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
        where w.org_id = ${orgId} and d.status <> 'pending' and d.created_at < ${before} limit ${deps.batchSize}))`.execute(
      deps.db,
    );
    const n = Number(result.numAffectedRows ?? 0);
    deleted += n;
    if (n < deps.batchSize) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** Engine and task logs older than the cutoff: the objects, then their job_outputs rows and logs_uri links. */
async function deleteOldLogs(deps: RetentionDeps, schema: string, before: Date) {
  const db = deps.db.withSchema(schema);
  let deleted = 0;
  for (let batch = 0; batch < deps.maxBatches; batch++) {
    const logs = await db
      .selectFrom('job_outputs')
      .select(['id', 's3_key'])
      .where('kind', 'in', ['ligand_log', 'task_log'])
      .where('created_at', '<', before)
      .orderBy('id')
      .limit(deps.batchSize)
      .execute();
    if (logs.length === 0) return { deleted, more: false };
    const keys = logs.map((l) => l.s3_key);
    // Objects first: a failure leaves the rows, so the next run tries again (deleting a missing key succeeds).
    await deps.storage.deleteObjects(keys);
    await deps.db.transaction().execute(async (trx) => {
      const t = trx.withSchema(schema);
      await t
        .deleteFrom('job_outputs')
        .where(
          'id',
          'in',
          logs.map((l) => l.id),
        )
        .execute();
      await t.updateTable('task_executions').set({ logs_uri: null }).where('logs_uri', 'in', keys).execute();
    });
    deleted += logs.length;
    if (logs.length < deps.batchSize) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** The job id of a key under orgs/<org>/jobs/<job>/…, or null for other keys. */
function jobOfKey(key: string, prefix: string): string | null {
  const match = /^jobs\/([0-9a-f-]{36})\//.exec(key.slice(prefix.length));
  return match?.[1] ?? null;
}

/** Which of the keys a row refers to: artifacts (molecules, uploads) or job_outputs of a job that still runs or exists. */
async function referencedKeys(deps: RetentionDeps, org: { id: string; schema: string }, keys: string[]) {
  const referenced = new Set<string>();
  const prefix = orgPrefix(org.id);
  const artifacts = await deps.db
    .selectFrom('artifacts')
    .select('s3_key')
    .where('org_id', '=', org.id)
    .where('s3_key', 'in', keys)
    .execute();
  for (const a of artifacts) referenced.add(a.s3_key);
  const byJob = new Map<string, string[]>();
  for (const key of keys) {
    const jobId = jobOfKey(key, prefix);
    if (jobId) byJob.set(jobId, [...(byJob.get(jobId) ?? []), key]);
  }
  if (byJob.size === 0) return referenced;
  const jobs = await deps.db
    .withSchema(org.schema)
    .selectFrom('jobs')
    .select(['id', 'status'])
    .where('id', 'in', [...byJob.keys()])
    .execute();
  const db = deps.db.withSchema(org.schema);
  for (const job of jobs) {
    const jobKeys = byJob.get(job.id)!;
    // A job still running may have uploaded files whose report is not recorded yet: everything of it is kept.
    if (!isFinalJobStatus(job.status)) {
      for (const key of jobKeys) referenced.add(key);
      continue;
    }
    const outputs = await db
      .selectFrom('job_outputs')
      .select('s3_key')
      .where('job_id', '=', job.id)
      .where('s3_key', 'in', jobKeys)
      .execute();
    for (const o of outputs) referenced.add(o.s3_key);
  }
  return referenced;
}

/**
 * Scratch: objects under the organisation's prefix older than the cutoff that no row refers to (files of attempts
 * never recorded, leftovers of a failed upload or purge). One listing page (batchSize keys) per batch, continuing
 * next run where this one stopped (the cursor is kept in the organisation's org_settings).
 */
async function deleteScratch(deps: RetentionDeps, org: { id: string; schema: string }, before: Date) {
  const db = deps.db.withSchema(org.schema);
  const stored = await db
    .selectFrom('org_settings')
    .select('value')
    .where('key', '=', SCRATCH_CURSOR_KEY)
    .executeTakeFirst();
  let startAfter = typeof stored?.value === 'string' ? stored.value : undefined;
  // Started mid-way: at the end of the listing, wrap around once to the keys before the cursor.
  let mayWrap = startAfter !== undefined;
  let deleted = 0;
  let more = true;
  for (let batch = 0; batch < deps.maxBatches; batch++) {
    const page = await deps.storage.listObjects(orgPrefix(org.id), {
      maxKeys: deps.batchSize,
      ...(startAfter ? { startAfter } : {}),
    });
    const old = page.objects.filter((o) => o.lastModified < before).map((o) => o.key);
    if (old.length > 0) {
      const referenced = await referencedKeys(deps, org, old);
      const scratch = old.filter((key) => !referenced.has(key));
      if (scratch.length > 0) deleted += await deps.storage.deleteObjects(scratch);
    }
    startAfter = page.nextStartAfter ?? undefined;
    if (!startAfter) {
      if (mayWrap) {
        mayWrap = false;
        continue;
      }
      more = false;
      break;
    }
  }
  const value = JSON.stringify(startAfter ?? null);
  await db
    .insertInto('org_settings')
    .values({ key: SCRATCH_CURSOR_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  return { deleted, more };
}

/** One retention run over every organisation. */
export async function applyRetention(deps: RetentionDeps): Promise<RetentionReport> {
  const now = deps.now?.() ?? new Date();
  const orgs = await deps.db
    .selectFrom('organizations')
    .select(['id', 'slug', 'results_schema'])
    .orderBy('created_at')
    .execute();
  const report: RetentionReport = {
    orgs: orgs.length,
    eventsDeleted: 0,
    deliveriesDeleted: 0,
    logsDeleted: 0,
    scratchDeleted: 0,
    more: false,
  };
  for (const org of orgs) {
    const settings = effectiveSettings(await readOrganizationSettings(deps.db, org.id), deps.defaults);
    const events = await deleteOldEvents(deps, org.results_schema, cutoff(now, settings.jobEventsRetentionDays));
    const deliveries = await deleteOldDeliveries(deps, org.id, cutoff(now, settings.jobEventsRetentionDays));
    const logs = await deleteOldLogs(deps, org.results_schema, cutoff(now, settings.logsRetentionDays));
    const scratch = await deleteScratch(
      deps,
      { id: org.id, schema: org.results_schema },
      cutoff(now, settings.scratchRetentionDays),
    );
    report.eventsDeleted += events.deleted;
    report.deliveriesDeleted += deliveries.deleted;
    report.logsDeleted += logs.deleted;
    report.scratchDeleted += scratch.deleted;
    report.more ||= events.more || deliveries.more || logs.more || scratch.more;
    if (events.deleted + deliveries.deleted + logs.deleted + scratch.deleted > 0)
      deps.log.info(
        {
          org: org.slug,
          events: events.deleted,
          deliveries: deliveries.deleted,
          logs: logs.deleted,
          scratch: scratch.deleted,
          settings,
        },
        'retention applied',
      );
  }
  return report;
}
