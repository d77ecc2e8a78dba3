// Ligand sets (issue 17 "Organising work"): a selection of the organisation's ligands kept on the server, so a job of
// 100,000 ligands is created from one id (JobRequest.ligandSetId) and a browser never holds 100,000 checkboxes. A set
// is resolved once, when it is made: from explicit molecule ids, from an upload's molecules, or from a library search
// (the molecules list's filters: name, InChIKey, substructure, property ranges); its members are stored in order and
// `definition` records how it was made. A job from a set copies the members into its own job_inputs at creation and
// records the set's id (provenance); a set is never re-resolved behind a job's back.
import { z } from 'zod';
import { sql } from 'kysely';
import { AppError, notFound } from '../errors.js';
import { encodeCursor, newestFirstPage } from '../cursor.js';
import type { OrgContext } from '../jobs/access.js';
import { JobDescription, JobName } from '../jobs/schemas.js';
import { SUBSTRUCTURE_QUERY_MAX_LENGTH } from '@mad/chem';
import {
  MOLECULE_RANGE_PROPERTIES,
  RESOLVE_MAX_MOLECULES,
  resolveMoleculeIds,
  type MoleculeFilter,
  type SubstructureScanLimits,
} from '../molecules/list.js';
import { toMolecule } from '../molecules/queries.js';
import { Molecule } from '../molecules/schemas.js';
import { projectOfOrg } from '../projects/projects.js';

const range = z.number().finite().optional();

/** The library search a set may be defined by: the molecules list's filters (ligands only; no paging). */
export const LigandSearch = z.strictObject({
  name: z.string().min(1).max(200).optional().describe('Name contains (case-insensitive)'),
  inchikey: z
    .string()
    .regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/, 'a standard InChIKey (XXXXXXXXXXXXXX-XXXXXXXXXX-X)')
    .optional(),
  substructure: z
    .string()
    .min(1)
    .max(SUBSTRUCTURE_QUERY_MAX_LENGTH)
    .optional()
    .describe('SMILES (read first) or SMARTS the ligands contain; the whole library is scanned'),
  similarTo: z
    .string()
    .min(1)
    .max(SUBSTRUCTURE_QUERY_MAX_LENGTH)
    .optional()
    .describe('A SMILES the ligands resemble: Tanimoto of Morgan radius 2 / 2,048-bit fingerprints'),
  similarityMin: z.number().min(0).max(1).optional().describe('The Tanimoto threshold of similarTo (default 0.7)'),
  ...(Object.fromEntries(
    MOLECULE_RANGE_PROPERTIES.flatMap((p) => [
      [`${p}Min`, range],
      [`${p}Max`, range],
    ]),
  ) as Record<`${(typeof MOLECULE_RANGE_PROPERTIES)[number]}${'Min' | 'Max'}`, typeof range>),
});
export type LigandSearch = z.infer<typeof LigandSearch>;

const MoleculeIds = z.array(z.uuid()).min(1).max(RESOLVE_MAX_MOLECULES);

export const LigandSetSource = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('ids'), moleculeIds: MoleculeIds.describe('The ligands, in this order') })
    .describe('Explicit ligand ids'),
  z
    .strictObject({
      kind: z.literal('upload'),
      moleculeIds: MoleculeIds.describe("The upload answer's molecule ids (deduplicated ones included)"),
      files: z.array(z.string().min(1).max(255)).min(1).max(100).describe('The uploaded file names, recorded'),
    })
    .describe("An upload's molecules"),
  z
    .strictObject({ kind: z.literal('search'), filter: LigandSearch })
    .describe('Every ligand of the library the search matches now, newest first'),
]);
export type LigandSetSource = z.infer<typeof LigandSetSource>;

export const LigandSetDefinition = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('ids') }),
    z.object({ kind: z.literal('upload'), files: z.array(z.string()) }),
    z.object({ kind: z.literal('search'), filter: z.record(z.string(), z.unknown()) }),
  ])
  .describe('How the set was made (a search as given)');

export const CreateLigandSetFields = {
  name: JobName.describe('What you call the set (1–200 characters)'),
  description: JobDescription.optional().describe('Notes (at most 2,000 characters)'),
  projectId: z.uuid().optional().describe('The project it belongs to'),
  source: LigandSetSource,
};

export const LigandSet = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  projectId: z.uuid().nullable(),
  definition: LigandSetDefinition,
  ligandCount: z.number().int().describe('Members now'),
  resolvedCount: z
    .number()
    .int()
    .describe('Members when it was made (more than ligandCount: molecules deleted since; a job from it is refused)'),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
});
export type LigandSet = z.infer<typeof LigandSet>;

export const LigandSetPage = z.object({
  ligandSets: z.array(LigandSet),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

export const LigandSetMembers = z.object({
  members: z.array(z.object({ ordinal: z.number().int(), molecule: Molecule })),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

const INSERT_CHUNK = 20_000;

function setQuery(ctx: OrgContext) {
  return ctx.db
    .selectFrom('ligand_sets')
    .select([
      'id',
      'name',
      'description',
      'project_id',
      'definition',
      'resolved_count',
      'created_by',
      'created_at',
      (eb) =>
        eb
          .selectFrom('ligand_set_members')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('ligand_set_members.set_id', '=', 'ligand_sets.id')
          .as('ligand_count'),
    ])
    .where('org_id', '=', ctx.principal.org.id);
}

type SetRow = Awaited<ReturnType<ReturnType<typeof setQuery>['executeTakeFirstOrThrow']>>;

const setOf = (row: SetRow): LigandSet => ({
  id: row.id,
  name: row.name,
  description: row.description,
  projectId: row.project_id,
  definition: LigandSetDefinition.parse(row.definition),
  ligandCount: Number(row.ligand_count ?? 0),
  resolvedCount: row.resolved_count,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** The given ids as the organisation's ligands: each present (404 naming the first missing), a ligand, once. */
async function checkLigandIds(ctx: OrgContext, ids: string[]): Promise<void> {
  if (new Set(ids).size !== ids.length)
    throw new AppError('BAD_REQUEST', 'source.moleculeIds lists a molecule twice', {
      field: ['source', 'moleculeIds'],
    });
  const found = new Map<string, string>();
  for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
    const rows = await ctx.db
      .selectFrom('molecules')
      .select(['id', 'kind'])
      .where('org_id', '=', ctx.principal.org.id)
      .where(sql<boolean>`id = any(${ids.slice(start, start + INSERT_CHUNK)}::uuid[])`)
      .execute();
    for (const row of rows) found.set(row.id, row.kind);
  }
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(`molecule ${missing}`, { field: ['source', 'moleculeIds'] });
  const receptor = ids.findIndex((id) => found.get(id) !== 'ligand');
  if (receptor >= 0)
    throw new AppError('BAD_REQUEST', `source.moleculeIds.${receptor} (${ids[receptor]}) is a receptor, not a ligand`, {
      field: ['source', 'moleculeIds', receptor],
    });
}

/** Makes a set: resolves its source now and stores the members in order. */
export async function createLigandSet(
  ctx: OrgContext & { substructureScan?: SubstructureScanLimits | undefined },
  input: {
    name: string;
    description?: string | undefined;
    projectId?: string | undefined;
    source: LigandSetSource;
  },
): Promise<LigandSet> {
  if (input.projectId) await projectOfOrg(ctx, input.projectId, 'projectId');
  let ids: string[];
  let definition: z.infer<typeof LigandSetDefinition>;
  const source = input.source;
  if (source.kind === 'search') {
    const filter: Omit<MoleculeFilter, 'limit' | 'cursor'> = { ...source.filter, kind: 'ligand' };
    ids = await resolveMoleculeIds(ctx, filter, RESOLVE_MAX_MOLECULES, ['source', 'filter']);
    if (ids.length === 0)
      throw new AppError('UNPROCESSABLE_CONTENT', 'the search matches no ligand of the library; nothing was saved', {
        field: ['source', 'filter'],
      });
    definition = { kind: 'search', filter: source.filter };
  } else {
    await checkLigandIds(ctx, source.moleculeIds);
    ids = source.moleculeIds;
    definition = source.kind === 'upload' ? { kind: 'upload', files: source.files } : { kind: 'ids' };
  }
  const setId = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ligand_sets')
      .values({
        org_id: ctx.principal.org.id,
        project_id: input.projectId ?? null,
        name: input.name,
        description: input.description ?? '',
        definition: JSON.stringify(definition),
        resolved_count: ids.length,
        created_by: ctx.principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
      const part = ids.slice(start, start + INSERT_CHUNK);
      const ordinals = part.map((_, index) => start + index + 1);
      // A molecule deleted since it was resolved is not inserted (the join), so resolved_count tells the loss.
      const inserted = await sql<{ n: number }>`with added as (
          insert into ligand_set_members (set_id, ordinal, molecule_id)
          select ${row.id}::uuid, m.ordinal, m.molecule_id
          from unnest(${ordinals}::int[], ${part}::uuid[]) as m(ordinal, molecule_id)
          join molecules on molecules.id = m.molecule_id and molecules.org_id = ${ctx.principal.org.id}
          returning 1)
        select count(*)::int as n from added`.execute(trx);
      if (inserted.rows[0]!.n !== part.length)
        throw new AppError('CONFLICT', 'a molecule of the set was deleted while it was being saved; nothing was saved');
    }
    return row.id;
  });
  return getLigandSet(ctx, setId);
}

export async function getLigandSet(ctx: OrgContext, setId: string): Promise<LigandSet> {
  const row = await setQuery(ctx).where('id', '=', setId).executeTakeFirst();
  if (!row) throw notFound(`ligand set ${setId}`);
  return setOf(row);
}

export async function listLigandSets(
  ctx: OrgContext,
  request: { projectId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<z.infer<typeof LigandSetPage>> {
  if (request.projectId) await projectOfOrg(ctx, request.projectId, 'projectId');
  let query = setQuery(ctx);
  if (request.projectId) query = query.where('project_id', '=', request.projectId);
  const page = await newestFirstPage(query, request);
  return { ligandSets: page.rows.map(setOf), nextCursor: page.nextCursor };
}

const ordinalCursor = (ordinal: number) => encodeCursor('ordinal', String(ordinal));

function ordinalAfter(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const [tag, ordinal] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (tag !== 'ordinal' || !ordinal || !/^\d{1,6}$/.test(ordinal))
    throw new AppError('BAD_REQUEST', 'invalid cursor: pass nextCursor from the previous page', { field: ['cursor'] });
  return Number(ordinal);
}

/** One page of a set's members in order, each with its molecule. */
export async function ligandSetMembers(
  ctx: OrgContext,
  setId: string,
  request: { limit: number; cursor?: string | undefined },
): Promise<z.infer<typeof LigandSetMembers>> {
  await getLigandSet(ctx, setId);
  const after = ordinalAfter(request.cursor);
  const rows = await ctx.db
    .selectFrom('ligand_set_members')
    .innerJoin('molecules', 'molecules.id', 'ligand_set_members.molecule_id')
    .selectAll('molecules')
    .select('ligand_set_members.ordinal')
    .where('ligand_set_members.set_id', '=', setId)
    .where('molecules.org_id', '=', ctx.principal.org.id)
    .where('ligand_set_members.ordinal', '>', after)
    .orderBy('ligand_set_members.ordinal')
    .limit(request.limit + 1)
    .execute();
  const shown = rows.slice(0, request.limit);
  return {
    members: shown.map(({ ordinal, ...molecule }) => ({ ordinal, molecule: toMolecule(molecule) })),
    nextCursor: rows.length > request.limit ? ordinalCursor(shown[shown.length - 1]!.ordinal) : null,
  };
}

export async function deleteLigandSet(ctx: OrgContext, setId: string): Promise<{ id: string; deleted: true }> {
  const gone = await ctx.db
    .deleteFrom('ligand_sets')
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', setId)
    .returning('id')
    .executeTakeFirst();
  if (!gone) throw notFound(`ligand set ${setId}`);
  return { id: setId, deleted: true };
}

/**
 * The molecule ids a job made from the set docks, in the set's order. A set that lost members since it was made (a
 * molecule deleted) is refused: the job would dock fewer ligands than were chosen.
 */
export async function ligandSetForJob(ctx: OrgContext, setId: string): Promise<string[]> {
  const set = await ctx.db
    .selectFrom('ligand_sets')
    .select(['name', 'resolved_count'])
    .where('org_id', '=', ctx.principal.org.id)
    .where('id', '=', setId)
    .executeTakeFirst();
  if (!set) throw notFound(`ligand set ${setId}`, { field: ['ligandSetId'] });
  const rows = await ctx.db
    .selectFrom('ligand_set_members')
    .select('molecule_id')
    .where('set_id', '=', setId)
    .orderBy('ordinal')
    .execute();
  if (rows.length !== set.resolved_count)
    throw new AppError(
      'CONFLICT',
      `ligand set "${set.name}" had ${set.resolved_count} ligands when it was made and has ${rows.length} now (molecules deleted since); make a new set. Nothing was created`,
      { field: ['ligandSetId'] },
    );
  return rows.map((row) => row.molecule_id);
}
