// The one keyset pager of the lists ordered newest first (molecules, jobs, webhooks, a webhook's deliveries): order
// created_at desc, id desc; the cursor is the page's last row's created_at with Postgres' microseconds (a JS Date would
// cut them and skip rows) and its id, as opaque base64url. A cursor that is not one is a 400 naming `cursor`.
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from './errors.js';

export const encodeCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || !createdAt || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) {
    throw new AppError('BAD_REQUEST', 'invalid cursor: pass nextCursor from the previous page', { field: ['cursor'] });
  }
  return { createdAt, id };
}

const createdAtColumn = sql.ref('created_at');
const idColumn = sql.ref('id');

/** created_at as the cursor writes it (select it `as('cursor_at')` to make a row's cursor with encodeCursor). */
export const cursorAt = (): RawBuilder<string> =>
  sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The rows after the cursor's: (created_at, id) < (the cursor's), created_at compared as timestamptz. */
export function afterCursor(cursor: string): RawBuilder<SqlBool> {
  const { createdAt, id } = decodeCursor(cursor);
  const at = sql`${createdAt}::timestamptz`;
  return sql<SqlBool>`(${createdAtColumn} < ${at} or (${createdAtColumn} = ${at} and ${idColumn} < ${id}))`;
}

export interface NewestFirstRequest {
  limit: number;
  /** nextCursor of the previous page. */
  cursor?: string | undefined;
  /** Rows to skip (the jobs list's deprecated offset). */
  offset?: number | undefined;
}

export interface NewestFirstPage<Row> {
  rows: Row[];
  /** The cursor of the page after this one; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of `query`'s rows, newest first. `query` reads one table with created_at and id, filtered and with the
 * columns the page answers (id among them); the pager adds the cursor's condition, the order and limit + 1 (one row
 * more than the page tells whether there is a next page).
 */
export async function newestFirstPage<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  request: NewestFirstRequest,
): Promise<NewestFirstPage<O>> {
  let page = query.select(cursorAt().as('cursor_at'));
  if (request.cursor) page = page.where(afterCursor(request.cursor));
  page = page
    .orderBy(createdAtColumn, 'desc')
    .orderBy(idColumn, 'desc')
    .limit(request.limit + 1);
  if (request.offset !== undefined) page = page.offset(request.offset);
  // Kysely's result type over a generic O stays a deferred conditional type (SimplifyResult<O & …>); at run time a
  // row is O with cursor_at, which is what the callers' concrete O resolve to.
  const rows = (await page.execute()) as unknown as (O & { cursor_at: string })[];
  const shown = rows.slice(0, request.limit);
  const last = shown[shown.length - 1];
  return {
    rows: shown,
    nextCursor: rows.length > request.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
  };
}
