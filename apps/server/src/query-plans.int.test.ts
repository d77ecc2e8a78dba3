// The hot reads keep their plans on the partitioned tables (results migration 0005): the statements the real
// procedures send (captured from Kysely's log while results pages, one ligand, events and status are read) are
// EXPLAINed with their parameters, and every scan of docking_results or job_events must be an index scan of exactly
// one partition (the job's; an index scan, or a bitmap heap scan driven by its index), never a sequential scan or a
// scan of several partitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { pino } from 'pino';
import { appRouter, createCallerFactory, type Context } from '@mad/api';
import { createOrganization, resolveApiToken, type OrganizationRef } from '@mad/auth';
import { createTestDatabase, type TestDatabase } from '@mad/test-utils';
import { createPool, migrateUp, type DB } from '@mad/db';
import { memberWithToken } from '../test/auth-http.js';
import { toApiPrincipal } from './auth/credentials.js';

const JOBS = 24;
const LIGANDS = 400;
const POSES = 5;
const EVENTS = 600;
const BOX_GEOMETRY = { center: { x: 0, y: 0, z: 0 }, size: { x: 20, y: 20, z: 20 } };
const BOX = JSON.stringify(BOX_GEOMETRY);
const SITE = JSON.stringify({ mode: 'box', ...BOX_GEOMETRY });

let database: TestDatabase;
let pool: ReturnType<typeof createPool>;
let db: Kysely<DB>;
let org: OrganizationRef;
let context: Context;
const statements: { sql: string; parameters: readonly unknown[] }[] = [];
const jobIds: string[] = [];

/** Relations scanned by a JSON plan, with the node type (and index) that scans each. */
function scans(plan: Record<string, unknown>, found: { relation: string; node: string; index?: string }[] = []) {
  if (typeof plan['Relation Name'] === 'string')
    found.push({
      relation: plan['Relation Name'],
      node: plan['Node Type'] as string,
      ...(typeof plan['Index Name'] === 'string' ? { index: plan['Index Name'] } : {}),
    });
  for (const child of (plan.Plans as Record<string, unknown>[] | undefined) ?? []) scans(child, found);
  return found;
}

/**
 * The statement's plan with sequential scans priced out: on test-sized partitions (a few thousand rows) a sequential
 * scan is rightly cheapest, so what is checked here is that the job's partition and its index can serve the query
 * (pruning, key order); the plans the planner picks at 10,000,000 rows are in PERFORMANCE.md (scale bench).
 */
async function planOf(statement: { sql: string; parameters: readonly unknown[] }) {
  const client = await pool.connect();
  try {
    await client.query('set enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(
      `explain (format json) ${statement.sql}`,
      statement.parameters as unknown[],
    );
    return rows[0]!['QUERY PLAN'][0].Plan;
  } finally {
    await client.query('reset enable_seqscan');
    client.release();
  }
}

beforeAll(async () => {
  database = await createTestDatabase('mad_plans');
  pool = createPool({ connectionString: database.url, maxConnections: 3 });
  db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await migrateUp(db);
  org = await createOrganization(db, { slug: 'plans', name: 'Plans' });
  const { token } = await memberWithToken(db, org.id, 'viewer@plans.example.org', 'viewer');
  const principal = await resolveApiToken(db, token);
  context = {
    db,
    publicUrl: 'http://127.0.0.1',
    requestId: 'plans',
    log: pino({ level: 'silent' }),
    principal: toApiPrincipal(principal!),
  };
  const s = sql.id(org.resultsSchema);
  // Several jobs per partition, as an organisation's history has; ligands with affinities, poses, outputs and a
  // timeline, as a finished run leaves them, written with SQL.
  const { rows } = await sql<{ id: string }>`select gen_random_uuid() as id from generate_series(1, ${JOBS})`.execute(
    db,
  );
  jobIds.push(...rows.map((r) => r.id));
  const ids = sql`unnest(${jobIds}::uuid[])`;
  await sql`insert into jobs_meta (id, org_id, results_schema, pipeline, status)
    select j, ${org.id}, ${org.resultsSchema}, 'vina', 'COMPLETED' from ${ids} j`.execute(db);
  await sql`insert into ${s}.jobs (id, pipeline, status, receptor_id, binding_site, box, params, ligand_count, task_count)
    select j, 'vina', 'COMPLETED', gen_random_uuid(), ${SITE}, ${BOX}, '{"seed": 1}', ${LIGANDS}, 1 from ${ids} j`.execute(
    db,
  );
  await sql`insert into ${s}.job_inputs (job_id, ligand_id, ordinal, name, smiles, status, best_affinity_kcal_mol)
    select j, 'inline-' || g, g, 'ligand ' || g, 'C', 'SUCCEEDED', -4 - (g % 97) / 10.0
    from ${ids} j cross join generate_series(1, ${LIGANDS}) g`.execute(db);
  await sql`insert into ${s}.docking_results (job_id, ligand_id, pose_rank, affinity_kcal_mol, task_id)
    select j, 'inline-' || g, r, -4 - (g % 97) / 10.0 + r * 0.1, gen_random_uuid()
    from ${ids} j cross join generate_series(1, ${LIGANDS}) g cross join generate_series(1, ${POSES}) r`.execute(db);
  await sql`insert into ${s}.job_outputs (job_id, task_id, ligand_id, kind, s3_key)
    select j, gen_random_uuid(), 'inline-' || g, 'poses_sdf', 'k' || g from ${ids} j cross join generate_series(1, ${LIGANDS}) g`.execute(
    db,
  );
  await sql`insert into ${s}.job_events (job_id, kind, message)
    select j, 'ligand_done', 'ligand ' || g from ${ids} j cross join generate_series(1, ${EVENTS}) g`.execute(db);
  // VACUUM as autovacuum would soon after such writes: the visibility map then allows index-only scans.
  await sql`vacuum analyze`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('hot reads on the partitioned tables', () => {
  it('read one partition of docking_results and job_events by index, for every read of a job', async () => {
    const caller = createCallerFactory(appRouter)(context);
    const jobId = jobIds[3]!;
    statements.length = 0;
    const first = await caller.jobs.results({ jobId, sort: 'affinity', limit: 100 });
    expect(first.ligands).toHaveLength(100);
    expect(first.ligands[0]!.poses).toHaveLength(POSES);
    await caller.jobs.results({ jobId, sort: 'affinity', limit: 100, offset: 200 });
    await caller.jobs.results({ jobId, sort: 'affinity', limit: 100, cursor: first.nextCursor! });
    await caller.jobs.results({ jobId, sort: 'name', order: 'desc', limit: 50 });
    // The interaction filter: the job's partition of docking_results only, by index (its key or interaction_keys').
    await caller.jobs.results({ jobId, sort: 'affinity', limit: 50, interactsWith: 'A:MET318' });
    expect((await caller.jobs.ligand({ jobId, ligandId: 'inline-277' })).poses).toHaveLength(POSES);
    const events = await caller.jobs.events({ jobId, afterId: 0, limit: 200 });
    expect(events.events).toHaveLength(200);
    await caller.jobs.events({ jobId, afterId: events.nextAfterId, limit: 200 });
    await caller.jobs.events({ jobId, beforeId: events.events[150]!.id, limit: 100 });
    await caller.jobs.status({ jobId });

    const hot = statements.filter((s) => /"(docking_results|job_events)"/.test(s.sql));
    // results ×5 (the filtered one twice: its count and its page) and ligand: poses; events ×3.
    expect(hot.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const statement of hot) {
      const found = scans(await planOf(statement)).filter((s) => /^(docking_results|job_events)/.test(s.relation));
      const partitions = new Set(found.map((s) => s.relation));
      const line = `${statement.sql.slice(0, 90)}…: ${found.map((s) => `${s.node} ${s.relation}`).join(', ')}`;
      if (partitions.size !== 1 || ![...partitions][0]!.match(/_p\d\d$/)) problems.push(`not one partition: ${line}`);
      if (found.some((s) => !/^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/.test(s.node)))
        problems.push(`not an index scan: ${line}`);
    }
    expect(problems).toEqual([]);

    // A page by offset skips its rows in the order's index alone (index-only: job, affinity, ordinal), then reads
    // only the page's rows from job_inputs by (job, ordinal): the deferred join, not 200 table rows fetched to skip.
    const offsetPage = statements.find((s) => /"job_inputs"/.test(s.sql) && / offset \$\d+/.test(s.sql));
    expect(offsetPage, 'the offset page statement').toBeDefined();
    const ligandScans = scans(await planOf(offsetPage!)).filter((s) => s.relation === 'job_inputs');
    expect(ligandScans).toContainEqual({
      relation: 'job_inputs',
      node: 'Index Only Scan',
      index: 'job_inputs_affinity_idx',
    });
    expect(ligandScans.every((s) => /^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/.test(s.node))).toBe(true);
  });

  it('spreads the jobs over the partitions and keeps each job in one', async () => {
    const { rows } = await sql<{ partition: string; jobs: number }>`
      select tableoid::regclass::text as partition, count(distinct job_id)::int as jobs
      from ${sql.id(org.resultsSchema)}.docking_results group by 1`.execute(db);
    expect(rows.reduce((n, r) => n + r.jobs, 0)).toBe(JOBS);
    expect(rows.length).toBeGreaterThan(1);
  });
});
