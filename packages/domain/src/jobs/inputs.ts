// Resolves what a job request names: the receptor and ligand molecules of the caller's organisation, and the binding
// box the site resolves to (given, autoboxed around a ligand or a HETATM group, or the whole receptor).
import {
  boxAroundCoordinates,
  boxErrors,
  boxReceptorFit,
  boxWarnings,
  blindBox,
  smilesSyntaxProblem,
  type BindingBox,
} from '@mad/chem';
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import type { Vec3 } from '@mad/chem/box';
import { AppError } from '../errors.js';
import type { OrgContext } from './access.js';
import type { BindingSite } from './schemas.js';

export interface MoleculeFile {
  id: string;
  name: string;
  kind: string;
  format: string;
  s3Key: string;
  /** RDKit canonical SMILES of a ligand (what a SMILES-only molecule is docked from). */
  smiles: string | null;
  /** SHA-256 of the stored file (what is docked). */
  sha256: string;
}

/** Molecules of the caller's organisation, by id; a missing id is named in the error. */
export async function moleculesOfCaller(
  ctx: OrgContext,
  ids: string[],
  role: string,
): Promise<Map<string, MoleculeFile>> {
  const found = new Map<string, MoleculeFile>();
  if (ids.length === 0) return found;
  for (let start = 0; start < ids.length; start += 1_000) {
    const chunk = ids.slice(start, start + 1_000);
    const rows = await loadMolecules(ctx.db, ctx.principal.org.id, chunk);
    for (const row of rows) found.set(row.id, row);
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new AppError(
      'NOT_FOUND',
      `${role} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} not found`,
    );
  return found;
}

/** The stored file of each molecule of the organisation (the dispatcher presigns these for the agents). */
export async function loadMolecules(db: Database, orgId: string, ids: string[]): Promise<MoleculeFile[]> {
  const rows = await sql<{
    id: string;
    name: string;
    kind: string;
    format: string;
    s3_key: string;
    canonical_smiles: string | null;
    sha256: string;
  }>`
    select m.id, m.name, m.kind, coalesce(a.format, m.source_format) as format, a.s3_key, m.canonical_smiles, a.sha256
    from molecules m join artifacts a on a.id = m.artifact_id
    where m.org_id = ${orgId} and m.id = any(${ids}::uuid[])`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    format: r.format,
    s3Key: r.s3_key,
    smiles: r.canonical_smiles,
    sha256: r.sha256,
  }));
}

export async function resolveBox(
  ctx: OrgContext,
  site: BindingSite,
  receptor: MoleculeFile,
  readCoordinates: (
    molecule: MoleculeFile,
    hetatm?: { resName: string; chain: string; resSeq: number },
  ) => Promise<(Vec3 & { element?: string })[]>,
): Promise<{ box: BindingBox; warnings: string[] }> {
  let box: BindingBox;
  const receptorAtoms = readCoordinates(receptor);
  receptorAtoms.catch(() => undefined); // awaited below; a refusal before that must not go unhandled
  if (site.mode === 'box') {
    box = { center: site.center, size: site.size };
  } else if (site.mode === 'blind') {
    box = blindBox(await receptorAtoms, site.paddingAngstrom);
  } else {
    if ((site.ligandId ? 1 : 0) + (site.hetatm ? 1 : 0) !== 1) {
      throw new AppError(
        'BAD_REQUEST',
        'autobox needs exactly one reference: ligandId (an uploaded ligand) or hetatm {resName, chain, resSeq} of the receptor',
      );
    }
    if (site.ligandId) {
      const reference = (await moleculesOfCaller(ctx, [site.ligandId], 'autobox ligand')).get(site.ligandId);
      if (!reference) throw new AppError('NOT_FOUND', `autobox ligand ${site.ligandId} not found`);
      box = boxAroundCoordinates(await readCoordinates(reference), site.paddingAngstrom);
    } else {
      const group = site.hetatm!;
      const atoms = await readCoordinates(receptor, group);
      if (atoms.length === 0) {
        throw new AppError(
          'UNPROCESSABLE_CONTENT',
          `the receptor has no HETATM group ${group.resName} ${group.chain || '(no chain)'} ${group.resSeq}`,
        );
      }
      box = boxAroundCoordinates(atoms, site.paddingAngstrom);
    }
  }
  const errors = boxErrors(box);
  if (errors.length > 0) throw new AppError('BAD_REQUEST', `binding site: ${errors.join('; ')}`);
  // The box against the receptor it docks into: one holding no receptor atom docks in empty space.
  const atoms = await receptorAtoms;
  if (atoms.length === 0)
    throw new AppError('UNPROCESSABLE_CONTENT', `receptor ${receptor.name} has no ATOM or HETATM records to dock into`);
  const fit = boxReceptorFit(box, atoms);
  if (fit.errors.length > 0) throw new AppError('UNPROCESSABLE_CONTENT', `binding site: ${fit.errors.join('; ')}`);
  return { box, warnings: [...boxWarnings(box), ...fit.warnings] };
}

/** Every inline SMILES that cannot be one, by its index in `ligands` (the first `max`, with how many there are). */
export function smilesProblems(ligands: { smiles: string }[], max = 20): { problems: string[]; count: number } {
  const problems: string[] = [];
  let count = 0;
  ligands.forEach((ligand, index) => {
    const problem = smilesSyntaxProblem(ligand.smiles.trim());
    if (!problem) return;
    count += 1;
    if (problems.length < max)
      problems.push(
        `ligands[${index}] "${ligand.smiles.length > 60 ? `${ligand.smiles.slice(0, 60)}…` : ligand.smiles}": ${problem}`,
      );
  });
  return { problems, count };
}
