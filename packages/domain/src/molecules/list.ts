// One page of an organisation's molecules, newest first, filtered by kind, name, InChIKey, descriptor ranges and a
// substructure. The substructure filter is bounded work: it scans at most `maxRows` candidate rows (the other filters'
// matches that have a SMILES, newest first, after the cursor) per request, `chunkRows` at a time through the chemistry
// worker (RDKit WASM, @mad/chem substructureMatches), and says how many it scanned; when it stops at the limit,
// nextCursor continues the scan after the last row it read, so paging until nextCursor is null covers every molecule.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '@mad/db';
import type { OrgContext } from '../jobs/access.js';
import { afterCursor, cursorAt, encodeCursor, newestFirstPage } from '../cursor.js';
import { AppError, type FieldPath } from '../errors.js';
import { toMolecule } from './queries.js';
import { similarityMatches, substructureMatches, type MoleculeKind } from '@mad/chem';
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
  /** A SMILES the molecules must resemble: Tanimoto of Morgan radius 2 / 2,048 bits at least `similarityMin`. */
  similarTo?: string | undefined;
  /** The Tanimoto threshold of `similarTo`, 0–1 (SIMILARITY_DEFAULT_MIN when not given). */
  similarityMin?: number | undefined;
} & Partial<Record<`${MoleculeRangeProperty}${'Min' | 'Max'}`, number | undefined>>;

/** The similarity threshold when `similarTo` comes without `similarityMin`. */
export const SIMILARITY_DEFAULT_MIN = 0.7;

/** What a similarity request scanned, and how. */
export interface SimilarityScan {
  threshold: number;
  fingerprint: 'morgan-radius-2-2048-bits';
  scanned: number;
  scanLimit: number;
  limitReached: boolean;
}

export interface MoleculePage {
  molecules: (Molecule & { similarity?: number })[];
  nextCursor: string | null;
  /** Present when the substructure filter was given. */
  substructure?: SubstructureScan;
  /** Present when similarTo was given (each molecule then carries its `similarity`). */
  similarity?: SimilarityScan;
}

const propertyValue = (eb: ExpressionBuilder<DB, 'molecules'>, property: MoleculeRangeProperty) =>
  eb.cast<number>(eb.fn('jsonb_extract_path_text', ['properties', eb.val(property)]), 'double precision');

/** The caller's organisation's molecules matching `filter`, `filter.limit` per page. */
export async function listMolecules(
  ctx: OrgContext & { substructureScan?: SubstructureScanLimits | undefined },
  filter: MoleculeFilter,
): Promise<MoleculePage> {
  const query = filteredMolecules(ctx, filter);
  const chemistry = chemistryOf(filter);
  if (chemistry) return chemistryPage(ctx, query, chemistry, filter, ctx.substructureScan ?? SUBSTRUCTURE_SCAN);
  const page = await newestFirstPage(query, filter);
  return { molecules: page.rows.map(toMolecule), nextCursor: page.nextCursor };
}

/** The organisation's molecules matching the filter's kind, InChIKey, name and ranges (not yet ordered or paged). */
function filteredMolecules(ctx: OrgContext, filter: Omit<MoleculeFilter, 'limit' | 'cursor'>) {
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

/** The chemistry filters of a request: a substructure, a similarity, or both (a molecule must pass both). */
interface ChemistryQuery {
  substructure?: string | undefined;
  similarTo?: string | undefined;
  similarityMin: number;
  /** Where the request holds them (a ligand set's search nests them). */
  at: FieldPath;
}

function chemistryOf(filter: Omit<MoleculeFilter, 'limit' | 'cursor'>, at: FieldPath = []): ChemistryQuery | null {
  if (filter.similarityMin !== undefined && filter.similarTo === undefined)
    throw new AppError(
      'BAD_REQUEST',
      `${[...at, 'similarityMin'].join('.')} needs similarTo (the SMILES to compare with)`,
      {
        field: [...at, 'similarityMin'],
      },
    );
  if (filter.substructure === undefined && filter.similarTo === undefined) return null;
  return {
    substructure: filter.substructure,
    similarTo: filter.similarTo,
    similarityMin: filter.similarityMin ?? SIMILARITY_DEFAULT_MIN,
    at,
  };
}

/**
 * One chunk of candidates through the chemistry worker: the ids that pass every chemistry filter, with their
 * similarity when `similarTo` was given, and how the substructure query was read. An unreadable query is a 400
 * naming its field.
 */
async function matchChunk(
  chemistry: ChemistryQuery,
  rows: { id: string; smiles: string }[],
): Promise<{ matched: Map<string, number | null>; queryAs: 'smiles' | 'smarts' | null }> {
  let candidates = rows;
  let queryAs: 'smiles' | 'smarts' | null = null;
  if (chemistry.substructure !== undefined) {
    const answer = await substructureMatches(chemistry.substructure, candidates);
    if (answer.queryAs === null) throw notSmilesOrSmarts(chemistry.substructure, [...chemistry.at, 'substructure']);
    queryAs = answer.queryAs;
    const kept = new Set(answer.matches);
    candidates = candidates.filter((row) => kept.has(row.id));
  }
  const matched = new Map<string, number | null>();
  if (chemistry.similarTo === undefined) {
    for (const row of candidates) matched.set(row.id, null);
    return { matched, queryAs };
  }
  const answer = await similarityMatches(chemistry.similarTo, chemistry.similarityMin, candidates);
  if (!answer.queryRead) {
    const field = [...chemistry.at, 'similarTo'];
    throw new AppError(
      'BAD_REQUEST',
      `${field.join('.')} is not a SMILES RDKit can read: ${JSON.stringify(chemistry.similarTo.slice(0, 100))}`,
      { field },
    );
  }
  for (const match of answer.matches) matched.set(match.id, match.similarity);
  return { matched, queryAs };
}

/**
 * The chemistry scan: candidates (the filtered rows with a SMILES, after the cursor) read `chunkRows` at a time
 * and matched in the chemistry worker, until limit + 1 matches (the page and proof of a next one), the candidates'
 * end, or `maxRows` scanned. The cursor stays the list's: a match's (created_at, id) when the page is full, else the
 * last scanned row's, so the next request starts exactly where this one stopped.
 */
async function chemistryPage(
  ctx: OrgContext,
  filtered: FilteredMolecules,
  chemistry: ChemistryQuery,
  request: { limit: number; cursor?: string | undefined },
  bounds: SubstructureScanLimits,
): Promise<MoleculePage> {
  const candidates = filtered.where('canonical_smiles', 'is not', null);
  const found: { id: string; cursor: string; similarity: number | null }[] = [];
  let after = request.cursor;
  let scanned = 0;
  let queryAs: 'smiles' | 'smarts' | null = null;
  let candidatesLeft = true;
  while (found.length <= request.limit && scanned < bounds.maxRows) {
    const take = Math.min(bounds.chunkRows, bounds.maxRows - scanned);
    let chunk = candidates.clearSelect().select(['id', 'canonical_smiles', cursorAt().as('cursor_at')]);
    if (after) chunk = chunk.where(afterCursor(after));
    const rows = await chunk.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    const answer = await matchChunk(
      chemistry,
      rows.map((row) => ({ id: row.id, smiles: row.canonical_smiles! })),
    );
    queryAs = answer.queryAs;
    for (const row of rows) {
      scanned += 1;
      after = encodeCursor(row.cursor_at, row.id);
      if (answer.matched.has(row.id)) {
        found.push({ id: row.id, cursor: after, similarity: answer.matched.get(row.id) ?? null });
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
  const page = found.slice(0, request.limit);
  const ids = page.map((f) => f.id);
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
  const similarityOf = new Map(page.map((f) => [f.id, f.similarity]));
  const scan = { scanned, scanLimit: bounds.maxRows, limitReached };
  return {
    molecules: rows.map((row) => {
      const similarity = similarityOf.get(row.id);
      return similarity === null || similarity === undefined ? toMolecule(row) : { ...toMolecule(row), similarity };
    }),
    nextCursor,
    ...(chemistry.substructure !== undefined ? { substructure: { queryAs: queryAs ?? 'smiles', ...scan } } : {}),
    ...(chemistry.similarTo !== undefined
      ? {
          similarity: {
            threshold: chemistry.similarityMin,
            fingerprint: 'morgan-radius-2-2048-bits' as const,
            ...scan,
          },
        }
      : {}),
  };
}

/** The most molecules one resolution collects (a job's ligand limit): more is refused, never cut short. */
export const RESOLVE_MAX_MOLECULES = 100_000;

/**
 * Every molecule id of the organisation matching `filter` (no paging), newest first: what a ligand set defined by a
 * search holds when it is made. The chemistry filters (substructure, similarity) scan the whole library, `chunkRows`
 * candidates per chemistry worker call (about 0.2 ms per candidate: 100,000 ligands take ~20 s). More than `max`
 * matches is a 422, so the caller narrows the search; nothing is silently dropped. `at` is where the request holds the
 * filter (its fields are named from there in a 400).
 */
export async function resolveMoleculeIds(
  ctx: OrgContext & { substructureScan?: SubstructureScanLimits | undefined },
  filter: Omit<MoleculeFilter, 'limit' | 'cursor'>,
  max = RESOLVE_MAX_MOLECULES,
  at: FieldPath = [],
): Promise<string[]> {
  const tooMany = () =>
    new AppError(
      'UNPROCESSABLE_CONTENT',
      `the search matches more than ${max.toLocaleString('en')} molecules; narrow it (a set holds at most ${max.toLocaleString('en')})`,
      { field: at },
    );
  const query = filteredMolecules(ctx, filter);
  const chemistry = chemistryOf(filter, at);
  if (!chemistry) {
    const rows = await query
      .clearSelect()
      .select('id')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(max + 1)
      .execute();
    if (rows.length > max) throw tooMany();
    return rows.map((row) => row.id);
  }
  const chunkRows = (ctx.substructureScan ?? SUBSTRUCTURE_SCAN).chunkRows;
  const candidates = query.where('canonical_smiles', 'is not', null);
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    let chunk = candidates.clearSelect().select(['id', 'canonical_smiles', cursorAt().as('cursor_at')]);
    if (after) chunk = chunk.where(afterCursor(after));
    const rows = await chunk.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(chunkRows).execute();
    if (rows.length === 0) break;
    const answer = await matchChunk(
      chemistry,
      rows.map((row) => ({ id: row.id, smiles: row.canonical_smiles! })),
    );
    ids.push(...rows.filter((row) => answer.matched.has(row.id)).map((row) => row.id));
    if (ids.length > max) throw tooMany();
    const last = rows[rows.length - 1]!;
    after = encodeCursor(last.cursor_at, last.id);
    if (rows.length < chunkRows) break;
  }
  return ids;
}

function notSmilesOrSmarts(query: string, field: FieldPath): AppError {
  return new AppError(
    'BAD_REQUEST',
    `${field.join('.')} is neither valid SMILES nor SMARTS: ${JSON.stringify(query.slice(0, 100))}`,
    { field },
  );
}
