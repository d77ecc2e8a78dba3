// Which scoring a Vina batch uses: AutoDock4Zn when the prepared receptor has a zinc with a free tetrahedral site (a
// TZ pseudo-atom) inside the box, Vina's own scoring otherwise (DOCKING_SCIENCE.md "Zinc sites (AutoDock4Zn)").
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, runProcess } from '../engines/process.js';
import { AD4_LIGAND_TYPES, ensureAd4Maps, ligandTypes, type Ad4Maps } from '../engines/ad4-maps.js';
import type { BindingBox } from '../engines/types.js';
import { placeZincPseudoAtoms, type ZincSite } from './zinc-sites.js';

export interface ZincScoring {
  maps: Ad4Maps;
  sites: ZincSite[];
  /** The batch's note: what ran, for every ligand's result. */
  note: string;
}

/** Same relative path from src/prep and dist/prep. */
export const receptorChargesScript = fileURLToPath(new URL('../../python/receptor_charges.py', import.meta.url));

/** The receptor PDBQT with AutoDock 4 charges (python/receptor_charges.py: Gasteiger, zinc 0), written to outPath. */
export async function chargedReceptor(
  pdbqtPath: string,
  outPath: string,
  python: string,
  signal?: AbortSignal,
): Promise<{ notes: string[]; netCharge: number }> {
  const result = await runProcess(python, [receptorChargesScript], {
    stdin: JSON.stringify({ pdbqt: pdbqtPath, out: outPath }),
    signal,
  });
  if (result.killedFor) throw new Error(`receptor charges ${result.killedFor}`);
  const answer = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !answer.startsWith('{'))
    throw new Error(`receptor charges failed: ${describeFailure('receptor_charges.py', result)}`);
  const parsed = JSON.parse(answer) as { ok: true; notes: string[]; netCharge: number } | { ok: false; reason: string };
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed;
}

const hasZinc = (pdbqt: string) =>
  pdbqt.split('\n').some((line) => /^(ATOM|HETATM)/.test(line) && line.slice(77, 79).trim().toUpperCase() === 'ZN');

const inside = (box: BindingBox, [x, y, z]: [number, number, number]) =>
  Math.abs(x - box.center.x) <= box.size.x / 2 &&
  Math.abs(y - box.center.y) <= box.size.y / 2 &&
  Math.abs(z - box.center.z) <= box.size.z / 2;

/**
 * The zinc sites of the receptor PDBQT whose pseudo-atom lies in the box; with any, the AutoDock4Zn maps (built or
 * reused); without, null and the reason (for a note when the receptor has zinc at all).
 */
export async function zincScoringFor(
  receptorPdbqtPath: string,
  box: BindingBox,
  options: { cacheDir: string; autogrid: string; python: string; workDir: string; signal?: AbortSignal },
): Promise<{ scoring: ZincScoring | null; note: string | null }> {
  if (!hasZinc(await readFile(receptorPdbqtPath, 'utf8'))) return { scoring: null, note: null };
  const chargedPath = join(options.workDir, 'receptor_ad4.pdbqt');
  const charges = await chargedReceptor(receptorPdbqtPath, chargedPath, options.python, options.signal);
  const zinc = placeZincPseudoAtoms(await readFile(chargedPath, 'utf8'));
  if (zinc.sites.length === 0) return { scoring: null, note: null };
  const open = zinc.sites.filter((site) => site.pseudoAtom && inside(box, site.pseudoAtom));
  if (open.length === 0) {
    const why = zinc.sites.map((site) =>
      site.pseudoAtom
        ? `${site.zinc} has a free tetrahedral site outside the box`
        : `${site.zinc} has ${site.binders.length} receptor ligand atom(s), not 3`,
    );
    return { scoring: null, note: `Vina scoring: no open zinc site in the box (${why.join('; ')})` };
  }
  const { cacheDir, autogrid, signal } = options;
  const maps = await ensureAd4Maps({ receptorPdbqt: zinc.text, box, cacheDir, autogrid, signal });
  const sites = open.map(
    (site) => `${site.zinc} (${site.binders.join(', ')}; TZ at ${site.pseudoAtom!.map((v) => v.toFixed(3)).join(' ')})`,
  );
  const { size } = maps.box;
  const note =
    `AutoDock4Zn scoring (vina --scoring ad4 on autogrid4 ${maps.autogridVersion} maps, ` +
    `${maps.built ? 'built for this receptor and box' : 'reused from an earlier run'}; ` +
    `box ${size.x} x ${size.y} x ${size.z} Å): zinc site ${sites.join('; ')}; ` +
    `${charges.notes.join('; ')} (net ${charges.netCharge})` +
    (maps.droppedAtoms.length
      ? `; left out of the maps (no AutoDock 4 parameters): ${maps.droppedAtoms.join(', ')}`
      : '') +
    '. Affinities are AutoDock 4 free-energy estimates (kcal/mol), not Vina scores.';
  return { scoring: { maps, sites: open, note }, note };
}

/** Null when the maps cover the ligand's atom types, else why it cannot be scored with AutoDock4Zn. */
export function unmappedLigandTypes(ligandPdbqt: string): string | null {
  const missing = ligandTypes(ligandPdbqt).filter((type) => !(AD4_LIGAND_TYPES as readonly string[]).includes(type));
  return missing.length
    ? `AutoDock4Zn has no map for ligand atom type(s) ${missing.join(', ')} (maps: ${AD4_LIGAND_TYPES.join(' ')})`
    : null;
}
