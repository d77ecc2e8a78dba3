// The protein–ligand interactions of a docked ligand's best poses (DOCKING_SCIENCE.md "Interactions"): each pose is
// merged with the receptor as docked into one complex PDB (receptor ATOM/HETATM lines, then the pose as the HETATM
// residue LIG:Z), PLIP (plipcmd, the Debian package) profiles them in one process with a timeout, and
// python/plip_report.py reads each XML report into typed interactions. PLIP missing, failing or timing out gives
// interactions null with the reason, never an empty list.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Interaction, type PoseInteractions } from '@mad/protocol';
import { describeFailure, runProcess } from './engines/process.js';

/** Poses profiled per ligand: the best 3 (about 1 s of CPU each; DOCKING_SCIENCE.md "Interactions"). */
export const PROFILED_POSES = 3;
/** One plipcmd run (all of a ligand's profiled poses) is killed after this long. */
export const PLIP_TIMEOUT_MS = 120_000;
export const LIGAND_HETID = 'LIG';
export const LIGAND_CHAIN = 'Z';

export const plipReportScript = fileURLToPath(new URL('../python/plip_report.py', import.meta.url));

export interface InteractionTools {
  plip: string;
  python: string;
}

/** PDB element of an AutoDock atom type: OA → O, HD → H, NA → N, SA → S, A → C, Cl → Cl. */
export function elementOfAdType(type: string): string {
  const t = type.trim();
  // A: aromatic carbon; CG0/G0: Meeko's macrocycle glue carbons.
  if (t === 'A' || /^C?G\d$/.test(t)) return 'C';
  if (/^(NA|NS|OA|OS|SA|HD|HS)$/.test(t)) return t[0]!;
  if (t.length === 2) return `${t[0]}${t[1]!.toLowerCase()}`;
  return t || 'X';
}

const isAtom = (line: string) => line.startsWith('ATOM') || line.startsWith('HETATM');

/**
 * A PDB(QT) atom line as a PDB one of 80 columns: 1–66 kept, a PDBQT's charge and AutoDock type replaced by the
 * element (77–78), the charge columns blank. The full width matters: PLIP's PDB fixer drops every atom line that
 * ends in "H" (an element H written without the charge columns), which would strip the hydrogens it needs.
 */
function pdbAtomLine(line: string, pdbqt: boolean): string {
  if (!pdbqt) return line.trimEnd().padEnd(80);
  const element = elementOfAdType(line.slice(77).trim());
  return `${line.slice(0, 66).padEnd(66)}          ${element.toUpperCase().slice(0, 2).padStart(2)}  `;
}

/** One atom of a pose as it goes into the complex. */
export interface PoseAtom {
  name: string;
  element: string;
  x: number;
  y: number;
  z: number;
}

/** The models of a PDBQT poses file (MODEL … ENDMDL), each its atoms; a file without MODEL is one model. */
export function pdbqtModels(text: string): PoseAtom[][] {
  const models: PoseAtom[][] = [];
  let current: PoseAtom[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('MODEL')) current = [];
    else if (line.startsWith('ENDMDL')) {
      if (current) models.push(current);
      current = null;
    } else if (isAtom(line))
      (current ?? (models[0] ??= [])).push({
        name: line.slice(12, 16).trim(),
        element: elementOfAdType(line.slice(77).trim()),
        x: Number(line.slice(30, 38)),
        y: Number(line.slice(38, 46)),
        z: Number(line.slice(46, 54)),
      });
  }
  return models;
}

/** The records of an SD file (V2000 atom blocks), each its atoms named element + position (N3: the third atom). */
export function sdfModels(text: string): PoseAtom[][] {
  const models: PoseAtom[][] = [];
  for (const record of text.split(/^\$\$\$\$\r?$/m)) {
    const lines = record.replace(/^\r?\n/, '').split(/\r?\n/);
    const counts = lines[3];
    if (!counts || !/V2000/.test(counts)) continue;
    const n = Number(counts.slice(0, 3));
    const atoms = lines.slice(4, 4 + n).map((line, i) => {
      const element = line.slice(31, 34).trim() || 'X';
      return {
        name: `${element}${i + 1}`.slice(0, 4),
        element,
        x: Number(line.slice(0, 10)),
        y: Number(line.slice(10, 20)),
        z: Number(line.slice(20, 30)),
      };
    });
    if (atoms.length === n && n > 0) models.push(atoms);
  }
  return models;
}

/**
 * The receptor's atom lines as PDB (waters already dropped at preparation), numbered 1…n as PLIP expects (it
 * renumbers any gap itself, and then names atoms by its own numbers), with each line's serial in the file.
 */
export function receptorPdbLines(
  text: string,
  pdbqt: boolean,
): { lines: string[]; lastSerial: number; serials: number[] } {
  const lines: string[] = [];
  const serials: number[] = [];
  for (const line of text.split('\n')) {
    if (!isAtom(line)) continue;
    serials.push(Number(line.slice(6, 11)) || 0);
    const serial = String(lines.length + 1).padStart(5);
    lines.push(`${line.slice(0, 6)}${serial}${pdbAtomLine(line, pdbqt).slice(11)}`);
  }
  return { lines, lastSerial: lines.length, serials };
}

const coordinate = (value: number) => value.toFixed(3).padStart(8);

/** PDB's atom name column: a one-letter element's name starts one column in (" C1 "), others fill it ("CL1 "). */
const atomNameField = (name: string, element: string) =>
  (element.length === 1 && name.length < 4 ? ` ${name}` : name).padEnd(4).slice(0, 4);

/**
 * One pose with the receptor as a complex PDB PLIP reads: the receptor's lines, TER, then the pose's atoms as
 * HETATM LIG Z 1 numbered from firstLigandSerial (index 1 of the pose = that serial).
 */
export function complexPdb(
  receptor: { lines: readonly string[]; lastSerial: number },
  pose: readonly PoseAtom[],
): { text: string; firstLigandSerial: number } {
  const firstLigandSerial = receptor.lastSerial + 2;
  if (firstLigandSerial + pose.length > 99_999)
    throw new Error(`the receptor has too many atoms for PDB serials (${receptor.lastSerial})`);
  const ligand = pose.map((atom, i) => {
    const serial = String(firstLigandSerial + i).padStart(5);
    const element = atom.element.toUpperCase().slice(0, 2).padStart(2);
    return `HETATM${serial} ${atomNameField(atom.name, atom.element)} ${LIGAND_HETID} ${LIGAND_CHAIN}   1    ${coordinate(atom.x)}${coordinate(atom.y)}${coordinate(atom.z)}  1.00  0.00          ${element}  `;
  });
  const ter = `TER   ${String(receptor.lastSerial + 1).padStart(5)}`;
  return { text: [...receptor.lines, ter, ...ligand, 'END', ''].join('\n'), firstLigandSerial };
}

const Answer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), plipVersion: z.string(), interactions: z.array(Interaction) }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);

/** plip_report.py over one report: the interactions with PLIP's version, or why they could not be read. */
export async function readPlipReport(
  python: string,
  report: { xmlPath: string; complexPath: string; firstLigandSerial: number },
  signal?: AbortSignal,
): Promise<{ ok: true; version: string; interactions: Interaction[] } | { ok: false; reason: string }> {
  const args = [
    plipReportScript,
    report.xmlPath,
    report.complexPath,
    LIGAND_HETID,
    LIGAND_CHAIN,
    String(report.firstLigandSerial),
  ];
  const result = await runProcess(python, args, { signal });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !last.startsWith('{'))
    return { ok: false, reason: describeFailure('plip_report.py', result) };
  const parsed = Answer.safeParse(JSON.parse(last));
  if (!parsed.success)
    return { ok: false, reason: `plip_report.py answered an unexpected shape: ${parsed.error.message}` };
  const answer = parsed.data;
  return answer.ok ? { ok: true, version: answer.plipVersion, interactions: answer.interactions } : answer;
}

let receptorMemo: { path: string; lines: Promise<ReturnType<typeof receptorPdbLines>> } | null = null;

/** The receptor's PDB lines, read once per receptor file (a batch docks every ligand into the same one). */
function receptorLines(path: string) {
  if (receptorMemo?.path !== path)
    receptorMemo = {
      path,
      lines: readFile(path, 'utf8').then((text) => receptorPdbLines(text, path.toLowerCase().endsWith('.pdbqt'))),
    };
  return receptorMemo.lines;
}

const notProfiled = (reason: string): PoseInteractions => ({ interactions: null, reason, profiler: null });

/**
 * The interactions of each pose of `posesPath` (index i = pose rank i + 1): the first `count` profiled, the
 * rest null with the reason. Never throws: every failure is the poses' reason.
 */
export async function profilePoses(input: {
  receptorPath: string;
  /** The engine's poses: its PDBQT (Vina; polar hydrogens as docked) or its SD file (Smina, Gnina). */
  posesPath: string;
  posesFormat: 'pdbqt' | 'sdf';
  poseCount: number;
  dir: string;
  tools: InteractionTools;
  signal: AbortSignal;
  count?: number;
  timeoutMs?: number;
}): Promise<PoseInteractions[]> {
  const count = Math.min(input.count ?? PROFILED_POSES, input.poseCount);
  const rest = Array.from({ length: input.poseCount - count }, () =>
    notProfiled(`not profiled: only the best ${count} pose(s) of a ligand are`),
  );
  const all = (reason: string) => [...Array.from({ length: count }, () => notProfiled(reason)), ...rest];
  if (count === 0) return rest;
  const dir = join(input.dir, 'plip');
  const timeoutMs = input.timeoutMs ?? PLIP_TIMEOUT_MS;
  let complexes: { name: string; firstLigandSerial: number }[];
  let receptor: ReturnType<typeof receptorPdbLines>;
  try {
    let poses: PoseAtom[][];
    [receptor, poses] = await Promise.all([
      receptorLines(input.receptorPath),
      readFile(input.posesPath, 'utf8').then(input.posesFormat === 'pdbqt' ? pdbqtModels : sdfModels),
    ]);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    complexes = [];
    for (let i = 0; i < count; i += 1) {
      const pose = poses[i];
      if (!pose?.length) return all(`not profiled: pose ${i + 1} has no atoms in the engine's poses`);
      const complex = complexPdb(receptor, pose);
      const name = `complex_${i + 1}`;
      await writeFile(join(dir, `${name}.pdb`), complex.text);
      complexes.push({ name, firstLigandSerial: complex.firstLigandSerial });
    }
  } catch (error) {
    return all(`not profiled: building the complex failed: ${(error as Error).message}`);
  }

  const controller = new AbortController();
  const onStop = () => controller.abort(new Error('stopped'));
  input.signal.addEventListener('abort', onStop, { once: true });
  if (input.signal.aborted) onStop();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const files = complexes.map((c) => `${c.name}.pdb`);
    // --nohydro: the receptor and the poses as docked carry their polar hydrogens, PLIP adds none.
    const result = await runProcess(input.tools.plip, ['-f', ...files, '-x', '-o', '.', '-q', '--nohydro'], {
      cwd: dir,
      signal: controller.signal,
    }).catch((error: Error) => error);
    if (result instanceof Error) return all(`not profiled: plipcmd could not start: ${result.message}`);
    if (result.killedFor) return all(`not profiled: plipcmd ${result.killedFor}`);
    if (result.exitCode !== 0) return all(`not profiled: ${describeFailure('plipcmd', result)}`);
    // One file: its report in the output folder; several: one folder per file.
    const reports = complexes.map((c) => ({
      xmlPath: complexes.length === 1 ? join(dir, 'report.xml') : join(dir, c.name, 'report.xml'),
      complexPath: join(dir, `${c.name}.pdb`),
      firstLigandSerial: c.firstLigandSerial,
    }));
    const read = await Promise.all(reports.map((r) => readPlipReport(input.tools.python, r, controller.signal)));
    // PLIP names receptor atoms by their number in the complex; the answer gives their serial in the receptor file.
    const inReceptor = (i: Interaction): Interaction => ({
      ...i,
      proteinAtoms: i.proteinAtoms.map((a) => ({ ...a, serial: receptor.serials[a.serial - 1] ?? a.serial })),
    });
    return [
      ...read.map((r): PoseInteractions =>
        r.ok
          ? {
              interactions: r.interactions.map(inReceptor),
              reason: null,
              profiler: { name: 'plip', version: r.version },
            }
          : notProfiled(`not profiled: ${r.reason}`),
      ),
      ...rest,
    ];
  } finally {
    clearTimeout(timer);
    input.signal.removeEventListener('abort', onStop);
  }
}
