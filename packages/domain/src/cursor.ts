// The one page cursor of the lists ordered newest first (molecules, jobs): the row's created_at with Postgres'
// microseconds (a JS Date would cut them and skip rows) and its id, as opaque base64url.
import { sql, type RawBuilder } from 'kysely';
import { AppError } from './errors.js';

export const encodeCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString('base64url');

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || !createdAt || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) {
    throw new AppError('BAD_REQUEST', 'invalid cursor: pass nextCursor from the previous page', { field: ['cursor'] });
  }
  return { createdAt, id };
}

/** created_at as the cursor writes it (select it `as cursor_at`). */
export const cursorAt = (): RawBuilder<string> =>
  sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The cursor's created_at as a timestamptz for the keyset condition. */
export const cursorTime = (createdAt: string): RawBuilder<Date> => sql<Date>`${createdAt}::timestamptz`;
