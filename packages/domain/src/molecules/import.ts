// An upload from analysis to storage, shared by the tRPC procedure and the multipart REST route. Order matters for
// "nothing half-written": S3 objects first (content-addressed keys, so a retry writes the same key), then every row
// in one transaction; when the transaction fails, the objects this upload created that no row references are deleted.
import {
  analyseFile,
  analyseSmiles,
  baseName,
  extensionOf,
  type AnalysedFile,
  type AnalysedMolecule,
  type MoleculeKind,
} from '@mad/chem';
import type { Transaction } from 'kysely';
import type { Database, DB } from '@mad/db';
import { moleculeObjectKey, safeObjectName, uploadObjectKey, type Storage } from '@mad/storage';
import type { Principal } from '../principal.js';
import { MoleculeProperties, type UploadErrorEntry, type UploadResult } from './schemas.js';
import { unreferencedArtifact } from './queries.js';

export interface UploadLimits {
  /** Bytes per file (the REST route answers 413 above it). */
  maxBytes: number;
  /** Records per upload request, all files together. */
  maxRecords: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 50 * 1024 * 1024, maxRecords: 10_000 };

const PUT_CONCURRENCY = 8;
/** Rows per INSERT (14 columns each, well under Postgres' 65,535 parameters). */
const INSERT_BATCH = 1_000;

/** Runs work over items with at most `limit` at a time; the first failure rejects after the running ones settle. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure = null as { error: unknown } | null; // set inside callbacks (so not narrowed to null)
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && failure === null) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure !== null) throw failure.error;
}

export interface UploadRequest {
  kind: MoleculeKind;
  allOrNothing: boolean;
  files: { name: string; bytes: Buffer }[];
  smiles?: { smiles: string; name?: string | null }[];
}

export interface StoreDeps {
  db: Database;
  storage: Storage;
}

/** 201 when something new was stored, 200 when everything was already there, 422 when nothing could be used. */
export function uploadStatus(result: UploadResult): 200 | 201 | 422 {
  if (result.molecules.length === 0) return 422;
  return result.molecules.some((m) => !m.deduplicated) ? 201 : 200;
}

async function analyseAll(request: UploadRequest, limits: UploadLimits): Promise<AnalysedFile[]> {
  const analysed: AnalysedFile[] = [];
  let budget = limits.maxRecords;
  for (const file of request.files) {
    if (file.bytes.length > limits.maxBytes) {
      analysed.push({
        fileName: file.name,
        format: null,
        sha256: '',
        recordCount: 0,
        molecules: [],
        problems: [
          {
            record: 0,
            line: null,
            reason: `the file is larger than the limit of ${limits.maxBytes} bytes (UPLOAD_MAX_BYTES)`,
          },
        ],
      });
      continue;
    }
    const result = await analyseFile(file.name, file.bytes, { kind: request.kind, maxRecords: budget });
    budget -= result.recordCount;
    analysed.push(result);
  }
  if (request.smiles && request.smiles.length > 0) {
    const result = await analyseSmiles(request.smiles, { maxRecords: budget });
    analysed.push({ ...result, fileName: '' });
  }
  return analysed;
}

function errorsOf(files: AnalysedFile[]): UploadErrorEntry[] {
  return files.flatMap((file) => file.problems.map((p) => ({ file: file.fileName || null, ...p })));
}

interface Planned {
  file: AnalysedFile;
  molecule: AnalysedMolecule;
  artifactKey: string;
  artifactName: string;
  uploadKey: string | null;
}

/** The record's own file name: the upload's name for single-record files, "<base>-<record>.<ext>" otherwise. */
function recordFileName(file: AnalysedFile, molecule: AnalysedMolecule): string {
  const ext = molecule.format === 'smiles' ? 'smi' : extensionOf(file.fileName) || molecule.format;
  if (file.fileName && file.recordCount === 1) return file.fileName;
  return `${safeObjectName(baseName(file.fileName || 'pasted'))}-${molecule.record}.${ext}`;
}

/** The columns an upload reads of the molecules it finds and of those it inserts. */
const MOLECULE_COLUMNS = [
  'id',
  'kind',
  'name',
  'source_format',
  'formula',
  'canonical_smiles',
  'inchikey',
  'content_sha256',
  'artifact_id',
  'upload_artifact_id',
  'properties',
] as const;

/**
 * What makes two records one molecule. A structure (a file with coordinates: SDF, MOL2, PDB, PDBQT) is its bytes:
 * the same compound in other coordinates, protonation or format is another structure, stored and docked as given.
 * A SMILES has no coordinates of its own, so SMILES ligands are one molecule per compound (InChIKey).
 */
const identityOf = (m: Pick<AnalysedMolecule, 'kind' | 'format' | 'sha256' | 'ligand'>) =>
  isSmilesCompound(m) ? `ik:${m.ligand!.inchikey}` : `sha:${m.kind}:${m.sha256}`;

const isSmilesCompound = (m: Pick<AnalysedMolecule, 'kind' | 'format' | 'ligand'>) =>
  m.kind === 'ligand' && m.format === 'smiles' && Boolean(m.ligand?.inchikey);

interface ExistingMolecule {
  id: string;
  kind: MoleculeKind;
  name: string;
  source_format: string;
  formula: string | null;
  canonical_smiles: string | null;
  inchikey: string | null;
  content_sha256: string;
  artifact_id: string;
  upload_artifact_id: string | null;
  properties: Record<string, unknown>;
}

async function findExisting(
  db: Database,
  orgId: string,
  molecules: AnalysedMolecule[],
): Promise<Map<string, ExistingMolecule>> {
  const found = new Map<string, ExistingMolecule>();
  if (molecules.length === 0) return found;
  const hashes = [...new Set(molecules.map((m) => m.sha256))];
  const inchikeys = [...new Set(molecules.flatMap((m) => (isSmilesCompound(m) ? [m.ligand!.inchikey] : [])))];
  const rows = await db
    .selectFrom('molecules')
    .select(MOLECULE_COLUMNS)
    .where('org_id', '=', orgId)
    .where((eb) => {
      const byHash = eb('content_sha256', 'in', hashes);
      return inchikeys.length > 0
        ? eb.or([
            byHash,
            eb.and([eb('kind', '=', 'ligand'), eb('source_format', '=', 'smiles'), eb('inchikey', 'in', inchikeys)]),
          ])
        : byHash;
    })
    .execute();
  for (const row of rows) {
    found.set(`sha:${row.kind}:${row.content_sha256}`, row);
    if (row.kind === 'ligand' && row.source_format === 'smiles' && row.inchikey) found.set(`ik:${row.inchikey}`, row);
  }
  return found;
}

function entryOf(
  row: ExistingMolecule,
  file: AnalysedFile,
  record: number,
  deduplicated: boolean,
): UploadResult['molecules'][number] {
  const properties = MoleculeProperties.parse(row.properties);
  return {
    // Deprecated: the properties at the top level, as the upload answered them before `properties` (API_CONTRACT).
    ...properties,
    properties,
    id: row.id,
    artifactId: row.artifact_id,
    uploadArtifactId: row.upload_artifact_id,
    kind: row.kind,
    name: row.name,
    sourceFormat: row.source_format as UploadResult['molecules'][number]['sourceFormat'],
    formula: row.formula,
    canonicalSmiles: row.canonical_smiles,
    inchikey: row.inchikey,
    file: file.fileName || null,
    record,
    deduplicated,
    sameCompound: [],
  };
}

/** Up to this many other structures of the same compound are named in an upload answer. */
const SAME_COMPOUND_LIMIT = 100;

/** Fills each answer's `sameCompound`: the organisation's other molecules of its InChIKey, oldest first. */
async function withCompounds(db: Database, orgId: string, result: UploadResult): Promise<UploadResult> {
  const inchikeys = [...new Set(result.molecules.flatMap((m) => (m.inchikey ? [m.inchikey] : [])))];
  if (inchikeys.length === 0) return result;
  const rows = await db
    .selectFrom('molecules')
    .select(['id', 'inchikey'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'ligand')
    .where('inchikey', 'in', inchikeys)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byCompound = new Map<string, string[]>();
  for (const row of rows) byCompound.set(row.inchikey!, [...(byCompound.get(row.inchikey!) ?? []), row.id]);
  return {
    ...result,
    molecules: result.molecules.map((m) => ({
      ...m,
      sameCompound: m.inchikey
        ? (byCompound.get(m.inchikey) ?? []).filter((id) => id !== m.id).slice(0, SAME_COMPOUND_LIMIT)
        : [],
    })),
  };
}

function propertiesOf(molecule: AnalysedMolecule): Record<string, unknown> {
  if (molecule.ligand) {
    const { canonicalSmiles: _smiles, inchikey: _key, formula: _formula, ...rest } = molecule.ligand;
    return rest;
  }
  return { ...molecule.receptor };
}

/** Deletes objects this upload wrote that no artifact row points to (after a failed transaction). */
async function removeUnreferenced(deps: StoreDeps, orgId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const referenced = new Set(
    (
      await deps.db
        .selectFrom('artifacts')
        .select('s3_key')
        .where('org_id', '=', orgId)
        .where('s3_key', 'in', keys)
        .execute()
    ).map((r) => r.s3_key),
  );
  await Promise.all(
    keys.filter((k) => !referenced.has(k)).map((k) => deps.storage.deleteObject(k).catch(() => undefined)),
  );
}

/**
 * Analyses, deduplicates and stores an upload; answers per molecule (with the other structures of its compound) and
 * per failed record.
 */
export async function importMolecules(
  deps: StoreDeps,
  principal: Principal,
  request: UploadRequest,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<UploadResult> {
  const result = await storeMolecules(deps, principal, request, limits);
  return withCompounds(deps.db, principal.org.id, result);
}

async function storeMolecules(
  deps: StoreDeps,
  principal: Principal,
  request: UploadRequest,
  limits: UploadLimits,
): Promise<UploadResult> {
  const orgId = principal.org.id;
  const files = await analyseAll(request, limits);
  const errors = errorsOf(files);
  if (request.allOrNothing && errors.length > 0) return { molecules: [], errors };
  const records = files.flatMap((file) => file.molecules.map((molecule) => ({ file, molecule })));
  const existing = await findExisting(
    deps.db,
    orgId,
    records.map((r) => r.molecule),
  );
  const { slots, planned } = planRecords(orgId, records, existing);
  if (planned.size === 0) return { molecules: slots.flatMap((slot) => ('done' in slot ? [slot.done] : [])), errors };

  const objects = objectsOf(planned, request);
  const keys = [...objects.keys()];
  const stored = await storedKeys(deps.db, orgId, keys);
  const written: string[] = [];
  try {
    await putObjects(
      deps.storage,
      objects,
      keys.filter((key) => !stored.has(key)),
      written,
    );
    const created = await deps.db.transaction().execute(async (trx) => {
      const artifactIds = await insertArtifacts(trx, principal, objects);
      const byIdentity = await insertMolecules(trx, principal, planned, artifactIds);
      await dropDuplicateArtifacts(
        trx,
        orgId,
        keys.filter((k) => !stored.has(k)),
      );
      return byIdentity;
    });
    await removeUnreferenced(deps, orgId, written);
    return { molecules: answersOf(slots, created), errors };
  } catch (error) {
    await removeUnreferenced(deps, orgId, written);
    throw error;
  }
}

/** An upload record's place in the answer: known already (done), or waiting for the molecule it makes (pending). */
type Slot = { done: UploadResult['molecules'][number] } | { pending: string; file: AnalysedFile; record: number };
type CreatedMolecule = ExistingMolecule & { deduplicated: boolean };
interface StoredObject {
  bytes: Buffer;
  name: string;
  mediaType: string;
  format: string | null;
  sha256: string;
}

/** Each record either answered by a molecule the organisation has, or planned as a new one (once per identity). */
function planRecords(
  orgId: string,
  records: { file: AnalysedFile; molecule: AnalysedMolecule }[],
  existing: Map<string, ExistingMolecule>,
): { slots: Slot[]; planned: Map<string, Planned> } {
  const slots: Slot[] = [];
  const planned = new Map<string, Planned>();
  for (const { file, molecule } of records) {
    const identity = identityOf(molecule);
    const found = existing.get(identity) ?? existing.get(`sha:${molecule.kind}:${molecule.sha256}`);
    if (found) {
      slots.push({ done: entryOf(found, file, molecule.record, true) });
      continue;
    }
    if (!planned.has(identity)) {
      const artifactName = recordFileName(file, molecule);
      planned.set(identity, {
        file,
        molecule,
        artifactKey: moleculeObjectKey(orgId, molecule.sha256, artifactName),
        artifactName,
        uploadKey: file.recordCount > 1 && file.fileName ? uploadObjectKey(orgId, file.sha256, file.fileName) : null,
      });
    }
    slots.push({ pending: identity, file, record: molecule.record });
  }
  return { slots, planned };
}

/** The objects to store: one per new molecule, plus each multi-record upload file that yields a new molecule. */
function objectsOf(planned: Map<string, Planned>, request: UploadRequest): Map<string, StoredObject> {
  const objects = new Map<string, StoredObject>();
  const sourceFiles = new Map(request.files.map((f) => [f.name, f.bytes]));
  for (const plan of planned.values()) {
    const m = plan.molecule;
    objects.set(plan.artifactKey, {
      bytes: m.bytes,
      name: plan.artifactName,
      mediaType: m.mediaType,
      format: m.format,
      sha256: m.sha256,
    });
    const uploadBytes = sourceFiles.get(plan.file.fileName);
    if (plan.uploadKey && uploadBytes)
      objects.set(plan.uploadKey, {
        bytes: uploadBytes,
        name: plan.file.fileName,
        mediaType: m.mediaType,
        format: plan.file.format,
        sha256: plan.file.sha256,
      });
  }
  return objects;
}

/** Which of these keys already have an artifact row in the organisation. */
async function storedKeys(db: Database, orgId: string, keys: string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('artifacts')
    .select('s3_key')
    .where('org_id', '=', orgId)
    .where('s3_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.s3_key));
}

/** Writes the objects named by `keys`, PUT_CONCURRENCY at a time, noting each key in `written` before its PUT. */
async function putObjects(
  storage: Storage,
  objects: Map<string, StoredObject>,
  keys: string[],
  written: string[],
): Promise<void> {
  await inParallel(keys, PUT_CONCURRENCY, async (key) => {
    const object = objects.get(key)!;
    written.push(key);
    await storage.putObject(key, object.bytes, object.mediaType);
  });
}

/** One artifact row per object (an existing one is kept); answers the id of each key's row. */
async function insertArtifacts(
  trx: Transaction<DB>,
  principal: Principal,
  objects: Map<string, StoredObject>,
): Promise<Map<string, string>> {
  const orgId = principal.org.id;
  const keys = [...objects.keys()];
  await trx
    .insertInto('artifacts')
    .values(
      [...objects].map(([key, o]) => ({
        org_id: orgId,
        s3_key: key,
        file_name: o.name.slice(0, 255) || 'file',
        media_type: o.mediaType,
        format: o.format,
        size_bytes: o.bytes.length,
        sha256: o.sha256,
        created_by: principal.userId,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 's3_key']).doNothing())
    .execute();
  const rows = await trx
    .selectFrom('artifacts')
    .select(['id', 's3_key'])
    .where('org_id', '=', orgId)
    .where('s3_key', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.s3_key, r.id]));
}

/**
 * One molecule row per planned identity, INSERT_BATCH at a time. A concurrent upload of the same molecule may have
 * committed first: its row wins and ours is a duplicate of it.
 */
async function insertMolecules(
  trx: Transaction<DB>,
  principal: Principal,
  planned: Map<string, Planned>,
  artifactIds: Map<string, string>,
): Promise<Map<string, CreatedMolecule>> {
  const orgId = principal.org.id;
  const byIdentity = new Map<string, CreatedMolecule>();
  const rows = [...planned].map(([identity, plan]) => ({
    identity,
    molecule: plan.molecule,
    row: moleculeRow(principal, plan, artifactIds),
  }));
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    const inserted = await trx
      .insertInto('molecules')
      .values(batch.map((b) => b.row))
      .onConflict((oc) => oc.doNothing())
      .returning(MOLECULE_COLUMNS)
      .execute();
    const byHash = new Map(inserted.map((row) => [`${row.kind}:${row.content_sha256}`, row]));
    const conflicted: typeof batch = [];
    for (const b of batch) {
      const row = byHash.get(`${b.molecule.kind}:${b.molecule.sha256}`);
      if (row) byIdentity.set(b.identity, { ...row, deduplicated: false });
      else conflicted.push(b);
    }
    if (conflicted.length === 0) continue;
    const again = await findExisting(
      trx,
      orgId,
      conflicted.map((b) => b.molecule),
    );
    for (const b of conflicted) {
      const winner = again.get(b.identity) ?? again.get(`sha:${b.molecule.kind}:${b.molecule.sha256}`);
      if (!winner) throw new Error(`molecule ${b.molecule.name} conflicted but no existing row was found`);
      byIdentity.set(b.identity, { ...winner, deduplicated: true });
    }
  }
  return byIdentity;
}

function moleculeRow(principal: Principal, plan: Planned, artifactIds: Map<string, string>) {
  const m = plan.molecule;
  return {
    org_id: principal.org.id,
    kind: m.kind,
    name: m.name,
    source_format: m.format,
    content_sha256: m.sha256,
    canonical_smiles: m.ligand?.canonicalSmiles ?? null,
    inchikey: m.ligand?.inchikey ?? null,
    formula: m.ligand?.formula ?? null,
    properties: JSON.stringify(propertiesOf(m)),
    artifact_id: artifactIds.get(plan.artifactKey)!,
    upload_artifact_id: plan.uploadKey ? (artifactIds.get(plan.uploadKey) ?? null) : null,
    source_record: m.record,
    created_by: principal.userId,
  };
}

/** Artifacts of molecules that turned out to be duplicates are dropped again in the same transaction. */
async function dropDuplicateArtifacts(trx: Transaction<DB>, orgId: string, freshKeys: string[]): Promise<void> {
  if (freshKeys.length === 0) return;
  await trx
    .deleteFrom('artifacts')
    .where('org_id', '=', orgId)
    .where('s3_key', 'in', freshKeys)
    .where(unreferencedArtifact)
    .execute();
}

/** The answer in upload order; the first record of an identity in this upload is new, later ones duplicates of it. */
function answersOf(slots: Slot[], created: Map<string, CreatedMolecule>): UploadResult['molecules'] {
  const seen = new Set<string>();
  return slots.map((slot) => {
    if ('done' in slot) return slot.done;
    const row = created.get(slot.pending)!;
    const deduplicated = row.deduplicated || seen.has(slot.pending);
    seen.add(slot.pending);
    return entryOf(row, slot.file, slot.record, deduplicated);
  });
}
