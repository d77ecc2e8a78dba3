// The results filters, once: the query schema (ResultsFilterInput) and the SQL where-builder (filtered) that the
// results list (jobs.results), its cursor and total, and the exports (results.csv, results.sdf, results.zip) all
// use. A filter added here (a field of the schema and its clause in `filtered`) is in every one of them, in the
// cursor's check (every field of the schema is kept in the cursor) and in the exports' OpenAPI parameters
// (apps/server/src/routes/results-export.ts reads the schema).
import { z } from 'zod';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '@mad/db';
import { INTERACTION_TYPES, LIGAND_STATUSES, RESIDUE_PATTERN, interactionFilterKey } from '@mad/protocol';
import { AppError } from '../errors.js';

/**
 * The molecule properties the results filter on (`<key>Min`, `<key>Max`): the typed descriptors the upload stores
 * (MoleculeProperties), with what each means. A ligand without a stored molecule (inline SMILES) or without the
 * property matches no property range.
 */
export const PROPERTY_FILTERS = {
  molecularWeight: 'Molecular weight of the neutral parent, g/mol',
  heavyAtoms: 'Heavy atoms',
  clogP: 'Crippen cLogP',
  hbd: 'Hydrogen-bond donors',
  hba: 'Hydrogen-bond acceptors',
  tpsa: 'Topological polar surface area, Å²',
  rotatableBonds: 'Rotatable bonds',
  formalCharge: 'Net formal charge',
} as const;
export type FilteredProperty = keyof typeof PROPERTY_FILTERS;
export const FILTERED_PROPERTIES = Object.keys(PROPERTY_FILTERS) as FilteredProperty[];

const bound = () => z.coerce.number().finite().optional();
type Bound = ReturnType<typeof bound>;

/** `<key>Min` and `<key>Max` query parameters of one molecule property (inclusive). */
function propertyRange<K extends FilteredProperty>(key: K): Record<`${K}Min` | `${K}Max`, Bound> {
  const what = PROPERTY_FILTERS[key];
  return {
    [`${key}Min`]: bound().describe(`${what} of the uploaded molecule at least this (inclusive)`),
    [`${key}Max`]: bound().describe(`${what} of the uploaded molecule at most this (inclusive)`),
  } as Record<`${K}Min` | `${K}Max`, Bound>;
}

/** Every filter of a job's results: the list's query and the exports' query are this, plus their own fields. */
export const ResultsFilterInput = z.strictObject({
  status: z.enum(LIGAND_STATUSES).optional(),
  affinityMin: z.coerce.number().finite().optional().describe('Best affinity at least this, kcal/mol (e.g. -12)'),
  affinityMax: z.coerce
    .number()
    .finite()
    .optional()
    .describe('Best affinity at most this, kcal/mol (e.g. -8: the strong binders)'),
  confidenceMin: z.coerce.number().min(0).max(1).optional().describe('Confidence score at least this (0-1)'),
  valid: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'Only ligands whose best pose passes (true) or fails (false: the flagged ones) the validity checks (DOCKING_SCIENCE.md "Pose validity"); ligands not checked (failed, or docked by an agent older than the checks) match neither',
    )
    .meta({ example: 'false' }),
  interactsWith: z
    .string()
    .max(20)
    .regex(RESIDUE_PATTERN, 'a residue as NAME+NUMBER (MET318) or CHAIN:NAME+NUMBER (A:MET318)')
    .optional()
    .describe(
      'Only ligands whose best pose (rank 1) interacts with this receptor residue (PLIP, DOCKING_SCIENCE.md "Interactions"): residue name and number, optionally the chain first (\'A:MET318\'); with interactionType, that kind only',
    ),
  interactionType: z
    .enum(INTERACTION_TYPES)
    .optional()
    .describe('Only ligands whose best pose has an interaction of this kind (with interactsWith: with that residue)'),
  ...propertyRange('molecularWeight'),
  ...propertyRange('heavyAtoms'),
  ...propertyRange('clogP'),
  ...propertyRange('hbd'),
  ...propertyRange('hba'),
  ...propertyRange('tpsa'),
  ...propertyRange('rotatableBonds'),
  ...propertyRange('formalCharge'),
});
export type ResultsFilter = z.infer<typeof ResultsFilterInput>;
export type ResultsFilterName = keyof ResultsFilter;
export const RESULTS_FILTERS = Object.keys(ResultsFilterInput.shape) as ResultsFilterName[];

/**
 * The filters of a parsed query (the list's or an export's), only those given; 400 naming both parameters when a
 * minimum is above its maximum (`<x>Min` > `<x>Max`, for every range of the schema).
 */
export function resultsFilterOf(input: Partial<ResultsFilter> & Record<string, unknown>): ResultsFilter {
  const filter: Record<string, unknown> = {};
  for (const name of RESULTS_FILTERS) if (input[name] !== undefined) filter[name] = input[name];
  for (const name of RESULTS_FILTERS) {
    if (!name.endsWith('Min')) continue;
    const max = `${name.slice(0, -3)}Max`;
    const low = filter[name];
    const high = filter[max];
    if (typeof low === 'number' && typeof high === 'number' && low > high)
      throw new AppError('BAD_REQUEST', `${name} is above ${max}: no ligand can match`, { field: [name] });
  }
  return filter;
}

/** The filters that narrow a job's rows beyond its status (the total is then counted, not read from the counts). */
export const hasRanges = (filter: ResultsFilter) =>
  RESULTS_FILTERS.some((name) => name !== 'status' && filter[name] !== undefined);

/** The ligands (rows of job_inputs) that pass every filter. */
export function filtered<Q extends SelectQueryBuilder<DB, 'job_inputs', object>>(query: Q, filter: ResultsFilter): Q {
  let q = query;
  if (filter.status) q = q.where('status', '=', filter.status) as Q;
  if (filter.affinityMin !== undefined) q = q.where('best_affinity_kcal_mol', '>=', filter.affinityMin) as Q;
  if (filter.affinityMax !== undefined) q = q.where('best_affinity_kcal_mol', '<=', filter.affinityMax) as Q;
  if (filter.confidenceMin !== undefined) q = q.where('confidence_score', '>=', filter.confidenceMin) as Q;
  // A partial index holds the flagged ligands (valid = false) of each job in ordinal order.
  if (filter.valid !== undefined) q = q.where('valid', '=', filter.valid === 'true') as Q;
  // The best pose's interactions: one key of docking_results.interaction_keys (GIN-indexed; @mad/protocol
  // interactionKeys), "MET318", "A:MET318", "hydrogen_bond", "hydrogen_bond@A:MET318", ...
  const key = interactionFilterKey(filter.interactsWith ?? null, filter.interactionType ?? null);
  if (key !== null)
    q = q.where((eb) =>
      eb.exists(
        // Built by the query builder, so the results schema the query names (withSchema) qualifies docking_results.
        eb
          .selectFrom('docking_results as d')
          .select(sql`1`.as('one'))
          .whereRef('d.job_id', '=', 'job_inputs.job_id')
          .whereRef('d.ligand_id', '=', 'job_inputs.ligand_id')
          .where('d.pose_rank', '=', 1)
          .where(sql<boolean>`d.interaction_keys @> array[${key}::text]`),
      ),
    ) as Q;
  const conditions = FILTERED_PROPERTIES.flatMap((key) => {
    const min = filter[`${key}Min`];
    const max = filter[`${key}Max`];
    // Only a stored number compares (a missing or non-numeric value matches no range, and never fails the cast).
    const value = sql`(case when jsonb_typeof(m.properties -> ${key}) = 'number' then (m.properties ->> ${key})::float8 end)`;
    return [
      ...(min !== undefined ? [sql`${value} >= ${min}`] : []),
      ...(max !== undefined ? [sql`${value} <= ${max}`] : []),
    ];
  });
  // The organisation's molecules are in the metadata schema, as results.csv reads them (molecules.id: primary key).
  if (conditions.length > 0)
    q = q.where(
      sql<boolean>`exists (select 1 from molecules m where m.id = job_inputs.molecule_id and ${sql.join(conditions, sql` and `)})`,
    ) as Q;
  return q;
}
