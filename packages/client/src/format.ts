// What `mad` prints: the results table, the job's one-line summary and the progress bar (stderr).
import type { JobStatus, LigandResult } from './client.js';

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => /^-?[\d.]*$/.test(row[column] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const number = (value: number | null | undefined, digits: number) => (value == null ? '' : value.toFixed(digits));

export function resultsTable(ligands: LigandResult[]): string {
  return table(
    ['ordinal', 'name', 'status', 'affinity_kcal_mol', 'confidence', 'poses', 'validity', 'error'],
    ligands.map((ligand) => [
      String(ligand.ordinal),
      ligand.name,
      ligand.status,
      number(ligand.bestAffinityKcalMol, 2),
      number(ligand.confidenceScore, 2),
      String(ligand.poses.length),
      // The best pose's validity checks: a flagged ligand is no plain success (DOCKING_SCIENCE.md "Pose validity").
      !ligand.validity ? '' : ligand.validity.valid ? 'valid' : `flagged: ${ligand.validity.failed.join(',')}`,
      ligand.error ? `${ligand.error.stage ? `${ligand.error.stage}: ` : ''}${ligand.error.reason}` : '',
    ]),
  );
}

/** Ligands finished (succeeded, failed or cancelled) out of all. */
export function ligandsDone(status: JobStatus): { done: number; total: number } {
  const { SUCCEEDED, FAILED, CANCELLED, total } = status.ligands;
  return { done: SUCCEEDED + FAILED + CANCELLED, total };
}

export function progressLine(status: JobStatus, width = 30): string {
  const { done, total } = ligandsDone(status);
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  const failed = status.ligands.FAILED ? `, ${status.ligands.FAILED} failed` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ligands${failed}  ${status.status}`;
}

export function statusSummary(status: JobStatus): string {
  const { done, total } = ligandsDone(status);
  return [
    `job ${status.jobId}: ${status.status}`,
    `pipeline ${status.pipeline}, receptor ${status.receptorId}`,
    `ligands ${done}/${total} done (${status.ligands.SUCCEEDED} succeeded, ${status.ligands.FAILED} failed, ${status.ligands.CANCELLED} cancelled)`,
    `params ${JSON.stringify(status.params)}`,
    ...status.warnings.map((warning) => `warning: ${warning}`),
    ...(status.error ? [`error: ${status.error}`] : []),
  ].join('\n');
}
