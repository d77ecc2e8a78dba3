// Reading and deleting molecules of one organisation; another organisation's molecule is simply not found.
import { sql, type ExpressionBuilder } from 'kysely';
import { quoteSchema, type Database, type DB, type Molecule as MoleculeRow } from '@mad/db';
import type { Storage } from '@mad/storage';
import { AppError, notFound } from '../errors.js';
import { MoleculeProperties, type Molecule } from './schemas.js';

export function toMolecule(row: MoleculeRow): Molecule {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    sourceFormat: row.source_format as Molecule['sourceFormat'],
    formula: row.formula,
    canonicalSmiles: row.canonical_smiles,
    inchikey: row.inchikey,
    contentSha256: row.content_sha256,
    artifactId: row.artifact_id,
    uploadArtifactId: row.upload_artifact_id,
    sourceRecord: row.source_record,
    properties: MoleculeProperties.parse(row.properties),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Filter for artifacts rows that no molecule points to (as its record or as its upload file). */
export const unreferencedArtifact = (eb: ExpressionBuilder<DB, 'artifacts'>) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('molecules')
        .select('molecules.id')
        .where((eb) =>
          eb.or([
            eb('molecules.artifact_id', '=', eb.ref('artifacts.id')),
            eb('molecules.upload_artifact_id', '=', eb.ref('artifacts.id')),
          ]),
        ),
    ),
  );

export function storageOf(ctx: { storage?: Storage | undefined }): Storage {
  if (!ctx.storage) throw new Error('object storage is not configured in this process');
  return ctx.storage;
}

export async function moleculeOfOrg(db: Database, orgId: string, moleculeId: string): Promise<MoleculeRow> {
  const row = await db
    .selectFrom('molecules')
    .selectAll()
    .where('id', '=', moleculeId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw notFound(`molecule ${moleculeId}`);
  return row;
}

/**
 * The unfinished jobs (PENDING or RUNNING) of the organisation that use the molecule as receptor, ligand or
 * autobox reference; empty when none (or before the jobs tables exist). Delete refuses while this is non-empty.
 */
export async function isMoleculeInUse(db: Database, resultsSchema: string, moleculeId: string): Promise<string[]> {
  const schema = quoteSchema(resultsSchema);
  const present = await sql<{
    ok: boolean;
  }>`select to_regclass(${`${schema}.jobs`}) is not null and to_regclass(${`${schema}.job_inputs`}) is not null as ok`.execute(
    db,
  );
  if (!present.rows[0]?.ok) return [];
  const rows = await sql<{ id: string }>`
    select j.id from ${sql.raw(schema)}.jobs j
    where j.status in ('PENDING', 'RUNNING')
      and (j.receptor_id = ${moleculeId}::uuid
        or j.binding_site->>'ligandId' = ${moleculeId}
        or exists (select 1 from ${sql.raw(schema)}.job_inputs i where i.job_id = j.id and i.molecule_id = ${moleculeId}::uuid))
    order by j.created_at limit 10`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Deletes the molecule and the artifacts no other molecule uses; objects go after the rows are gone. */
export async function deleteMolecule(
  db: Database,
  storage: Storage,
  orgId: string,
  resultsSchema: string,
  moleculeId: string,
): Promise<{ deletedArtifacts: number }> {
  const molecule = await moleculeOfOrg(db, orgId, moleculeId);
  const keys = await db.transaction().execute(async (trx) => {
    // The row lock first, the in-use check after it: a job being created holds its molecules FOR SHARE until it
    // commits (createJob), so this waits for it and then sees it; a job created after this commits finds no row.
    await trx
      .selectFrom('molecules')
      .select('id')
      .where('id', '=', moleculeId)
      .where('org_id', '=', orgId)
      .forUpdate()
      .execute();
    const jobs = await isMoleculeInUse(trx, resultsSchema, moleculeId);
    if (jobs.length > 0) {
      throw new AppError(
        'CONFLICT',
        `molecule "${molecule.name}" is used by unfinished job(s) ${jobs.join(', ')}: cancel them or wait until they finish, then delete it`,
      );
    }
    const gone = await trx
      .deleteFrom('molecules')
      .where('id', '=', moleculeId)
      .where('org_id', '=', orgId)
      .returning(['artifact_id', 'upload_artifact_id'])
      .executeTakeFirst();
    if (!gone) throw notFound(`molecule ${moleculeId}`);
    const candidates = [gone.artifact_id, gone.upload_artifact_id].filter((id): id is string => id !== null);
    const removed = await trx
      .deleteFrom('artifacts')
      .where('id', 'in', candidates)
      .where(unreferencedArtifact)
      .returning('s3_key')
      .execute();
    return removed.map((r) => r.s3_key);
  });
  // A failed object delete leaves an unreferenced object (harmless, content-addressed), never a row without its file.
  await Promise.all(keys.map((key) => storage.deleteObject(key).catch(() => undefined)));
  return { deletedArtifacts: keys.length };
}

/** Default lifetime of artifact download links: long enough to start a download, short enough not to be shared. */
export const ARTIFACT_LINK_SECONDS = 300;

/** A presigned GET for an artifact of the organisation; another organisation's artifact is not found. */
export async function artifactDownloadUrl(
  db: Database,
  storage: Storage,
  orgId: string,
  artifactId: string,
  expiresInSeconds = ARTIFACT_LINK_SECONDS,
): Promise<{ url: string; expiresInSeconds: number; fileName: string }> {
  const artifact = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(artifactId)
    ? await db
        .selectFrom('artifacts')
        .select(['s3_key', 'file_name'])
        .where('id', '=', artifactId)
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    : undefined;
  if (!artifact) throw notFound(`artifact ${artifactId}`);
  const url = await storage.presignGet(artifact.s3_key, { expiresInSeconds, downloadName: artifact.file_name });
  return { url, expiresInSeconds, fileName: artifact.file_name };
}
