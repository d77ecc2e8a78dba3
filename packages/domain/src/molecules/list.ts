// One page of an organisation's molecules, newest first, filtered by kind, name, InChIKey and descriptor ranges.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '@mad/db';
import type { OrgContext } from '../jobs/access.js';
import { newestFirstPage } from '../cursor.js';
import { toMolecule } from './queries.js';
import type { MoleculeKind } from '@mad/chem';
import type { Molecule } from './schemas.js';

/** The descriptors a range may filter on (keys of the stored properties JSONB, as the upload answers them). */
export const MOLECULE_RANGE_PROPERTIES = [
  'molecularWeight',
  'heavyAtoms',
  'clogP',
  'hbd',
  'hba',
  'rotatableBonds',
  'formalCharge',
  'tpsa',
] as const;
export type MoleculeRangeProperty = (typeof MOLECULE_RANGE_PROPERTIES)[number];

export type MoleculeFilter = {
  kind?: MoleculeKind | undefined;
  name?: string | undefined;
  inchikey?: string | undefined;
  limit: number;
  cursor?: string | undefined;
} & Partial<Record<`${MoleculeRangeProperty}${'Min' | 'Max'}`, number | undefined>>;

export interface MoleculePage {
  molecules: Molecule[];
  nextCursor: string | null;
}

const propertyValue = (eb: ExpressionBuilder<DB, 'molecules'>, property: MoleculeRangeProperty) =>
  eb.cast<number>(eb.fn('jsonb_extract_path_text', ['properties', eb.val(property)]), 'double precision');

/** The caller's organisation's molecules matching `filter`, `filter.limit` per page. */
export async function listMolecules(ctx: OrgContext, filter: MoleculeFilter): Promise<MoleculePage> {
  let query = ctx.db.selectFrom('molecules').selectAll().where('org_id', '=', ctx.principal.org.id);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.inchikey) query = query.where('inchikey', '=', filter.inchikey);
  if (filter.name) query = query.where('name', 'ilike', `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  for (const property of MOLECULE_RANGE_PROPERTIES) {
    const min = filter[`${property}Min`];
    const max = filter[`${property}Max`];
    if (min !== undefined) query = query.where((eb) => eb(propertyValue(eb, property), '>=', min));
    if (max !== undefined) query = query.where((eb) => eb(propertyValue(eb, property), '<=', max));
  }
  const page = await newestFirstPage(query, filter);
  return { molecules: page.rows.map(toMolecule), nextCursor: page.nextCursor };
}
