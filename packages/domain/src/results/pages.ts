// Pages of a job's ligands in the results route's orders, by offset or by keyset (cursor). Every order ends with the
// ordinal, unique within a job, so a cursor (the last row's sort key and ordinal) names one position exactly: no row
// is skipped or repeated between pages, ties included. Sorted by affinity, ligands without one come last (by ordinal).
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DB, JobInputsTable } from '@mad/db';
import { AppError } from '../errors.js';
import { RESULTS_FILTERS, filtered, propertyValue, type ResultsFilter } from './filter.js';

/**
 * The sort keys of a job's results: its own columns (affinity, ordinal, name, confidence), the ligand efficiency
 * (-affinity / heavy atoms) and the molecule's stored properties. Every key but ordinal and name may be missing
 * (no affinity, an inline SMILES without a stored molecule): those rows come last, by ordinal, in either direction.
 */
export const RESULTS_SORTS = [
  'affinity',
  'ordinal',
  'name',
  'confidence',
  'ligandEfficiency',
  'molecularWeight',
  'heavyAtoms',
  'clogP',
  'hbd',
  'hba',
  'tpsa',
  'rotatableBonds',
] as const;
export type ResultsSort = (typeof RESULTS_SORTS)[number];

/** A page's order and its filters (filter.ts: the list's and the exports' one schema and where-builder). */
export interface PageOrder {
  sort: ResultsSort;
  order: 'asc' | 'desc';
  filter: ResultsFilter;
}

/** Where the previous page ended: its last row's sort value (null: no affinity) and ordinal. */
export interface PagePosition {
  value: number | string | null;
  ordinal: number;
}

/** The columns of a ligand the results answer (LigandOut) and its cursor read: not job_id, task_id or updated_at. */
export const LIGAND_COLUMNS = [
  'ligand_id',
  'ordinal',
  'name',
  'molecule_id',
  'smiles',
  'status',
  'best_affinity_kcal_mol',
  'error_stage',
  'error',
  'notes',
  'confidence_score',
  'signature',
  'cached_from_job_id',
  'valid',
  'failed_checks',
] as const satisfies readonly (keyof JobInputsTable)[];
export type LigandRow = Pick<Selectable<JobInputsTable>, (typeof LIGAND_COLUMNS)[number]>;
type Row = LigandRow;
type Query = SelectQueryBuilder<DB, 'job_inputs', Row>;

/** The molecule's property of the row (a correlated read of its molecules row by primary key). */
const moleculeValue = (key: string) =>
  sql<number | null>`(select ${propertyValue(key)} from molecules m where m.id = job_inputs.molecule_id)`;

/** The sort key of a numeric sort other than ordinal, as SQL over a job_inputs row (null: missing, sorted last). */
function sortValue(sort: Exclude<ResultsSort, 'ordinal' | 'name'>) {
  if (sort === 'affinity') return sql<number | null>`best_affinity_kcal_mol`;
  if (sort === 'confidence') return sql<number | null>`confidence_score`;
  if (sort === 'ligandEfficiency')
    return sql<number | null>`(-best_affinity_kcal_mol / nullif(${moleculeValue('heavyAtoms')}, 0))`;
  return moleculeValue(sort);
}

/** A row of a page: the ligand's columns and, for a computed sort, its sort key (what the cursor keeps). */
type PageRow = Row & { sort_value?: number | null };

export function encodeCursor(order: PageOrder, row: PageRow): string {
  const value =
    order.sort === 'name'
      ? row.name
      : order.sort === 'ordinal'
        ? row.ordinal
        : order.sort === 'affinity'
          ? row.best_affinity_kcal_mol
          : (row.sort_value ?? null);
  // Every filter given is kept (flat, as the query names it), so a cursor answers only the query that made it.
  const { sort, order: direction, filter } = order;
  return Buffer.from(JSON.stringify({ sort, order: direction, ...filter, value, ordinal: row.ordinal })).toString(
    'base64url',
  );
}

/** The position a cursor names; 400 when it is not one of ours or was made for another order or status filter. */
export function decodeCursor(cursor: string, order: PageOrder): PagePosition {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new AppError(
      'BAD_REQUEST',
      'cursor: not a cursor of this API (pass nextCursor of the previous page unchanged)',
    );
  }
  if (
    parsed.sort !== order.sort ||
    parsed.order !== order.order ||
    (parsed.status ?? null) !== (order.filter.status ?? null)
  ) {
    throw new AppError(
      'BAD_REQUEST',
      `cursor: made for sort=${String(parsed.sort)}, order=${String(parsed.order)}, status=${typeof parsed.status === 'string' ? parsed.status : 'any'}; ask with the same ones`,
    );
  }
  // Compared as JSON, so a filter of any JSON value (a number, a flag, a list) is kept exactly.
  const given = order.filter as Record<string, unknown>;
  const same = (name: string) => JSON.stringify(parsed[name] ?? null) === JSON.stringify(given[name] ?? null);
  const changed = RESULTS_FILTERS.filter((name) => name !== 'status' && !same(name));
  if (changed.length > 0)
    throw new AppError('BAD_REQUEST', `cursor: made for other ${changed.join(', ')}; ask with the same filters`, {
      field: ['cursor'],
    });
  const { value, ordinal } = parsed;
  const valueOk =
    order.sort === 'name'
      ? typeof value === 'string'
      : order.sort === 'ordinal'
        ? typeof value === 'number'
        : value === null || typeof value === 'number';
  if (!valueOk || typeof ordinal !== 'number' || !Number.isInteger(ordinal))
    throw new AppError('BAD_REQUEST', 'cursor: malformed');
  return { value: value as number | string | null, ordinal };
}

function orderBy(order: PageOrder) {
  const direction = order.order === 'desc' ? sql`desc` : sql`asc`;
  if (order.sort === 'name') return sql`name ${direction}, ordinal asc`;
  if (order.sort === 'ordinal') return sql`ordinal ${direction}`;
  return sql`${sortValue(order.sort)} ${direction} nulls last, ordinal asc`;
}

/** Rows strictly after `after` in the order, among rows whose sort value is not null. */
function afterCondition(order: PageOrder, after: PagePosition) {
  const { value, ordinal } = after;
  if (order.sort === 'ordinal')
    return order.order === 'asc' ? sql<boolean>`ordinal > ${ordinal}` : sql<boolean>`ordinal < ${ordinal}`;
  const column = order.sort === 'name' ? sql`name` : sortValue(order.sort);
  const typed = order.sort === 'name' ? sql`${value}::text` : sql`${value}::float8`;
  // Ascending matches the index's row order, so a row comparison is an index range; descending keeps ordinal ascending.
  return order.order === 'asc'
    ? sql<boolean>`(${column}, ordinal) > (${typed}, ${ordinal})`
    : sql<boolean>`${column} <= ${typed} and (${column} < ${typed} or ordinal > ${ordinal})`;
}

/**
 * One page (`limit` rows) and whether more follow. With `after`, the rows after that position (keyset): an index range
 * scan that costs the same at any depth for sort=affinity asc and sort=ordinal; otherwise `offset` rows are skipped.
 * Skipped rows are found in the order's index alone (an index-only scan of job_id, sort key and ordinal) and only the
 * page's rows are read from the table by (job, ordinal): the deferred join, so a page 5,000 deep does not fetch the
 * 5,000 rows before it (a status, confidence, affinity or property filter still reads the skipped rows' table rows).
 */
export async function keysetPage(
  db: Kysely<DB>,
  jobId: string,
  order: PageOrder,
  page: { after: PagePosition | null; offset: number; limit: number },
): Promise<{ rows: PageRow[]; more: boolean }> {
  // A computed sort's key is selected with the row, so the cursor can keep it.
  const computed = order.sort !== 'name' && order.sort !== 'ordinal' && order.sort !== 'affinity';
  const columns = (query: SelectQueryBuilder<DB, 'job_inputs', object>) =>
    (computed
      ? query.select(LIGAND_COLUMNS).select(sortValue(order.sort as 'confidence').as('sort_value'))
      : query.select(LIGAND_COLUMNS)) as Query;
  const base: Query = filtered(columns(db.selectFrom('job_inputs')).where('job_id', '=', jobId), order.filter);
  const want = page.limit + 1;
  const take = (query: Query, n: number) =>
    query
      .orderBy(orderBy(order) as never)
      .limit(n)
      .execute();

  let rows: PageRow[];
  const { after } = page;
  const nullValue = order.sort === 'name' || order.sort === 'ordinal' ? null : sortValue(order.sort);
  if (!after && page.offset > 0) {
    const skipped = filtered(db.selectFrom('job_inputs').select('ordinal').where('job_id', '=', jobId), order.filter)
      .orderBy(orderBy(order) as never)
      .offset(page.offset)
      .limit(want);
    const ofJob = columns(db.selectFrom('job_inputs')).where('job_id', '=', jobId);
    rows = await take(ofJob.where('ordinal', 'in', skipped), want);
  } else if (!after) {
    rows = await take(base, want);
  } else if (nullValue && after.value === null) {
    rows = await take(base.where(sql<boolean>`${nullValue} is null`).where('ordinal', '>', after.ordinal), want);
  } else {
    rows = await take(base.where(afterCondition(order, after)), want);
    // Sorted by a key that may be missing, the ligands without one follow the last one with it.
    if (nullValue && rows.length < want)
      rows.push(...(await take(base.where(sql<boolean>`${nullValue} is null`), want - rows.length)));
  }
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}
