// The results' plots as counts, so they cost the same at 100,000 ligands as at 10: the affinity distribution (a
// histogram), affinity against a molecule property and ligand efficiency against heavy atoms (each a grid of counts,
// a density plot), over the ligands that pass the results filters (filter.ts: the list's and the exports' one schema
// and where-builder). Only docked ligands (with an affinity) are counted. The dashboard brushes these plots into the
// same filters (affinityMin/Max, <property>Min/Max, ligandEfficiencyMin/Max).
import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { jobOfCaller, type OrgContext } from '../jobs/access.js';
import { JobIdInput } from '../jobs/schemas.js';
import { ResultsFilterInput, filtered, propertyValue, resultsFilterOf } from './filter.js';

/** The properties the affinity scatter can take as its x axis (the molecule's stored descriptors). */
export const SUMMARY_X = ['molecularWeight', 'heavyAtoms', 'clogP', 'hbd', 'hba', 'tpsa', 'rotatableBonds'] as const;
export const HISTOGRAM_BINS = 40;
export const GRID_BINS = 30;

export const ResultsSummaryInput = z.strictObject({
  ...JobIdInput.shape,
  ...ResultsFilterInput.shape,
  x: z
    .enum(SUMMARY_X)
    .default('molecularWeight')
    .describe('The property on the x axis of the affinity scatter (its y axis is the best affinity)'),
});

const Axis = z.object({ min: z.number(), max: z.number() }).describe('The axis range: the smallest and largest value');
const Grid = z
  .object({
    x: Axis,
    y: Axis,
    bins: z.number().int().describe('Cells per axis: cell i covers min + i*(max-min)/bins up to the next'),
    cells: z
      .array(z.tuple([z.number().int(), z.number().int(), z.number().int()]))
      .describe('[x cell, y cell, ligands] for every cell with at least one ligand'),
  })
  .nullable()
  .describe('null when no ligand has both values');

export const ResultsSummaryOutput = z.object({
  jobId: z.string().uuid(),
  docked: z.number().int().describe('Ligands that pass the filters and have an affinity (what the plots count)'),
  affinity: z
    .object({
      min: z.number(),
      max: z.number(),
      counts: z.array(z.number().int()).describe('Ligands per bin, bins of equal width from min to max'),
    })
    .nullable()
    .describe('The best-affinity histogram, kcal/mol; null when no ligand has one'),
  affinityVsProperty: Grid.describe('Best affinity (y) against the property `x` (x); null when no ligand has both'),
  efficiencyVsHeavyAtoms: Grid.describe(
    'Ligand efficiency (-affinity / heavy atoms, y) against heavy atoms (x); null when no ligand has both',
  ),
});
export type ResultsSummary = z.infer<typeof ResultsSummaryOutput>;

interface Cell {
  plot: 'h' | 'p' | 'e';
  bx: number;
  by: number;
  n: string;
}
interface Ranges {
  n: string;
  a_min: number | null;
  a_max: number | null;
  x_min: number | null;
  x_max: number | null;
  h_min: number | null;
  h_max: number | null;
  e_min: number | null;
  e_max: number | null;
}

/** The bin of `value` in [lo, hi] (0..bins-1), as SQL; one bin when lo = hi. */
const bucket = (value: string, lo: number | null, hi: number | null, bins: number) =>
  lo === null || hi === null || hi <= lo
    ? sql<number>`0`
    : sql<number>`least(${bins - 1}, greatest(0, floor((${sql.raw(value)} - ${lo}::float8) / (${hi}::float8 - ${lo}::float8) * ${bins})::int))`;

export async function resultsSummary(
  ctx: OrgContext,
  input: z.infer<typeof ResultsSummaryInput>,
): Promise<ResultsSummary> {
  const { resultsSchema, jobId } = await jobOfCaller(ctx, input.jobId);
  const db: Kysely<DB> = ctx.db.withSchema(resultsSchema);
  const filter = resultsFilterOf(input);
  // One row per docked ligand that passes the filters: affinity, the x property, heavy atoms, ligand efficiency.
  const rows = filtered(
    db
      .selectFrom('job_inputs')
      .where('job_id', '=', jobId)
      .where('best_affinity_kcal_mol', 'is not', null)
      .select([
        sql<number>`best_affinity_kcal_mol`.as('a'),
        sql<number | null>`(select ${propertyValue(input.x)} from molecules m where m.id = job_inputs.molecule_id)`.as(
          'x',
        ),
        sql<
          number | null
        >`(select ${propertyValue('heavyAtoms')} from molecules m where m.id = job_inputs.molecule_id)`.as('h'),
      ]),
    filter,
  );
  const points = sql`(select a, x, h, -a / nullif(h, 0) as e from (${rows}) base) r`;
  const { rows: ranges } = await sql<Ranges>`
    select count(*) as n, min(a) as a_min, max(a) as a_max,
           min(x) filter (where x is not null) as x_min, max(x) filter (where x is not null) as x_max,
           min(h) filter (where e is not null) as h_min, max(h) filter (where e is not null) as h_max,
           min(e) as e_min, max(e) as e_max
    from ${points}`.execute(db);
  const range = ranges[0]!;
  const docked = Number(range.n);
  if (docked === 0 || range.a_min === null || range.a_max === null)
    return { jobId, docked, affinity: null, affinityVsProperty: null, efficiencyVsHeavyAtoms: null };
  const aBin = (bins: number) => bucket('a', range.a_min, range.a_max, bins);
  const { rows: cells } = await sql<Cell>`
    select 'h' as plot, ${aBin(HISTOGRAM_BINS)} as bx, 0 as by, count(*) as n from ${points} group by 2
    union all
    select 'p', ${bucket('x', range.x_min, range.x_max, GRID_BINS)}, ${aBin(GRID_BINS)}, count(*)
      from ${points} where x is not null group by 2, 3
    union all
    select 'e', ${bucket('h', range.h_min, range.h_max, GRID_BINS)}, ${bucket('e', range.e_min, range.e_max, GRID_BINS)}, count(*)
      from ${points} where e is not null group by 2, 3`.execute(db);
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const grid = (plot: 'p' | 'e') =>
    cells.filter((c) => c.plot === plot).map((c) => [c.bx, c.by, Number(c.n)] as [number, number, number]);
  for (const cell of cells) if (cell.plot === 'h') counts[cell.bx] = Number(cell.n);
  const axis = (min: number | null, max: number | null) => (min === null || max === null ? null : { min, max });
  const xAxis = axis(range.x_min, range.x_max);
  const hAxis = axis(range.h_min, range.h_max);
  const eAxis = axis(range.e_min, range.e_max);
  const aAxis = { min: range.a_min, max: range.a_max };
  return {
    jobId,
    docked,
    affinity: { ...aAxis, counts },
    affinityVsProperty: xAxis ? { x: xAxis, y: aAxis, bins: GRID_BINS, cells: grid('p') } : null,
    efficiencyVsHeavyAtoms: hAxis && eAxis ? { x: hAxis, y: eAxis, bins: GRID_BINS, cells: grid('e') } : null,
  };
}
