// The data scale benchmark's volume: finished (and a few running) jobs written straight into the real tables with
// INSERT … SELECT … generate_series, so that an organisation holds millions of docking_results and job_events rows
// shaped as the platform writes them (jobs of very different sizes, tasks of 8 ligands, poses ranked by affinity,
// about ten events per ligand), in a few minutes instead of the days the agents would take.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** Poses per ligand of the synthetic jobs (Vina's default is 9 modes). */
export const POSES_PER_LIGAND = 10;
const LIGANDS_PER_TASK = 8;

export interface SyntheticJob {
  ligands: number;
  /** Ligands with results (the others PENDING): `ligands` for a COMPLETED job, fewer for a RUNNING one. */
  done: number;
}

/**
 * How `ligands` are split into jobs as a lab's history would be: one large screen of a third, five of a fifteenth
 * each, ten of a sixtieth, and the last sixth as jobs of 50; the last two jobs are still RUNNING, half done (so `ligands`
 * is the number of ligands with results).
 */
export function jobShape(ligands: number): SyntheticJob[] {
  if (ligands <= 0) return [];
  const sizes: number[] = [Math.floor(ligands / 3)];
  for (let i = 0; i < 5; i++) sizes.push(Math.floor(ligands / 15));
  for (let i = 0; i < 10; i++) sizes.push(Math.floor(ligands / 60));
  let left = ligands - sizes.reduce((a, b) => a + b, 0);
  while (left > 0) {
    sizes.push(Math.min(50, left));
    left -= 50;
  }
  const jobs = sizes.filter((n) => n > 0).map((n) => ({ ligands: n, done: n }));
  for (const job of jobs.slice(-2)) job.ligands = 2 * job.done;
  return jobs;
}

/** The best pose's affinity (−4 to −12 kcal/mol) of ligand number `n` of a job, as SQL. */
const BEST = `round((-4 - 8 * abs(sin(n * 12.9898 + sj.job_salt)))::numeric, 3)::float8`;

/**
 * Writes `jobs` into `schema` (and jobs_meta) as copies of the template job's settings (receptor, box, params): the
 * jobs, their tasks and ligands in the normal way (the counting triggers keep job_state_counts), then the poses and
 * events with `session_replication_role = replica` (no per-row foreign-key checks: every row refers to the ligand
 * it was made from). Job i is created i minutes after the previous one. Returns the rows written.
 */
export async function writeSyntheticJobs(
  client: pg.Client,
  options: {
    schema: string;
    orgId: string;
    templateJobId: string;
    templateSchema: string;
    jobs: SyntheticJob[];
    eventsPerLigand: number;
    startedAt: Date;
  },
): Promise<{ results: number; events: number; ligands: number }> {
  const s = `"${options.schema}"`;
  const ids = options.jobs.map(() => randomUUID());
  const minutes = options.jobs.map((_, i) => i);
  await client.query('begin');
  await client.query(
    `create temp table synthetic_jobs on commit drop as
     select id, ligands, done, $4::timestamptz + make_interval(mins => minute) as created_at,
            case when done < ligands then 'RUNNING' else 'COMPLETED' end as status,
            ceil(ligands / ${LIGANDS_PER_TASK}.0)::int as tasks, hashtext(id::text) % 1000 as job_salt
     from unnest($1::uuid[], $2::int[], $3::int[], $5::int[]) as t(id, ligands, done, minute)`,
    [ids, options.jobs.map((j) => j.ligands), options.jobs.map((j) => j.done), options.startedAt, minutes],
  );
  await client.query(
    `insert into ${s}.jobs (id, pipeline, status, receptor_id, binding_site, box, params, ligand_count, task_count,
                            created_at, started_at, finished_at)
     select sj.id, t.pipeline, sj.status, t.receptor_id, t.binding_site, t.box, t.params, sj.ligands, sj.tasks,
            sj.created_at, sj.created_at + interval '5 seconds',
            case when sj.status = 'COMPLETED' then sj.created_at + interval '50 minutes' end
     from synthetic_jobs sj cross join "${options.templateSchema}".jobs t where t.id = $1`,
    [options.templateJobId],
  );
  await client.query(
    `insert into jobs_meta (id, org_id, results_schema, pipeline, status, created_at)
     select sj.id, $1, $2, 'vina', sj.status, sj.created_at from synthetic_jobs sj`,
    [options.orgId, options.schema],
  );
  await client.query(
    `insert into ${s}.tasks (id, job_id, ordinal, status, attempts, created_at)
     select gen_random_uuid(), sj.id, o,
            case when (o - 1) * ${LIGANDS_PER_TASK} < sj.done then 'SUCCEEDED' else 'QUEUED' end, 1, sj.created_at
     from synthetic_jobs sj cross join generate_series(1, sj.tasks) as o`,
  );
  await client.query(
    `insert into ${s}.job_inputs (job_id, ligand_id, ordinal, name, smiles, task_id, status, best_affinity_kcal_mol)
     select sj.id, 'inline-' || n, n, 'ligand ' || n,
            (array['CCO', 'CC(=O)Nc1ccc(O)cc1', 'Oc1ccccc1', 'c1ccc2ccccc2c1', 'CC(C)Cc1ccc(C(C)C(=O)O)cc1'])[n % 5 + 1],
            t.id, case when n <= sj.done then 'SUCCEEDED' else 'PENDING' end,
            case when n <= sj.done then ${BEST} end
     from synthetic_jobs sj cross join generate_series(1, sj.ligands) as n
     join ${s}.tasks t on t.job_id = sj.id and t.ordinal = (n - 1) / ${LIGANDS_PER_TASK} + 1`,
  );
  await client.query('set local session_replication_role = replica');
  const results = await client.query(
    `insert into ${s}.docking_results (job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, task_id, created_at)
     select sj.id, 'inline-' || n, r, ${BEST} + 0.3 * (r - 1),
            case when r = 1 then 0 else 1 + r * 0.7 end, case when r = 1 then 0 else 2 + r * 1.1 end,
            '00000000-0000-0000-0000-000000000000'::uuid, sj.created_at + make_interval(secs => n)
     from synthetic_jobs sj cross join generate_series(1, sj.done) as n
     cross join generate_series(1, ${POSES_PER_LIGAND}) as r`,
  );
  // Per ligand: preparing, docking progress in steps, ligand_done; in the order (and so with the ids) they happen.
  const events = await client.query(
    `insert into ${s}.job_events (job_id, ligand_id, agent_id, attempt, kind, progress, message, created_at)
     select sj.id, 'inline-' || n, 'agent-' || (n % 4), 1,
            case when k = 1 then 'preparing' when k = $1 then 'ligand_done' else 'docking' end,
            case when k in (1, $1) then null else (k - 1)::float8 / ($1 - 1) end,
            case when k = $1 then 'best ' || ${BEST} || ' kcal/mol' end,
            sj.created_at + make_interval(secs => n + k * 0.05)
     from synthetic_jobs sj cross join generate_series(1, sj.done) as n
     cross join generate_series(1, $1::int) as k
     order by sj.created_at, n, k`,
    [options.eventsPerLigand],
  );
  await client.query('commit');
  return {
    results: results.rowCount ?? 0,
    events: events.rowCount ?? 0,
    ligands: options.jobs.reduce((n, j) => n + j.ligands, 0),
  };
}

/** The same events for the ligands of a job the platform made (the benchmark's REST job), after its own events. */
export async function writeSyntheticEvents(
  client: pg.Client,
  schema: string,
  jobId: string,
  eventsPerLigand: number,
): Promise<number> {
  const s = `"${schema}"`;
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  const events = await client.query(
    `insert into ${s}.job_events (job_id, task_id, ligand_id, agent_id, attempt, kind, progress, created_at)
     select ji.job_id, ji.task_id, ji.ligand_id, 'agent-' || (ji.ordinal % 4), 1,
            case when k = 1 then 'preparing' when k = $2 then 'ligand_done' else 'docking' end,
            case when k in (1, $2) then null else (k - 1)::float8 / ($2 - 1) end,
            now() + make_interval(secs => ji.ordinal + k * 0.05)
     from ${s}.job_inputs ji cross join generate_series(1, $2::int) as k
     where ji.job_id = $1
     order by ji.ordinal, k`,
    [jobId, eventsPerLigand],
  );
  await client.query('commit');
  return events.rowCount ?? 0;
}

export interface TableSize {
  table: string;
  rows: number;
  /** Heap + indexes + TOAST of every partition. */
  bytes: number;
}

/** Rows (exact) and size on disk of the scale tables of one schema, partitions included. */
export async function tableSizes(client: pg.Client, schema: string): Promise<TableSize[]> {
  const sizes: TableSize[] = [];
  for (const table of ['docking_results', 'job_events', 'job_inputs', 'tasks', 'jobs']) {
    const { rows } = await client.query<{ rows: string; bytes: string }>(
      `select (select count(*) from "${schema}".${table}) as rows,
              (select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c
               join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = $1 and c.relkind = 'r' and (c.relname = $2 or c.relname like $2 || '\\_p%')) as bytes`,
      [schema, table],
    );
    sizes.push({ table, rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) });
  }
  return sizes;
}
