// Projects (issue 17 "Organising work"): named groups of an organisation's jobs and ligand sets. A job names its
// project by value in the organisation's results schema (jobs.project_id), a set by foreign key (ligand_sets.project_id).
// Every query is filtered by the caller's organisation: another organisation's project is NOT_FOUND.
import { z } from 'zod';
import { sql, type Selectable } from 'kysely';
import type { ProjectsTable } from '@mad/db';
import { AppError, notFound } from '../errors.js';
import { newestFirstPage } from '../cursor.js';
import type { OrgContext } from '../jobs/access.js';
import { JobDescription, JobName } from '../jobs/schemas.js';

export const ProjectName = JobName;
export const ProjectDescription = JobDescription;

export const Project = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  jobCount: z.number().int().describe("The project's jobs"),
  ligandSetCount: z.number().int().describe("The project's ligand sets"),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Project = z.infer<typeof Project>;

export const ProjectPage = z.object({
  projects: z.array(Project),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type ProjectPage = z.infer<typeof ProjectPage>;

type ProjectRow = Selectable<ProjectsTable>;

/** The project of the caller's organisation, or a 404 naming it (also for another organisation's). */
export async function projectOfOrg(ctx: OrgContext, projectId: string, field?: string): Promise<ProjectRow> {
  const row = await ctx.db
    .selectFrom('projects')
    .selectAll()
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw notFound(`project ${projectId}`, field === undefined ? {} : { field: [field] });
  return row;
}

async function withCounts(ctx: OrgContext, rows: ProjectRow[]): Promise<Project[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [jobs, sets] = await Promise.all([
    ctx.db
      .withSchema(ctx.principal.org.resultsSchema)
      .selectFrom('jobs')
      .select(['project_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where(sql<boolean>`project_id = any(${ids}::uuid[])`)
      .groupBy('project_id')
      .execute(),
    ctx.db
      .selectFrom('ligand_sets')
      .select(['project_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', ctx.principal.org.id)
      .where(sql<boolean>`project_id = any(${ids}::uuid[])`)
      .groupBy('project_id')
      .execute(),
  ]);
  const count = (list: { project_id: string | null; n: string }[], id: string) =>
    Number(list.find((row) => row.project_id === id)?.n ?? 0);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    jobCount: count(jobs, row.id),
    ligandSetCount: count(sets, row.id),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const nameTaken = (name: string) =>
  new AppError('CONFLICT', `a project named "${name}" already exists in this organisation`, { field: ['name'] });

export async function createProject(
  ctx: OrgContext,
  fields: { name: string; description?: string | undefined },
): Promise<Project> {
  try {
    const row = await ctx.db
      .insertInto('projects')
      .values({
        org_id: ctx.principal.org.id,
        name: fields.name,
        description: fields.description ?? '',
        created_by: ctx.principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return (await withCounts(ctx, [row]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(fields.name);
    throw error;
  }
}

export async function listProjects(
  ctx: OrgContext,
  request: { limit: number; cursor?: string | undefined },
): Promise<ProjectPage> {
  const page = await newestFirstPage(
    ctx.db.selectFrom('projects').selectAll().where('org_id', '=', ctx.principal.org.id),
    request,
  );
  return { projects: await withCounts(ctx, page.rows), nextCursor: page.nextCursor };
}

export async function getProject(ctx: OrgContext, projectId: string): Promise<Project> {
  return (await withCounts(ctx, [await projectOfOrg(ctx, projectId)]))[0]!;
}

export async function updateProject(
  ctx: OrgContext,
  projectId: string,
  changes: { name?: string | undefined; description?: string | undefined },
): Promise<Project> {
  await projectOfOrg(ctx, projectId);
  try {
    const row = await ctx.db
      .updateTable('projects')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
      })
      .where('org_id', '=', ctx.principal.org.id)
      .where('id', '=', projectId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return (await withCounts(ctx, [row]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error) && changes.name !== undefined) throw nameTaken(changes.name);
    throw error;
  }
}

/** Deletes the project; its jobs and ligand sets stay, ungrouped (jobs.project_id and ligand_sets.project_id null). */
export async function deleteProject(
  ctx: OrgContext,
  projectId: string,
): Promise<{ id: string; deleted: true; ungroupedJobs: number; ungroupedLigandSets: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const sets = await trx
      .updateTable('ligand_sets')
      .set({ project_id: null })
      .where('org_id', '=', ctx.principal.org.id)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const gone = await trx
      .deleteFrom('projects')
      .where('org_id', '=', ctx.principal.org.id)
      .where('id', '=', projectId)
      .returning('id')
      .executeTakeFirst();
    if (!gone) throw notFound(`project ${projectId}`);
    const jobs = await trx
      .withSchema(ctx.principal.org.resultsSchema)
      .updateTable('jobs')
      .set({ project_id: null })
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return {
      id: projectId,
      deleted: true as const,
      ungroupedJobs: Number(jobs.numUpdatedRows),
      ungroupedLigandSets: Number(sets.numUpdatedRows),
    };
  });
}
