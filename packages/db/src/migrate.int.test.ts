import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@mad/test-utils';
import { createDatabase, type Database } from './client.js';
import { migrateDown, migrateUp, migrationStatus, provisionResultsSchema } from './migrate.js';
import { readdirSync } from 'node:fs';
import { defaultMigrationsDir } from './migrate.js';

let testDb: TestDatabase;
let db: Database;

async function schemaSnapshot(): Promise<string[]> {
  const rows = await sql<{ item: string }>`
    select table_schema || '.' || table_name || '.' || column_name || ':' || data_type as item
    from information_schema.columns where table_schema not in ('pg_catalog', 'information_schema')
    union all
    select schemaname || '.' || indexname from pg_indexes where schemaname not in ('pg_catalog')
    union all
    select n.nspname || '.' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('pg_catalog', 'information_schema')
    order by 1`.execute(db);
  return rows.rows.map((r) => r.item);
}

const metadataMigrations = readdirSync(`${defaultMigrationsDir()}/metadata`).filter((f) =>
  f.endsWith('.up.sql'),
).length;

beforeAll(async () => {
  testDb = await createTestDatabase('mad_migrate');
  db = createDatabase({ connectionString: testDb.url, maxConnections: 2 });
});

afterAll(async () => {
  await db.destroy();
  await testDb.drop();
});

describe('migrations', () => {
  it('go up, all the way down, and up again on an empty database, leaving the same schema', async () => {
    const empty = await schemaSnapshot();
    const applied = await migrateUp(db);
    expect(applied.length).toBeGreaterThanOrEqual(metadataMigrations);
    const afterUp = await schemaSnapshot();
    expect(afterUp).toContain('public.organizations.slug:text');
    expect(afterUp).toContain('public.tokens.token_hash:text');

    for (let step = 0; step < metadataMigrations; step += 1) await migrateDown(db);
    const afterDown = (await schemaSnapshot()).filter((item) => !item.startsWith('public.kysely_migration'));
    expect(afterDown).toEqual(empty);

    await migrateUp(db);
    expect(await schemaSnapshot()).toEqual(afterUp);
    expect((await migrationStatus(db)).every((m) => m.executedAt !== null)).toBe(true);
  });

  it('creates the identity tables with their keys and the built-in roles with permissions as data', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(db);
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'organizations',
        'users',
        'roles',
        'role_permissions',
        'memberships',
        'membership_roles',
        'tokens',
      ]),
    );
    const perms = await db
      .selectFrom('role_permissions')
      .innerJoin('roles', 'roles.id', 'role_permissions.role_id')
      .select(['roles.name', 'role_permissions.permission'])
      .execute();
    const of = (role: string) => perms.filter((p) => p.name === role).map((p) => p.permission);
    expect(of('viewer')).toContain('jobs:read');
    expect(of('viewer')).not.toContain('jobs:write');
    expect(of('scientist')).toContain('jobs:write');
    expect(of('admin')).toContain('tokens:manage');

    // Unique and foreign keys hold.
    const org = await db
      .insertInto('organizations')
      .values({ slug: 'acme', name: 'Acme', results_schema: 'org_acme' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db.insertInto('organizations').values({ slug: 'acme', name: 'Again', results_schema: 'org_acme2' }).execute(),
    ).rejects.toThrow(/unique/);
    await expect(
      db
        .insertInto('memberships')
        .values({ org_id: org.id, user_id: '00000000-0000-0000-0000-000000000000' })
        .execute(),
    ).rejects.toThrow(/foreign key/);
    const user = await db
      .insertInto('users')
      .values({ email: 'Ada@Example.org' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.insertInto('users').values({ email: 'ada@example.org' }).execute()).rejects.toThrow(/unique/);
    const before = await db
      .selectFrom('users')
      .select('updated_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 10));
    await db.updateTable('users').set({ display_name: 'Ada' }).where('id', '=', user.id).execute();
    const after = await db.selectFrom('users').select('updated_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });

  it('provisions a results schema inside the caller transaction, and rolls it back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await provisionResultsSchema(trx, 'org_rollback');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const schemas = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.schemata where schema_name = 'org_rollback'`.execute(db);
    expect(schemas.rows[0]?.n).toBe(0);
    await expect(provisionResultsSchema(db, 'Robert"; drop table users; --')).rejects.toThrow(
      /invalid results schema name/,
    );
  });

  it('applies a new results migration to existing organisation schemas (0003: indexes, state counters with a backfill), and reverts it', async () => {
    // The organisation of the test above has no schema yet: provision it (every results migration), then step back.
    await provisionResultsSchema(db, 'org_acme');
    const withCounters = await schemaSnapshot();
    expect(withCounters).toContain('org_acme.job_state_counts.n:bigint');
    expect(withCounters).toContain('org_acme.job_inputs_affinity_idx');
    for (const index of ['job_inputs_name_idx', 'job_inputs_name_desc_idx', 'job_inputs_affinity_desc_idx'])
      expect(withCounters).toContain(`org_acme.${index}`);
    // 0012 (job grouping), 0011 (job names), 0010 (pose interactions), 0009 (pose validity), 0008 (canonical SMILES),
    // 0007 (cache reuse), 0006 (result cache), 0005 (partitioning) and 0004 (indexes of the other result orders) step
    // back first, then 0003.
    expect(withCounters).toContain('org_acme.jobs.project_id:uuid');
    expect(withCounters).toContain('org_acme.jobs_project_idx');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0012_job_grouping']);
    const without0012 = await schemaSnapshot();
    for (const gone of [
      'org_acme.jobs.project_id:uuid',
      'org_acme.jobs.ligand_set_id:uuid',
      'org_acme.jobs_project_idx',
    ])
      expect(without0012).not.toContain(gone);
    expect(withCounters).toContain('org_acme.jobs.name:text');
    expect(withCounters).toContain('org_acme.jobs.description:text');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0011_job_names']);
    expect(await schemaSnapshot()).not.toContain('org_acme.jobs.name:text');
    expect(withCounters).toContain('org_acme.docking_results.interaction_keys:ARRAY');
    expect(withCounters).toContain('org_acme.docking_results_interaction_keys_idx');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0010_pose_interactions']);
    expect(await schemaSnapshot()).not.toContain('org_acme.docking_results.interaction_keys:ARRAY');
    expect(withCounters).toContain('org_acme.docking_results.failed_checks:ARRAY');
    expect(withCounters).toContain('org_acme.job_inputs_flagged_idx');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0009_pose_validity']);
    const without0009 = await schemaSnapshot();
    for (const gone of [
      'org_acme.docking_results.valid:boolean',
      'org_acme.job_inputs.failed_checks:ARRAY',
      'org_acme.job_inputs_flagged_idx',
    ])
      expect(without0009).not.toContain(gone);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0008_canonical_smiles']);
    expect(withCounters).toContain('org_acme.canonical_smiles.canonical:text');
    expect(await schemaSnapshot()).not.toContain('org_acme.canonical_smiles.canonical:text');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0007_cache_reuse']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0006_result_cache']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0005_partitioning']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0004_result_orders']);
    const without0004 = await schemaSnapshot();
    expect(without0004).not.toContain('org_acme.job_inputs_name_idx');
    expect(without0004).not.toContain('org_acme.job_inputs_affinity_desc_idx');
    expect(without0004).toContain('org_acme.job_inputs_affinity_idx');
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0003_scale']);
    const before = await schemaSnapshot();
    expect(before).not.toContain('org_acme.job_state_counts.n:bigint');
    expect(before).toContain('org_acme.job_inputs_best_idx');

    // A job made before the migration: its counts are backfilled when 0003 is applied.
    const s = db.withSchema('org_acme');
    const jobId = '11111111-1111-4111-8111-111111111111';
    await s
      .insertInto('jobs')
      .values({
        id: jobId,
        pipeline: 'vina',
        receptor_id: jobId,
        binding_site: '{}',
        box: '{}',
        params: '{}',
        ligand_count: 3,
        error: null,
        created_by: null,
      })
      .execute();
    await s
      .insertInto('tasks')
      .values([{ id: '22222222-2222-4222-8222-222222222222', job_id: jobId, ordinal: 1 }])
      .execute();
    await s
      .insertInto('job_inputs')
      .values(
        [1, 2, 3].map((i) => ({
          job_id: jobId,
          ligand_id: `inline-${i}`,
          ordinal: i,
          name: `l${i}`,
          molecule_id: null,
          smiles: 'C',
        })),
      )
      .execute();
    await s.updateTable('job_inputs').set({ status: 'SUCCEEDED' }).where('ligand_id', '=', 'inline-1').execute();
    expect(await migrateUp(db)).toEqual([
      'applied org_acme/0003_scale',
      'applied org_acme/0004_result_orders',
      'applied org_acme/0005_partitioning',
      'applied org_acme/0006_result_cache',
      'applied org_acme/0007_cache_reuse',
      'applied org_acme/0008_canonical_smiles',
      'applied org_acme/0009_pose_validity',
      'applied org_acme/0010_pose_interactions',
      'applied org_acme/0011_job_names',
      'applied org_acme/0012_job_grouping',
    ]);
    expect(await schemaSnapshot()).toEqual(withCounters);

    const counts = async () =>
      (
        await sql<{
          entity: string;
          status: string;
          n: number;
        }>`select entity, status, sum(n)::int as n from org_acme.job_state_counts where job_id = ${jobId} group by 1, 2 having sum(n) <> 0 order by 1, 2`.execute(
          db,
        )
      ).rows;
    expect(await counts()).toEqual([
      { entity: 'ligand', status: 'PENDING', n: 2 },
      { entity: 'ligand', status: 'SUCCEEDED', n: 1 },
      { entity: 'task', status: 'PENDING', n: 1 },
    ]);
    // The triggers keep them: a multi-row update, an insert, an update that changes no state, a delete.
    await s
      .updateTable('job_inputs')
      .set({ status: 'FAILED' })
      .where('job_id', '=', jobId)
      .where('status', '=', 'PENDING')
      .execute();
    await s.updateTable('tasks').set({ status: 'QUEUED' }).where('job_id', '=', jobId).execute();
    await s.updateTable('job_inputs').set({ notes: '["x"]' }).where('job_id', '=', jobId).execute();
    await s
      .insertInto('job_inputs')
      .values({ job_id: jobId, ligand_id: 'inline-4', ordinal: 4, name: 'l4', molecule_id: null, smiles: 'N' })
      .execute();
    await s.deleteFrom('job_inputs').where('ligand_id', '=', 'inline-1').execute();
    expect(await counts()).toEqual([
      { entity: 'ligand', status: 'FAILED', n: 2 },
      { entity: 'ligand', status: 'PENDING', n: 1 },
      { entity: 'task', status: 'QUEUED', n: 1 },
    ]);
    // Deleting the job takes its counters with it (the cascaded rows' triggers add none back).
    await s.deleteFrom('jobs').where('id', '=', jobId).execute();
    expect(await s.selectFrom('job_state_counts').selectAll().execute()).toEqual([]);
  });

  it('partitions docking_results and job_events by job (0005) and back, keeping every row, id and sequence', async () => {
    const s = db.withSchema('org_acme');
    const jobId = '33333333-3333-4333-8333-333333333333';
    await s
      .insertInto('jobs')
      .values({
        id: jobId,
        pipeline: 'vina',
        receptor_id: jobId,
        binding_site: '{}',
        box: '{}',
        params: '{}',
        ligand_count: 2,
        error: null,
        created_by: null,
      })
      .execute();
    const taskId = '44444444-4444-4444-8444-444444444444';
    await s.insertInto('tasks').values({ id: taskId, job_id: jobId, ordinal: 1 }).execute();
    await s
      .insertInto('job_inputs')
      .values(
        [1, 2].map((i) => ({
          job_id: jobId,
          ligand_id: `inline-${i}`,
          ordinal: i,
          name: `l${i}`,
          molecule_id: null,
          smiles: 'C',
        })),
      )
      .execute();
    const pose = (ligand: string, rank: number) => ({
      job_id: jobId,
      ligand_id: ligand,
      pose_rank: rank,
      affinity_kcal_mol: -5 - rank,
      task_id: taskId,
    });
    const partitions = async (table: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhparent
          join pg_namespace ns on ns.oid = c.relnamespace where ns.nspname = 'org_acme' and c.relname = ${table}`.execute(
          db,
        )
      ).rows[0]?.n;
    const rows = async () => ({
      poses: await s
        .selectFrom('docking_results')
        .select(['id', 'ligand_id', 'pose_rank', 'affinity_kcal_mol'])
        .orderBy('id')
        .execute(),
      events: await s.selectFrom('job_events').select(['id', 'kind', 'message']).orderBy('id').execute(),
    });
    expect(await partitions('docking_results')).toBe(16);
    expect(await partitions('job_events')).toBe(16);
    await s
      .insertInto('docking_results')
      .values([pose('inline-1', 1), pose('inline-1', 2)])
      .execute();
    await s
      .insertInto('job_events')
      .values([
        { job_id: jobId, kind: 'created' },
        { job_id: jobId, kind: 'accepted', message: 'a' },
      ])
      .execute();
    const partitioned = await rows();

    // 0012, 0011, 0010, 0009, 0008, 0007 (cache reuse), then 0006 (result cache): its task_results is hash-partitioned
    // too, and goes with its columns.
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0012_job_grouping']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0011_job_names']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0010_pose_interactions']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0009_pose_validity']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0008_canonical_smiles']);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0007_cache_reuse']);
    expect(await partitions('task_results')).toBe(16);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0006_result_cache']);
    expect(await partitions('task_results')).toBe(0);
    expect(await migrateDown(db, 'results')).toEqual(['reverted org_acme/0005_partitioning']);
    expect(await partitions('docking_results')).toBe(0);
    expect(await rows()).toEqual(partitioned);
    // Unpartitioned: the sequences continue after the kept ids, the replay guard and the append-only rule hold.
    await s.insertInto('docking_results').values(pose('inline-2', 1)).execute();
    await s.insertInto('job_events').values({ job_id: jobId, kind: 'docking' }).execute();
    const unpartitioned = await rows();
    expect(unpartitioned.poses.at(-1)!.id).toBeGreaterThan(partitioned.poses.at(-1)!.id);
    expect(unpartitioned.events.at(-1)!.id).toBeGreaterThan(partitioned.events.at(-1)!.id);

    expect(await migrateUp(db)).toEqual([
      'applied org_acme/0005_partitioning',
      'applied org_acme/0006_result_cache',
      'applied org_acme/0007_cache_reuse',
      'applied org_acme/0008_canonical_smiles',
      'applied org_acme/0009_pose_validity',
      'applied org_acme/0010_pose_interactions',
      'applied org_acme/0011_job_names',
      'applied org_acme/0012_job_grouping',
    ]);
    expect(await rows()).toEqual(unpartitioned);
    await s.insertInto('job_events').values({ job_id: jobId, kind: 'completed' }).execute();
    expect((await rows()).events.at(-1)!.id).toBeGreaterThan(unpartitioned.events.at(-1)!.id);
    // The primary key (job, ligand, pose rank) is the replay guard; events stay append-only.
    await expect(s.insertInto('docking_results').values(pose('inline-1', 1)).execute()).rejects.toThrow(
      /duplicate key/,
    );
    await expect(
      s.updateTable('job_events').set({ message: 'x' }).where('job_id', '=', jobId).execute(),
    ).rejects.toThrow(/append-only/);
    await s.deleteFrom('jobs').where('id', '=', jobId).execute();
    expect((await rows()).poses).toEqual([]);
  });
});
