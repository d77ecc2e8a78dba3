// AutoDock4Zn affinity maps (autogrid4) for `vina --scoring ad4 --maps PREFIX`: the grid parameter file, and a
// cache folder keyed by a digest of everything the maps depend on, so a receptor's maps are built once per box and
// reused by every later ligand and task. See project_design/DOCKING_SCIENCE.md "Zinc sites (AutoDock4Zn)".
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, runProcess } from './process.js';
import type { BindingBox } from './types.js';

/** Our parameter library: AD4.1 bound parameters + the TZ pseudo-atom (sources in its header). */
export const ad4ZnParameterFile = fileURLToPath(new URL('../../forcefield/ad4zn.dat', import.meta.url));

/** autogrid4's and Vina's grid spacing in the AutoDock tutorials, Å. */
export const AD4_GRID_SPACING_ANGSTROM = 0.375;

/**
 * The ligand atom types the maps are built for: every type the agent's ligand preparation writes that AutoDock 4 has
 * parameters for (13; autogrid4 computes at most 16 maps per run, these + electrostatics + desolvation), so one map
 * set serves every ligand. Vina scores macrocycle glue atoms (CG0/G0) on the C map.
 */
export const AD4_LIGAND_TYPES = ['A', 'C', 'N', 'NA', 'OA', 'S', 'SA', 'HD', 'F', 'Cl', 'Br', 'I', 'P'] as const;

/**
 * The AutoDock4Zn pair potentials (Santos-Martins et al. 2014, Table 1; Vina's zinc tutorial writes the same lines):
 * r_eq Å, eps kcal/mol, 12-6 exponents. The eps values are unweighted: autogrid 4.2.7 multiplies them by
 * FE_coeff_vdW, 4.2.6 does not (AutoGrid's "epsij ... not being scaled by coeff_vdW" fix), so for 4.2.6 they are
 * written pre-multiplied.
 */
export const AD4ZN_PAIR_POTENTIALS = [
  { rEq: 0.25, eps: 23.2135, ligandType: 'NA', receptorType: 'TZ' },
  { rEq: 2.1, eps: 3.8453, ligandType: 'OA', receptorType: 'Zn' },
  { rEq: 2.25, eps: 7.5914, ligandType: 'SA', receptorType: 'Zn' },
  { rEq: 1.0, eps: 0.0, ligandType: 'HD', receptorType: 'Zn' },
  { rEq: 2.0, eps: 0.006, ligandType: 'NA', receptorType: 'Zn' },
  { rEq: 2.0, eps: 0.2966, ligandType: 'N', receptorType: 'Zn' },
] as const;
const FE_COEFF_VDW = 0.1662;

/** Grid points per axis: enough to cover the box at the spacing, even (autogrid adds the centre point). */
export function gridPoints(sizeAngstrom: number, spacing = AD4_GRID_SPACING_ANGSTROM): number {
  const points = Math.ceil(sizeAngstrom / spacing - 1e-9);
  return points % 2 === 0 ? points : points + 1;
}

/** The box the maps cover (Vina docks in it): the requested centre, npts × spacing per axis. */
export function mapsBox(box: BindingBox, spacing = AD4_GRID_SPACING_ANGSTROM): BindingBox {
  const side = (size: number) => Math.round(gridPoints(size, spacing) * spacing * 1000) / 1000;
  return { center: box.center, size: { x: side(box.size.x), y: side(box.size.y), z: side(box.size.z) } };
}

export interface GridParameters {
  receptorFile: string;
  mapsPrefix: string;
  box: BindingBox;
  spacing: number;
  receptorTypes: string[];
  ligandTypes: readonly string[];
  parameterFile: string;
  /** autogrid older than 4.2.7: it does not weight nbp_r_eps by FE_coeff_vdW itself. */
  weightPairPotentials: boolean;
}

/** The GPF, as AutoDock's prepare_gpf4zn writes it (same keywords and order). */
export function gridParameterFile(p: GridParameters): string {
  const npts = [p.box.size.x, p.box.size.y, p.box.size.z].map((size) => gridPoints(size, p.spacing));
  const weight = p.weightPairPotentials ? FE_COEFF_VDW : 1;
  const pairs = AD4ZN_PAIR_POTENTIALS.filter(
    (pair) => p.ligandTypes.includes(pair.ligandType) && p.receptorTypes.includes(pair.receptorType),
  ).map(
    (pair) => `nbp_r_eps ${pair.rEq} ${(pair.eps * weight).toFixed(6)} 12 6 ${pair.ligandType} ${pair.receptorType}`,
  );
  const { x, y, z } = p.box.center;
  return [
    `npts ${npts.join(' ')}`,
    `parameter_file ${p.parameterFile}`,
    `gridfld ${p.mapsPrefix}.maps.fld`,
    `spacing ${p.spacing}`,
    `receptor_types ${p.receptorTypes.join(' ')}`,
    `ligand_types ${p.ligandTypes.join(' ')}`,
    `receptor ${p.receptorFile}`,
    `gridcenter ${x} ${y} ${z}`,
    'smooth 0.5',
    ...p.ligandTypes.map((type) => `map ${p.mapsPrefix}.${type}.map`),
    `elecmap ${p.mapsPrefix}.e.map`,
    `dsolvmap ${p.mapsPrefix}.d.map`,
    'dielectric -0.1465',
    ...pairs,
    '',
  ].join('\n');
}

/** The atom types a parameter library defines (its atom_par rows). */
export function parameterTypes(library: string): Set<string> {
  return new Set(library.split('\n').flatMap((line) => (line.startsWith('atom_par ') ? [line.split(/\s+/)[1]!] : [])));
}

const isAtomLine = (line: string) => line.startsWith('ATOM') || line.startsWith('HETATM');
const typeOf = (line: string) => line.slice(77, 79).trim();

/**
 * The receptor as autogrid reads it: its atom records, less those whose type the library has no parameters for
 * (Vina's non-AD metals such as Na or K), which are counted.
 */
export function receptorForAutogrid(
  pdbqt: string,
  known: Set<string>,
): { text: string; types: string[]; dropped: Map<string, number> } {
  const dropped = new Map<string, number>();
  const types: string[] = [];
  // Atom records only: REMARKs (Open Babel's name the file's path) would make the same receptor two cache entries.
  const kept = pdbqt.split('\n').filter((line) => {
    if (!isAtomLine(line)) return false;
    const type = typeOf(line);
    if (!known.has(type)) {
      dropped.set(type, (dropped.get(type) ?? 0) + 1);
      return false;
    }
    if (!types.includes(type)) types.push(type);
    return true;
  });
  return { text: kept.join('\n'), types, dropped };
}

/** The ligand atom types of a PDBQT, glue atoms (G0, CG0, ...) read as Vina scores them. */
export function ligandTypes(pdbqt: string): string[] {
  const types = new Set<string>();
  for (const line of pdbqt.split('\n')) {
    if (!isAtomLine(line)) continue;
    const type = line.slice(77).trim();
    if (/^G\d+$/.test(type)) continue;
    types.add(/^CG\d+$/.test(type) ? 'C' : type);
  }
  return [...types];
}

/** "4.2.6" from `autogrid4 --version` ("AutoGrid 4.2.6"), or null when it does not answer. */
export async function autogridVersion(autogrid: string): Promise<string | null> {
  const result = await runProcess(autogrid, ['--version'], {}).catch(() => null);
  const match = result ? /AutoGrid\s+(\d+\.\d+\.\d+\S*)/.exec(`${result.stdout}\n${result.stderr}`) : null;
  return match?.[1] ?? null;
}

/** 4.2.7 and later weight nbp_r_eps by FE_coeff_vdW themselves. */
export function weightsPairPotentialsItself(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 4 || (major === 4 && (minor > 2 || (minor === 2 && patch >= 7)));
}

export interface Ad4Maps {
  /** `vina --maps` takes this: PREFIX.<type>.map, PREFIX.e.map, PREFIX.d.map. */
  prefix: string;
  /** The cache entry's name (SHA-256 of the inputs). */
  key: string;
  /** False: an earlier task (or ligand) built them and they were reused. */
  built: boolean;
  box: BindingBox;
  autogridVersion: string;
  /** What the receptor copy for autogrid left out ("1 Na atom"). */
  droppedAtoms: string[];
}

export interface Ad4MapsRequest {
  /** The receptor PDBQT with the zinc pseudo-atoms (prep/zinc-sites.ts). */
  receptorPdbqt: string;
  box: BindingBox;
  cacheDir: string;
  autogrid: string;
  spacing?: number;
  /** Cache entries kept (newest by use); default 16 (~20 MB each for a 20 Å box). */
  keep?: number;
  signal?: AbortSignal;
}

const building = new Map<string, Promise<Ad4Maps>>();

/**
 * The AutoDock4Zn maps of this receptor and box: from the cache when an earlier run built them (same receptor
 * bytes, box, spacing, ligand types, parameter library and autogrid version), else built now by autogrid4 into a
 * fresh folder that is renamed into place, so concurrent builders never see half-written maps.
 */
export async function ensureAd4Maps(request: Ad4MapsRequest): Promise<Ad4Maps> {
  const spacing = request.spacing ?? AD4_GRID_SPACING_ANGSTROM;
  const version = await autogridVersion(request.autogrid);
  if (version === null)
    throw new Error(`autogrid4 is not installed on this agent (tried "${request.autogrid}"; Debian package autogrid)`);
  const library = await readFile(ad4ZnParameterFile, 'utf8');
  const receptor = receptorForAutogrid(request.receptorPdbqt, parameterTypes(library));
  const { center, size } = request.box;
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        receptor: receptor.text,
        center: [center.x, center.y, center.z].map((v) => v.toFixed(3)),
        size: [size.x, size.y, size.z].map((v) => v.toFixed(3)),
        spacing,
        ligandTypes: AD4_LIGAND_TYPES,
        library,
        autogrid: version,
      }),
    )
    .digest('hex');
  const pending = building.get(key);
  if (pending) return pending.then((maps) => ({ ...maps, built: false }));
  const work = buildOrReuse(key, receptor, request, spacing, version, library);
  building.set(key, work);
  try {
    return await work;
  } finally {
    building.delete(key);
  }
}

const MAPS_NAME = 'receptor';

async function buildOrReuse(
  key: string,
  receptor: ReturnType<typeof receptorForAutogrid>,
  request: Ad4MapsRequest,
  spacing: number,
  version: string,
  library: string,
): Promise<Ad4Maps> {
  const dir = join(request.cacheDir, key);
  const droppedAtoms = [...receptor.dropped].map(([type, count]) => `${count} ${type} atom${count === 1 ? '' : 's'}`);
  const result = (built: boolean): Ad4Maps => ({
    prefix: join(dir, MAPS_NAME),
    key,
    built,
    box: mapsBox(request.box, spacing),
    autogridVersion: version,
    droppedAtoms,
  });
  if (await complete(dir)) {
    const now = new Date();
    await writeFile(join(dir, 'used'), now.toISOString());
    return result(false);
  }
  await mkdir(request.cacheDir, { recursive: true });
  const tmp = join(request.cacheDir, `.building-${key.slice(0, 16)}-${randomUUID()}`);
  await mkdir(tmp);
  try {
    await writeFile(join(tmp, `${MAPS_NAME}.pdbqt`), receptor.text);
    await writeFile(join(tmp, 'ad4zn.dat'), library);
    const gpf = gridParameterFile({
      receptorFile: `${MAPS_NAME}.pdbqt`,
      mapsPrefix: MAPS_NAME,
      box: request.box,
      spacing,
      receptorTypes: receptor.types,
      ligandTypes: AD4_LIGAND_TYPES,
      parameterFile: 'ad4zn.dat',
      weightPairPotentials: !weightsPairPotentialsItself(version),
    });
    await writeFile(join(tmp, `${MAPS_NAME}.gpf`), gpf);
    const run = await runProcess(request.autogrid, ['-p', `${MAPS_NAME}.gpf`, '-l', `${MAPS_NAME}.glg`], {
      cwd: tmp,
      signal: request.signal,
    });
    if (run.killedFor) throw new Error(`autogrid4 ${run.killedFor}`);
    const glg = await readFile(join(tmp, `${MAPS_NAME}.glg`), 'utf8').catch(() => '');
    if (run.exitCode !== 0 || !glg.includes('Successful Completion')) {
      const why = /ERROR:?\s*(.*)/.exec(glg)?.[1]?.trim();
      throw new Error(`autogrid4 failed: ${why ?? describeFailure('autogrid4', run)}`);
    }
    await writeFile(join(tmp, 'used'), new Date().toISOString());
    await writeFile(join(tmp, 'complete'), `${version}\n`);
    await rename(tmp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same maps first: theirs are as good as ours.
      if (!(await complete(dir))) throw error;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  await pruneCache(request.cacheDir, request.keep ?? 16, key);
  return result(true);
}

async function complete(dir: string): Promise<boolean> {
  return stat(join(dir, 'complete')).then(
    () => true,
    () => false,
  );
}

/** Keeps the `keep` most recently used entries (and the one just built). */
async function pruneCache(cacheDir: string, keep: number, current: string): Promise<void> {
  const names = (await readdir(cacheDir).catch(() => [] as string[])).filter((name) => /^[0-9a-f]{64}$/.test(name));
  if (names.length <= keep) return;
  const used = await Promise.all(
    names.map(async (name) => ({
      name,
      at: (await stat(join(cacheDir, name, 'used')).catch(() => null))?.mtimeMs ?? 0,
    })),
  );
  used.sort((a, b) => b.at - a.at);
  for (const { name } of used.slice(keep))
    if (name !== current) await rm(join(cacheDir, name), { recursive: true, force: true });
}
