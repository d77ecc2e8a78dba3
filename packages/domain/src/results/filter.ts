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

/**
 * A stored property of the ligand's molecule as float8 (SQL, `m` the molecules row): null when the ligand has no
 * molecule or the value is missing or not a number (never fails the cast).
 */
export const propertyValue = (key: string, alias = 'm') =>
  sql<
    number | null
  >`(case when jsonb_typeof(${sql.ref(alias)}.properties -> ${key}) = 'number' then (${sql.ref(alias)}.properties ->> ${key})::float8 end)`;

/**
 * Lipinski's rule of five as the flag counts it: at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10 (Lipinski 1997,
 * the usual "one violation allowed"); Veber's rule: rotatable bonds <= 10 and TPSA <= 140 Å² (Veber 2002). A molecule
 * without every property the rule reads has neither flag (null), so it matches neither lipinski=true nor false.
 */
export const LIPINSKI_RULE = 'at most one of MW > 500, cLogP > 5, HBD > 5, HBA > 10';
export const VEBER_RULE = 'rotatable bonds <= 10 and TPSA <= 140 Å²';
export function lipinskiOf(p: Record<string, unknown>): boolean | null {
  const [mw, logP, hbd, hba] = [p.molecularWeight, p.clogP, p.hbd, p.hba];
  if (typeof mw !== 'number' || typeof logP !== 'number' || typeof hbd !== 'number' || typeof hba !== 'number')
    return null;
  return Number(mw > 500) + Number(logP > 5) + Number(hbd > 5) + Number(hba > 10) <= 1;
}
export function veberOf(p: Record<string, unknown>): boolean | null {
  const [rot, tpsa] = [p.rotatableBonds, p.tpsa];
  if (typeof rot !== 'number' || typeof tpsa !== 'number') return null;
  return rot <= 10 && tpsa <= 140;
}
/** The same rules in SQL over the molecules row `m` (null when a property is missing, as lipinskiOf/veberOf). */
const lipinskiSql = () => {
  const v = (key: string, limit: number) => sql`(${propertyValue(key)} > ${limit})::int`;
  return sql<boolean>`(${v('molecularWeight', 500)} + ${v('clogP', 5)} + ${v('hbd', 5)} + ${v('hba', 10)}) <= 1`;
};
const veberSql = () => sql<boolean>`(${propertyValue('rotatableBonds')} <= 10 and ${propertyValue('tpsa')} <= 140)`;

/** The ligands a query names one by one (the dashboard's selection): ordinals in the job, comma-separated. */
export const ORDINALS_MAX = 1_000;
export const parseOrdinals = (text: string) => text.split(',').map(Number);

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
  ligandEfficiencyMin: z.coerce
    .number()
    .finite()
    .optional()
    .describe('Ligand efficiency (-best affinity / heavy atoms, kcal/mol per heavy atom) at least this'),
  ligandEfficiencyMax: z.coerce.number().finite().optional().describe('Ligand efficiency at most this'),
  lipinski: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      `Only ligands whose molecule passes (true) or fails (false) Lipinski's rule of five (${LIPINSKI_RULE}); ligands without stored properties match neither`,
    ),
  veber: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      `Only ligands whose molecule passes (true) or fails (false) Veber's rule (${VEBER_RULE}); ligands without stored properties match neither`,
    ),
  ordinals: z
    .string()
    .max(ORDINALS_MAX * 8)
    .regex(/^[1-9][0-9]{0,6}(,[1-9][0-9]{0,6})*$/, 'ordinals in the job, comma-separated (3,17,204)')
    .refine((text) => parseOrdinals(text).length <= ORDINALS_MAX, `at most ${ORDINALS_MAX} ordinals`)
    .optional()
    .describe(
      `Only these ligands, by their ordinal in the job (the list's and the CSV's ordinal), comma-separated, at most ${ORDINALS_MAX}: a selection, e.g. the poses to export`,
    )
    .meta({ example: '1,4,9' }),
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
  if (filter.ordinals !== undefined)
    q = q.where('ordinal', '=', sql<number>`any(${parseOrdinals(filter.ordinals)}::int[])`) as Q;
  const conditions = FILTERED_PROPERTIES.flatMap((key) => {
    const min = filter[`${key}Min`];
    const max = filter[`${key}Max`];
    // Only a stored number compares (a missing or non-numeric value matches no range, and never fails the cast).
    const value = propertyValue(key);
    return [
      ...(min !== undefined ? [sql`${value} >= ${min}`] : []),
      ...(max !== undefined ? [sql`${value} <= ${max}`] : []),
    ];
  });
  const efficiency = sql`(-job_inputs.best_affinity_kcal_mol / nullif(${propertyValue('heavyAtoms')}, 0))`;
  if (filter.ligandEfficiencyMin !== undefined) conditions.push(sql`${efficiency} >= ${filter.ligandEfficiencyMin}`);
  if (filter.ligandEfficiencyMax !== undefined) conditions.push(sql`${efficiency} <= ${filter.ligandEfficiencyMax}`);
  // "is true"/"is false": a rule that reads a missing property is null and matches neither.
  if (filter.lipinski !== undefined)
    conditions.push(filter.lipinski === 'true' ? sql`${lipinskiSql()} is true` : sql`${lipinskiSql()} is false`);
  if (filter.veber !== undefined)
    conditions.push(filter.veber === 'true' ? sql`${veberSql()} is true` : sql`${veberSql()} is false`);
  // The organisation's molecules are in the metadata schema, as results.csv reads them (molecules.id: primary key).
  if (conditions.length > 0)
    q = q.where(
      sql<boolean>`exists (select 1 from molecules m where m.id = job_inputs.molecule_id and ${sql.join(conditions, sql` and `)})`,
    ) as Q;
  return q;
}
