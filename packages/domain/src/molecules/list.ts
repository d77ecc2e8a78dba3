// One page of an organisation's molecules, newest first, filtered by kind, name, InChIKey, descriptor ranges and a
// substructure. The substructure filter is bounded work: it scans at most `maxRows` candidate rows (the other filters'
// matches that have a SMILES, newest first, after the cursor) per request, `chunkRows` at a time through the chemistry
// worker (RDKit WASM, @mad/chem substructureMatches), and says how many it scanned; when it stops at the limit,
// nextCursor continues the scan after the last row it read, so paging until nextCursor is null covers every molecule.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '@mad/db';
import type { OrgContext } from '../jobs/access.js';
import { afterCursor, cursorAt, encodeCursor, newestFirstPage } from '../cursor.js';
import { AppError } from '../errors.js';
import { toMolecule } from './queries.js';
import { substructureMatches, type MoleculeKind } from '@mad/chem';
import type { Molecule } from './schemas.js';

/** The bounds of one substructure request (Services.substructureScan; tests use small ones). */
export interface SubstructureScanLimits {
  /** Candidate rows one request scans at most (SUBSTRUCTURE_SCAN.maxRows = 10,000). */
  maxRows: number;
  /** Rows per chemistry worker call (2,000). */
  chunkRows: number;
}

export const SUBSTRUCTURE_SCAN: SubstructureScanLimits = { maxRows: 10_000, chunkRows: 2_000 };

/** What a substructure request scanned (the list answers it with the page when `substructure` was given). */
export interface SubstructureScan {
  /** How the query was read: as SMILES (tried first) or as SMARTS. */
  queryAs: 'smiles' | 'smarts';
  /** Candidate rows read and matched by this request (the other filters' matches after the cursor, newest first). */
  scanned: number;
  /** The most one request scans. */
  scanLimit: number;
  /**
   * True when the scan stopped at scanLimit with candidates left: the page holds the matches among the first
   * `scanned` candidates (maybe fewer than limit, maybe none) and nextCursor continues after them.
   */
  limitReached: boolean;
}

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
  /** SMILES or SMARTS the molecules must contain (ligands and other molecules with a SMILES; receptors have none). */
  substructure?: string | undefined;
} & Partial<Record<`${MoleculeRangeProperty}${'Min' | 'Max'}`, number | undefined>>;

export interface MoleculePage {
  molecules: Molecule[];
  nextCursor: string | null;
  /** Present when the substructure filter was given. */
  substructure?: SubstructureScan;
}

const propertyValue = (eb: ExpressionBuilder<DB, 'molecules'>, property: MoleculeRangeProperty) =>
  eb.cast<number>(eb.fn('jsonb_extract_path_text', ['properties', eb.val(property)]), 'double precision');

/** The caller's organisation's molecules matching `filter`, `filter.limit` per page. */
export async function listMolecules(
  ctx: OrgContext & { substructureScan?: SubstructureScanLimits | undefined },
  filter: MoleculeFilter,
): Promise<MoleculePage> {
  const query = filteredMolecules(ctx, filter);
  if (filter.substructure !== undefined) {
    return substructurePage(ctx, query, filter.substructure, filter, ctx.substructureScan ?? SUBSTRUCTURE_SCAN);
  }
  const page = await newestFirstPage(query, filter);
  return { molecules: page.rows.map(toMolecule), nextCursor: page.nextCursor };
}

/** The organisation's molecules matching the filter's kind, InChIKey, name and ranges (not yet ordered or paged). */
function filteredMolecules(ctx: OrgContext, filter: MoleculeFilter) {
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
  return query;
}

type FilteredMolecules = ReturnType<typeof filteredMolecules>;

/**
 * The substructure scan: candidates (the filtered rows with a SMILES, after the cursor) read `chunkRows` at a time
 * and matched in the chemistry worker, until limit + 1 matches (the page and proof of a next one), the candidates'
 * end, or `maxRows` scanned. The cursor stays the list's: a match's (created_at, id) when the page is full, else the
 * last scanned row's, so the next request starts exactly where this one stopped.
 */
async function substructurePage(
  ctx: OrgContext,
  filtered: FilteredMolecules,
  query: string,
  request: { limit: number; cursor?: string | undefined },
  bounds: SubstructureScanLimits,
): Promise<MoleculePage> {
  const candidates = filtered.where('canonical_smiles', 'is not', null);
  const found: { id: string; cursor: string }[] = [];
  let after = request.cursor;
  let scanned = 0;
  let queryAs: 'smiles' | 'smarts' | null = null;
  let candidatesLeft = true;
  while (found.length <= request.limit && scanned < bounds.maxRows) {
    const take = Math.min(bounds.chunkRows, bounds.maxRows - scanned);
    let chunk = candidates.clearSelect().select(['id', 'canonical_smiles', cursorAt().as('cursor_at')]);
    if (after) chunk = chunk.where(afterCursor(after));
    const rows = await chunk.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    const answer = await substructureMatches(
      query,
      rows.map((row) => ({ id: row.id, smiles: row.canonical_smiles! })),
    );
    if (answer.queryAs === null) {
      throw new AppError(
        'BAD_REQUEST',
        `substructure is neither valid SMILES nor SMARTS: ${JSON.stringify(query.slice(0, 100))}`,
        { field: ['substructure'] },
      );
    }
    queryAs = answer.queryAs;
    const matched = new Set(answer.matches);
    for (const row of rows) {
      scanned += 1;
      after = encodeCursor(row.cursor_at, row.id);
      if (matched.has(row.id)) {
        found.push({ id: row.id, cursor: after });
        if (found.length > request.limit) break;
      }
    }
    if (rows.length < take) {
      candidatesLeft = false;
      break;
    }
  }
  let nextCursor: string | null = null;
  let limitReached = false;
  if (found.length > request.limit) nextCursor = found[request.limit - 1]!.cursor;
  else if (candidatesLeft && after !== undefined) {
    // Stopped at maxRows: is anything left after the last scanned row? (Else the scan simply ended there.)
    const more = await candidates.clearSelect().select('id').where(afterCursor(after)).limit(1).execute();
    if (more.length > 0) {
      nextCursor = after;
      limitReached = true;
    }
  }
  const ids = found.slice(0, request.limit).map((f) => f.id);
  const rows =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('molecules')
          .selectAll()
          .where('org_id', '=', ctx.principal.org.id)
          .where('id', 'in', ids)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
  return {
    molecules: rows.map(toMolecule),
    nextCursor,
    substructure: { queryAs: queryAs!, scanned, scanLimit: bounds.maxRows, limitReached },
  };
}
