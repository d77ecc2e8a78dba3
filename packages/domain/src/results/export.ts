// A job's results as one CSV, streamed in keyset pages over the ligands (by ordinal): each ligand with its outcome,
// its best pose's scores, where it came from (the cache) and, for uploaded ligands, the molecule's properties.
// Every cell goes through @mad/chem/export's neutralising csvCell (no spreadsheet formulas from user text).
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mad/db';
import { csvCell, type CellValue } from '@mad/chem/export';
import type { JobMeta } from '../jobs/access.js';

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
  'confidence_score',
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
  confidence_score: number | null;
  cached_from_job_id: string | null;
  properties: Record<string, unknown> | null;
  error_stage: string | null;
  error: string | null;
}

const csvLine = (cells: readonly CellValue[]) => `${cells.map(csvCell).join(',')}\n`;
const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

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
    row.confidence_score,
    row.cached_from_job_id,
    ...PROPERTY_COLUMNS.map(([, key]) => numberOrNull(properties[key])),
    row.error_stage,
    row.error,
  ];
}

/** The stable path of a job's results CSV (GET, streamed by the server). */
export const resultsCsvPath = (jobId: string) => `/api/v1/jobs/${jobId}/results.csv`;

/** The CSV, header first, then one line per ligand in ordinal order, `pageSize` ligands per database read. */
export async function* resultsCsv(db: Kysely<DB>, job: JobMeta, pageSize = 2_000): AsyncGenerator<string> {
  yield csvLine(RESULTS_CSV_COLUMNS);
  const inputs = sql.table(`${job.resultsSchema}.job_inputs`);
  const results = sql.table(`${job.resultsSchema}.docking_results`);
  let after = -1;
  for (;;) {
    const { rows } = await sql<ExportRow>`
      select i.ordinal, i.ligand_id, i.name, i.molecule_id, i.smiles, i.status, i.best_affinity_kcal_mol,
             best.cnn_score, best.cnn_affinity, coalesce(counted.poses, 0)::int as poses, i.confidence_score,
             i.cached_from_job_id, m.properties, i.error_stage, i.error
      from ${inputs} i
      left join lateral (
        select r.cnn_score, r.cnn_affinity from ${results} r
        where r.job_id = i.job_id and r.ligand_id = i.ligand_id order by r.pose_rank, r.id desc limit 1
      ) best on true
      left join lateral (
        select count(*) as poses from ${results} r where r.job_id = i.job_id and r.ligand_id = i.ligand_id
      ) counted on true
      left join molecules m on m.id = i.molecule_id
      where i.job_id = ${job.jobId} and i.ordinal > ${after}
      order by i.ordinal
      limit ${pageSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((row) => csvLine(cellsOf(row))).join('');
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.ordinal;
  }
}
