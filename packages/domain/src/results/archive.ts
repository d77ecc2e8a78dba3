// A job's results as one zip, written entry by entry as the client reads: results.csv and results.sdf (the same
// streams as their own routes), then every ligand's stored files (poses.sdf, poses.pdbqt, the engine log) and the
// complex of the receptor with its best pose (complex.pdb) a page of ligands at a time, and last manifest.json: the
// job, its receptor, toolchain and engines (provenance) and every file with its size and SHA-256. Nothing but the
// receptor and one page of ligand files is held in memory (zip-stream: ZIP64 when needed). The query's filters (the
// results list's) choose the ligands of the CSV, the SDF and the folders.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import ZipStream from 'zip-stream';
import type { DB } from '@mad/db';
import { complexPdb } from '@mad/chem/export';
import type { ReceptorFormat } from '@mad/chem/structure';
import type { JobMeta } from '../jobs/access.js';
import { loadMolecules } from '../jobs/inputs.js';
import type { jobStatus } from '../jobs/status.js';
import { exportPage, resultsCsv, resultsSdf, mapLimited, type PoseFiles } from './export.js';
import type { ResultsFilter } from './filter.js';
import { LIGAND_FILE_KIND, type LigandFile } from './results.js';

/** The stable path of a job's results zip (GET, streamed by the server). */
export const resultsZipPath = (jobId: string) => `/api/v1/jobs/${jobId}/results.zip`;

export const RESULTS_ZIP_FORMAT = 'mad-results-zip/1';

const FILE_OF_KIND = Object.fromEntries(Object.entries(LIGAND_FILE_KIND).map(([file, kind]) => [kind, file])) as Record<
  string,
  LigandFile
>;

/** One file of the archive as the manifest lists it. */
export interface ArchivedFile {
  path: string;
  bytes: number;
  sha256: string;
  ligandId?: string;
  ordinal?: number;
  file?: LigandFile | 'complex.pdb';
}

/** The job's receptor as docked (its stored file), or null when it was deleted or is not PDB, PDBQT or mmCIF. */
async function receptorOf(db: Kysely<DB>, files: PoseFiles, job: JobMeta) {
  const jobs = sql.table(`${job.resultsSchema}.jobs`);
  const { rows } = await sql<{ receptor_id: string }>`select receptor_id from ${jobs} where id = ${job.jobId}`.execute(
    db,
  );
  const id = rows[0]?.receptor_id;
  const [molecule] = id ? await loadMolecules(db, job.orgId, [id]) : [];
  if (!molecule || (molecule.format !== 'pdb' && molecule.format !== 'pdbqt' && molecule.format !== 'mmcif'))
    return null;
  const format: ReceptorFormat = molecule.format;
  return { format, text: new TextDecoder().decode(await files.getObject(molecule.s3Key)) };
}

interface OutputRow {
  ligand_id: string;
  kind: string;
  s3_key: string;
}

/**
 * A ligand's folder in the archive: its ordinal (zero-padded, so folders sort in job order) and never its id or name,
 * which are the uploader's text (no path tricks); the manifest maps each folder to its ligand.
 */
export const ligandFolder = (ordinal: number) => `ligands/${String(ordinal).padStart(6, '0')}`;

/** Counts and hashes what passes through, for the manifest. */
function tallied<T extends string | Uint8Array>(
  chunks: AsyncIterable<T>,
  into: { bytes: number; hash: ReturnType<typeof createHash> },
) {
  return (async function* () {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      into.bytes += bytes.length;
      into.hash.update(bytes);
      yield bytes;
    }
  })();
}

async function provenanceOf(db: Kysely<DB>, job: JobMeta) {
  const jobs = sql.table(`${job.resultsSchema}.jobs`);
  const executions = sql.table(`${job.resultsSchema}.task_executions`);
  const [{ rows: jobRows }, { rows: engines }] = await Promise.all([
    sql<{
      toolchain: unknown;
      receptor_id: string;
      name: string | null;
      content_sha256: string | null;
      source_format: string | null;
    }>`
      select j.toolchain, j.receptor_id, m.name, m.content_sha256, m.source_format
      from ${jobs} j left join molecules m on m.id = j.receptor_id
      where j.id = ${job.jobId}`.execute(db),
    sql<{ engine_version: string | null; agent_id: string | null; tasks: number }>`
      select engine_version, agent_id, count(*)::int as tasks from ${executions}
      where job_id = ${job.jobId} and status = 'SUCCEEDED'
      group by engine_version, agent_id order by engine_version, agent_id`.execute(db),
  ]);
  const row = jobRows[0];
  return {
    receptor: row
      ? { id: row.receptor_id, name: row.name, sourceFormat: row.source_format, contentSha256: row.content_sha256 }
      : null,
    toolchain: row?.toolchain ?? null,
    engines: engines.map((e) => ({ engineVersion: e.engine_version, agentId: e.agent_id, tasks: e.tasks })),
  };
}

/**
 * The zip's bytes, in order. `details` is the job as GET /api/v1/jobs/{jobId} answers it (the manifest's job);
 * `pageSize` ligands' files are read per database page, 16 objects at a time.
 */
export async function* resultsZip(
  db: Kysely<DB>,
  files: PoseFiles,
  job: JobMeta,
  details: Awaited<ReturnType<typeof jobStatus>>,
  options: { pageSize?: number; exportedAt?: Date; filter?: ResultsFilter } = {},
): AsyncGenerator<Uint8Array> {
  const pageSize = options.pageSize ?? 200;
  const filter = options.filter ?? {};
  const date = options.exportedAt ?? new Date();
  const zip = new ZipStream({ level: 6 });
  const archived: ArchivedFile[] = [];

  const add = async (source: Buffer | Readable, path: string) => {
    await new Promise<void>((resolve, reject) =>
      zip.entry(source, { name: path, date }, (error) => (error ? reject(error) : resolve())),
    );
    // A buffer is written whole at once: wait for the reader before the next one (backpressure).
    if (zip.writableNeedDrain) await once(zip, 'drain');
  };
  const addStream = async (path: string, chunks: AsyncIterable<string>) => {
    const tally = { bytes: 0, hash: createHash('sha256') };
    await add(Readable.from(tallied(chunks, tally)), path);
    archived.push({ path, bytes: tally.bytes, sha256: tally.hash.digest('hex') });
  };

  const produce = async () => {
    await addStream('results.csv', resultsCsv(db, job, filter));
    await addStream('results.sdf', resultsSdf(db, files, job, 'all', filter));
    const inputs = sql.table(`${job.resultsSchema}.job_inputs`);
    const outputs = sql.table(`${job.resultsSchema}.job_outputs`);
    const receptor = await receptorOf(db, files, job);
    let after = -1;
    for (;;) {
      const ordinals = await exportPage(db, job, filter, after, pageSize);
      if (ordinals.length === 0) break;
      const { rows: ligands } = await sql<{ ordinal: number; ligand_id: string }>`
        select ordinal, ligand_id from ${inputs}
        where job_id = ${job.jobId} and ordinal = any(${ordinals}::int[]) order by ordinal`.execute(db);
      // Each ligand's newest file of each kind (a task that ran twice wrote twice).
      const { rows: stored } = await sql<OutputRow>`
        select distinct on (ligand_id, kind) ligand_id, kind, s3_key from ${outputs}
        where job_id = ${job.jobId} and ligand_id = any(${ligands.map((l) => l.ligand_id)}::text[])
          and kind <> 'task_log'
        order by ligand_id, kind, id desc`.execute(db);
      const filesOf = new Map<string, OutputRow[]>();
      for (const row of stored) filesOf.set(row.ligand_id, [...(filesOf.get(row.ligand_id) ?? []), row]);
      const page = ligands.flatMap((ligand) =>
        (filesOf.get(ligand.ligand_id) ?? []).map((row) => ({ ...row, ordinal: ligand.ordinal })),
      );
      const bodies = await mapLimited(page, 16, (row) => files.getObject(row.s3_key));
      for (const [index, row] of page.entries()) {
        const file = FILE_OF_KIND[row.kind]!;
        const body = Buffer.from(bodies[index]!);
        const path = `${ligandFolder(row.ordinal)}/${file}`;
        await add(body, path);
        archived.push({
          path,
          bytes: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
          ligandId: row.ligand_id,
          ordinal: row.ordinal,
          file,
        });
        if (file === 'poses.pdbqt' && receptor) {
          // The receptor with the ligand's best pose (the first model of poses.pdbqt), beside the poses.
          const complex = Buffer.from(complexPdb(receptor.text, receptor.format, body.toString('utf8')));
          const complexPath = `${ligandFolder(row.ordinal)}/complex.pdb`;
          await add(complex, complexPath);
          archived.push({
            path: complexPath,
            bytes: complex.length,
            sha256: createHash('sha256').update(complex).digest('hex'),
            ligandId: row.ligand_id,
            ordinal: row.ordinal,
            file: 'complex.pdb',
          });
        }
      }
      if (ordinals.length < pageSize) break;
      after = ordinals.at(-1)!;
    }
    const manifest = {
      format: RESULTS_ZIP_FORMAT,
      exportedAt: date.toISOString(),
      filter,
      job: details,
      ...(await provenanceOf(db, job)),
      layout: {
        'results.csv': 'every ligand: outcome, best scores, confidence, cache origin, properties (as GET results.csv)',
        'results.sdf': 'every pose of every ligand with its scores as data items (as GET results.sdf?poses=all)',
        'ligands/<ordinal>/':
          "a ligand's stored files: poses.sdf, poses.pdbqt, engine.log, and complex.pdb (the receptor with pose 1) (files[] maps them)",
      },
      files: archived,
    };
    await add(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json');
    zip.finalize();
  };

  const producing = produce().catch((error: unknown) => {
    zip.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  try {
    for await (const chunk of zip as AsyncIterable<Buffer>) yield chunk;
    await producing;
  } finally {
    // The reader went away (or failed): stop writing; the producer's next entry fails and is dropped.
    if (!zip.destroyed) zip.destroy();
    producing.catch(() => undefined);
  }
}
