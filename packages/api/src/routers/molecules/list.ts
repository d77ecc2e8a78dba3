import { z } from 'zod';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '@mad/db';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { Molecule, MoleculeKind } from '@mad/domain';
import { toMolecule } from '@mad/domain';

// Property ranges filter on the stored descriptors (properties JSONB); names are those of the upload answer.
const RANGE_PROPERTIES = {
  molecularWeight: 'molecularWeight',
  heavyAtoms: 'heavyAtoms',
  clogP: 'clogP',
  hbd: 'hbd',
  hba: 'hba',
  rotatableBonds: 'rotatableBonds',
  formalCharge: 'formalCharge',
  tpsa: 'tpsa',
} as const;
type RangeProperty = keyof typeof RANGE_PROPERTIES;

const number = z.coerce.number().finite().optional();
const rangeFields = Object.fromEntries(
  Object.keys(RANGE_PROPERTIES).flatMap((p) => [
    [`${p}Min`, number],
    [`${p}Max`, number],
  ]),
) as Record<`${RangeProperty}${'Min' | 'Max'}`, typeof number>;

export const ListMoleculesInput = z.strictObject({
  kind: MoleculeKind.optional(),
  name: z.string().max(200).optional(),
  inchikey: z
    .string()
    .regex(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/, 'a standard InChIKey (XXXXXXXXXXXXXX-XXXXXXXXXX-X)')
    .optional()
    .describe('Only the structures of this compound'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  ...rangeFields,
});

// The cursor carries created_at with Postgres' microseconds (a JS Date would cut them and skip rows).
const encodeCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || !createdAt || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) {
    throw apiError('BAD_REQUEST', 'invalid cursor: pass nextCursor from the previous page');
  }
  return { createdAt, id };
}

export const list = orgProcedure
  .meta({
    access: 'molecules:read',
    openapi: {
      method: 'GET',
      path: '/v1/molecules',
      tags: ['molecules'],
      protect: true,
      summary: "The organisation's molecules, newest first, filtered by kind, name and property ranges",
    },
  })
  .input(ListMoleculesInput)
  .output(z.object({ molecules: z.array(Molecule), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    let query = ctx.db.selectFrom('molecules').selectAll().where('org_id', '=', ctx.principal.org.id);
    if (input.kind) query = query.where('kind', '=', input.kind);
    if (input.inchikey) query = query.where('inchikey', '=', input.inchikey);
    if (input.name) query = query.where('name', 'ilike', `%${input.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    for (const property of Object.keys(RANGE_PROPERTIES) as RangeProperty[]) {
      const min = input[`${property}Min`];
      const max = input[`${property}Max`];
      const value = (eb: ExpressionBuilder<DB, 'molecules'>) =>
        eb.cast(
          eb.fn('jsonb_extract_path_text', ['properties', eb.val(RANGE_PROPERTIES[property])]),
          'double precision',
        );
      if (min !== undefined) query = query.where((eb) => eb(value(eb), '>=', min));
      if (max !== undefined) query = query.where((eb) => eb(value(eb), '<=', max));
    }
    if (input.cursor) {
      const { createdAt, id } = decodeCursor(input.cursor);
      const at = sql<Date>`${createdAt}::timestamptz`;
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await query
      .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit + 1)
      .execute();
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      molecules: page.map(toMolecule),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  });
