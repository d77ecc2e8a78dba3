// A job's results as one CSV, streamed in keyset pages over the ligands (by ordinal): each ligand with its outcome,
// its best pose's scores, where it came from (the cache) and, for uploaded ligands, the molecule's properties.
// An export takes the results list's filters (filter.ts: the same schema and where-builder), so a filtered CSV holds
// exactly the ligands the filtered list pages through. Every cell goes through @mad/chem/export's neutralising
// csvCell (no spreadsheet formulas from user text).
import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { csvCell, toSdf, type CellValue } from '@mad/chem/export';
import { splitLigandFile } from '@mad/chem';
import type { JobMeta } from '../jobs/access.js';
import { PoseInteractions } from '@mad/protocol';

/**
 * The interactions of a stored pose as one line ("hydrogen_bond A:MET318 2.95; hydrophobic A:LEU248 3.61"), "none"
 * when profiled and none found, null when not profiled (the cell stays empty: never read as "no interactions").
 */
export function interactionsCell(stored: unknown): string | null {
  const parsed = stored === null || stored === undefined ? null : PoseInteractions.safeParse(stored);
  const list = parsed?.success ? parsed.data.interactions : null;
  if (list === null) return null;
  if (list.length === 0) return 'none';
  return list
    .map(
      (i) =>
        `${i.type} ${i.residue.chain ? `${i.residue.chain}:` : ''}${i.residue.name}${i.residue.number} ${i.distance.toFixed(2)}`,
    )
    .join('; ');
}
import { JobIdInput } from '../jobs/schemas.js';
import { ResultsFilterInput, filtered, type ResultsFilter } from './filter.js';

const PROPERTY_COLUMNS = [
  ['molecular_weight', 'molecularWeight'],
  ['heavy_atoms', 'heavyAtoms'],
  ['clogp', 'clogP'],
  ['hbd', 'hbd'],
  ['hba', 'hba'],
  ['tpsa', 'tpsa'],
  ['rotatable_bonds', 'rotatableBonds'],
  ['formal_charge', 'formalCharge'],
] as const;

export const RESULTS_CSV_COLUMNS = [
  'ordinal',
  'ligand_id',
  'name',
  'molecule_id',
  'smiles',
  'status',
  'best_affinity_kcal_mol',
  'ligand_efficiency',
  'cnn_score',
  'cnn_affinity',
  'poses',
  'interactions',
  'confidence_score',
  'valid',
  'failed_checks',
  'cached_from_job_id',
  ...PROPERTY_COLUMNS.map(([column]) => column),
  'error_stage',
  'error',
] as const;

interface ExportRow {
  ordinal: number;
  ligand_id: string;
  name: string;
  molecule_id: string | null;
  smiles: string | null;
  status: string;
  best_affinity_kcal_mol: number | null;
  cnn_score: number | null;
  cnn_affinity: number | null;
  poses: number;
  interactions: unknown;
  confidence_score: number | null;
  valid: boolean | null;
  failed_checks: string[] | null;
  cached_from_job_id: string | null;
  properties: Record<string, unknown> | null;
  error_stage: string | null;
  error: string | null;
}

const csvLine = (cells: readonly CellValue[]) => `${cells.map(csvCell).join(',')}\n`;
const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** A validity as cells: `true`/`false` (empty: not checked) and the failed checks' codes joined by spaces. */
const validityCells = (row: { valid: boolean | null; failed_checks: string[] | null }): [CellValue, CellValue] => [
  row.valid === null ? null : String(row.valid),
  row.valid === null ? null : (row.failed_checks ?? []).join(' '),
];

function cellsOf(row: ExportRow): CellValue[] {
  const properties = row.properties ?? {};
  const heavyAtoms = numberOrNull(properties.heavyAtoms);
  const efficiency =
    row.best_affinity_kcal_mol !== null && heavyAtoms ? -row.best_affinity_kcal_mol / heavyAtoms : null;
  return [
    row.ordinal,
    row.ligand_id,
    row.name,
    row.molecule_id,
    row.smiles,
    row.status,
    row.best_affinity_kcal_mol,
    efficiency === null ? null : Number(efficiency.toFixed(4)),
    row.cnn_score,
    row.cnn_affinity,
    row.poses,
    interactionsCell(row.interactions),
    row.confidence_score,
    ...validityCells(row),
    row.cached_from_job_id,
    ...PROPERTY_COLUMNS.map(([, key]) => numberOrNull(properties[key])),
    row.error_stage,
    row.error,
  ];
}

/**
 * The query of results.csv, results.sdf and results.zip: the job and every filter of the results list (not its
 * sort or paging: an export is in ordinal order, whole). results.sdf adds its own `poses`.
 */
export const ResultsExportInput = z.strictObject({ ...JobIdInput.shape, ...ResultsFilterInput.shape });

/**
 * The ordinals of the next `pageSize` ligands of the job that pass the filter, after ordinal `after`: the page the
 * export then reads in full (the filter is the list's where-builder, on the same table and index).
 */
export async function exportPage(
  db: Kysely<DB>,
  job: JobMeta,
  filter: ResultsFilter,
  after: number,
  pageSize: number,
): Promise<number[]> {
  const rows = await filtered(
    db
      .withSchema(job.resultsSchema)
      .selectFrom('job_inputs')
      .select('ordinal')
      .where('job_id', '=', job.jobId)
      .where('ordinal', '>', after),
    filter,
  )
    .orderBy('ordinal')
    .limit(pageSize)
    .execute();
  return rows.map((row) => row.ordinal);
}

/** The stable path of a job's results CSV (GET, streamed by the server). */
export const resultsCsvPath = (jobId: string) => `/api/v1/jobs/${jobId}/results.csv`;

/**
 * The CSV, header first, then one line per ligand that passes `filter` in ordinal order, `pageSize` ligands per
 * database read.
 */
export async function* resultsCsv(
  db: Kysely<DB>,
  job: JobMeta,
  filter: ResultsFilter = {},
  pageSize = 2_000,
): AsyncGenerator<string> {
  yield csvLine(RESULTS_CSV_COLUMNS);
  const inputs = sql.table(`${job.resultsSchema}.job_inputs`);
  const results = sql.table(`${job.resultsSchema}.docking_results`);
  let after = -1;
  for (;;) {
    const ordinals = await exportPage(db, job, filter, after, pageSize);
    if (ordinals.length === 0) return;
    const { rows } = await sql<ExportRow>`
      select i.ordinal, i.ligand_id, i.name, i.molecule_id, i.smiles, i.status, i.best_affinity_kcal_mol,
             best.cnn_score, best.cnn_affinity, coalesce(counted.poses, 0)::int as poses, best.interactions, i.confidence_score,
             i.valid, i.failed_checks, i.cached_from_job_id, m.properties, i.error_stage, i.error
      from ${inputs} i
      left join lateral (
        select r.cnn_score, r.cnn_affinity, r.interactions from ${results} r
        where r.job_id = i.job_id and r.ligand_id = i.ligand_id order by r.pose_rank, r.id desc limit 1
      ) best on true
      left join lateral (
        select count(*) as poses from ${results} r where r.job_id = i.job_id and r.ligand_id = i.ligand_id
      ) counted on true
      left join molecules m on m.id = i.molecule_id
      where i.job_id = ${job.jobId} and i.ordinal = any(${ordinals}::int[])
      order by i.ordinal`.execute(db);
    yield rows.map((row) => csvLine(cellsOf(row))).join('');
    if (ordinals.length < pageSize) return;
    after = ordinals.at(-1)!;
  }
}

/** Which poses results.sdf holds: every pose of every ligand, or each ligand's best (rank 1). */
export const RESULTS_SDF_POSES = ['all', 'top'] as const;
export type ResultsSdfPoses = (typeof RESULTS_SDF_POSES)[number];

/** The stable path of a job's results SDF (GET, streamed by the server); `poses` as the query parameter. */
export const resultsSdfPath = (jobId: string) => `/api/v1/jobs/${jobId}/results.sdf`;

interface SdfLigandRow {
  ordinal: number;
  ligand_id: string;
  name: string;
  molecule_id: string | null;
  smiles: string | null;
  status: string;
  confidence_score: number | null;
  cached_from_job_id: string | null;
  properties: Record<string, unknown> | null;
  s3_key: string;
}

interface SdfPoseRow {
  ligand_id: string;
  pose_rank: number;
  affinity_kcal_mol: number;
  rmsd_lb: number | null;
  rmsd_ub: number | null;
  cnn_score: number | null;
  cnn_affinity: number | null;
  valid: boolean | null;
  failed_checks: string[] | null;
  interactions: unknown;
}

/** Where results.sdf reads the pose files (the job's bucket). */
export interface PoseFiles {
  getObject(key: string): Promise<Uint8Array>;
}

/** The SD data items of one pose: the ligand's identity and outcome, the pose's scores, the molecule's properties. */
function poseTags(ligand: SdfLigandRow, pose: SdfPoseRow | undefined, rank: number) {
  const properties = ligand.properties ?? {};
  const cells: [string, CellValue][] = [
    ['ligand_id', ligand.ligand_id],
    ['ordinal', ligand.ordinal],
    ['name', ligand.name],
    ['molecule_id', ligand.molecule_id],
    ['smiles', ligand.smiles],
    ['status', ligand.status],
    ['pose_rank', rank],
    ['affinity_kcal_mol', pose?.affinity_kcal_mol],
    ['rmsd_lb', pose?.rmsd_lb],
    ['rmsd_ub', pose?.rmsd_ub],
    ['cnn_score', pose?.cnn_score],
    ['cnn_affinity', pose?.cnn_affinity],
    ['interactions', interactionsCell(pose?.interactions)],
    // The pose's own validity checks (DOCKING_SCIENCE.md "Pose validity"); a valid pose has no failed_checks item.
    ...(pose && pose.valid !== null
      ? ([
          ['valid', String(pose.valid)],
          ['failed_checks', (pose.failed_checks ?? []).join(' ')],
        ] as [string, CellValue][])
      : []),
    ['confidence_score', ligand.confidence_score],
    ['cached_from_job_id', ligand.cached_from_job_id],
    ...PROPERTY_COLUMNS.map(([column, key]): [string, CellValue] => [column, numberOrNull(properties[key])]),
  ];
  // Only the values that exist: an empty data item reads as a missing value in RDKit but as "" in others.
  return Object.fromEntries(
    cells.filter(
      (cell): cell is [string, string | number] => cell[1] !== null && cell[1] !== undefined && cell[1] !== '',
    ),
  );
}

const decoder = new TextDecoder();

/** Runs `work` over `items`, `limit` at a time, answers in the items' order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const answers = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      answers[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return answers;
}

/**
 * The poses of a job as one SD file, in ligand ordinal order then pose rank, `pageSize` ligands per database read and
 * their pose files fetched 16 at a time. Each record is the engine's pose as stored (poses.sdf of the ligand), titled
 * with the ligand's name and carrying its scores as data items; only the ligands that pass `filter`; every title and value passes @mad/chem/export's
 * toSdf (one line, no record separators). Ligands without poses (failed, cancelled) are not in it: results.csv
 * lists every ligand.
 */
export async function* resultsSdf(
  db: Kysely<DB>,
  files: PoseFiles,
  job: JobMeta,
  poses: ResultsSdfPoses,
  filter: ResultsFilter = {},
  pageSize = 500,
): AsyncGenerator<string> {
  const inputs = sql.table(`${job.resultsSchema}.job_inputs`);
  const outputs = sql.table(`${job.resultsSchema}.job_outputs`);
  const results = sql.table(`${job.resultsSchema}.docking_results`);
  let after = -1;
  for (;;) {
    const ordinals = await exportPage(db, job, filter, after, pageSize);
    if (ordinals.length === 0) return;
    const { rows: ligands } = await sql<SdfLigandRow>`
      select i.ordinal, i.ligand_id, i.name, i.molecule_id, i.smiles, i.status, i.confidence_score,
             i.cached_from_job_id, m.properties, o.s3_key
      from ${inputs} i
      join lateral (
        select o.s3_key from ${outputs} o
        where o.job_id = i.job_id and o.ligand_id = i.ligand_id and o.kind = 'poses_sdf' order by o.id desc limit 1
      ) o on true
      left join molecules m on m.id = i.molecule_id
      where i.job_id = ${job.jobId} and i.ordinal = any(${ordinals}::int[])
      order by i.ordinal`.execute(db);
    const ids = ligands.map((l) => l.ligand_id);
    // Pose rank n is the n-th record of the ligand's poses.sdf (the engine writes them best first).
    const { rows: poseRows } = await sql<SdfPoseRow>`
      select r.ligand_id, r.pose_rank, r.affinity_kcal_mol, r.rmsd_lb, r.rmsd_ub, r.cnn_score, r.cnn_affinity,
             r.valid, r.failed_checks, r.interactions
      from ${results} r
      where r.job_id = ${job.jobId} and r.ligand_id = any(${ids}::text[])
        ${poses === 'top' ? sql`and r.pose_rank = 1` : sql``}`.execute(db);
    const poseOf = new Map(poseRows.map((p) => [`${p.ligand_id}:${p.pose_rank}`, p]));
    const texts = await mapLimited(ligands, 16, async (l) => decoder.decode(await files.getObject(l.s3_key)));
    const records = ligands.flatMap((ligand, index) => {
      const { records: stored } = splitLigandFile(texts[index]!, 'sdf', 'sdf');
      return (poses === 'top' ? stored.slice(0, 1) : stored).map((record, i) => ({
        text: record.text,
        title: ligand.name,
        tags: poseTags(ligand, poseOf.get(`${ligand.ligand_id}:${i + 1}`), i + 1),
      }));
    });
    if (records.length > 0) yield toSdf(records);
    if (ordinals.length < pageSize) return;
    after = ordinals.at(-1)!;
  }
}
