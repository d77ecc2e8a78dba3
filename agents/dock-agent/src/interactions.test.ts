// The interactions of docked poses (DOCKING_SCIENCE.md "Interactions"): the XML parser on a real PLIP report
// (test/fixtures/plip-1iep-vina-pose1.xml, made by the command in its header), and the whole profile with the real
// plipcmd on the Vina 1iep tutorial's poses: the hinge H-bond of imatinib to MET318 must be found, and a missing
// plipcmd gives interactions null with the reason, never [].
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { interactionKeys } from '@mad/protocol';
import {
  complexPdb,
  elementOfAdType,
  pdbqtModels,
  profilePoses,
  readPlipReport,
  receptorPdbLines,
  sdfModels,
} from './interactions.js';

const data = join(sharedDataDir, 'vina-1iep');
const receptorPath = join(data, '1iep_receptor.pdbqt');
const posesPath = join(data, '1iep_ligand_vina_out.pdbqt');
const fixture = new URL('../test/fixtures/plip-1iep-vina-pose1.xml', import.meta.url);
const tools = { plip: 'plipcmd', python: '/usr/bin/python3' };

/** The complex of pose 1 exactly as the agent writes it (the fixture's report was made from this file). */
function pose1Complex(dir: string) {
  const receptor = receptorPdbLines(readFileSync(receptorPath, 'utf8'), true);
  const pose = pdbqtModels(readFileSync(posesPath, 'utf8'))[0]!;
  const complex = complexPdb(receptor, pose);
  const path = join(dir, 'complex_1.pdb');
  writeFileSync(path, complex.text);
  return { path, firstLigandSerial: complex.firstLigandSerial, atoms: pose.length };
}

describe('the complex PLIP reads', () => {
  it('is the receptor as PDB, TER, then the pose as HETATM LIG Z 1 numbered after it', () => {
    expect(['A', 'C', 'OA', 'NA', 'HD', 'SA', 'Cl', 'Br', 'Zn', 'N'].map(elementOfAdType)).toEqual([
      'C',
      'C',
      'O',
      'N',
      'H',
      'S',
      'Cl',
      'Br',
      'Zn',
      'N',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'plip-complex-'));
    const { path, firstLigandSerial, atoms } = pose1Complex(dir);
    const lines = readFileSync(path, 'utf8').split('\n');
    const ligand = lines.filter((l) => l.startsWith('HETATM') && l.slice(17, 26) === 'LIG Z   1');
    expect(ligand).toHaveLength(atoms);
    expect(Number(ligand[0]!.slice(6, 11))).toBe(firstLigandSerial);
    // PDB columns: element right-justified in 77–78, no PDBQT charge or AutoDock type left, 80 columns wide (PLIP's
    // fixer drops an atom line that ends in "H": every hydrogen would go).
    expect(ligand.every((l) => /^ {10}[ A-Z][A-Z] {2}$/.test(l.slice(66)))).toBe(true);
    const atomLines = lines.filter((l) => /^(ATOM|HETATM)/.test(l));
    expect(atomLines.every((l) => l.length === 80 && !l.endsWith('H'))).toBe(true);
    expect(atomLines.filter((l) => l.slice(76, 78) === ' H').length).toBeGreaterThan(400);
    const met318 = lines.filter((l) => l.startsWith('ATOM') && l.slice(17, 20) === 'MET' && l.slice(22, 26) === ' 318');
    expect(met318.map((l) => l.slice(12, 16).trim())).toContain('N');
    expect(lines.indexOf(lines.find((l) => l.startsWith('TER'))!)).toBeLessThan(lines.indexOf(ligand[0]!));
  });
});

describe('the poses PLIP reads', () => {
  it('reads the SD records of SDF-only engines (Smina, Gnina) as atoms named element + position', () => {
    const sdf = readFileSync(join(data, '1iep_ligand.sdf'), 'utf8');
    const [atoms] = sdfModels(`${sdf}${sdf}`).slice(0, 1);
    expect(sdfModels(`${sdf}${sdf}`)).toHaveLength(2);
    expect(atoms!.length).toBeGreaterThan(37);
    expect(atoms![0]).toMatchObject({ name: `${atoms![0]!.element}1`, x: expect.any(Number) });
    const pdbqt = pdbqtModels(readFileSync(posesPath, 'utf8'));
    expect(pdbqt).toHaveLength(4);
    expect(pdbqt[0]!.some((a) => a.element === 'H')).toBe(true);
  });
});

describe('the PLIP XML parser', () => {
  it('reads the real report of the 1iep Vina top pose: the MET318 hinge hydrogen bond, typed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plip-fixture-'));
    const complex = pose1Complex(dir);
    const report = await readPlipReport(tools.python, {
      xmlPath: new URL(fixture).pathname,
      complexPath: complex.path,
      firstLigandSerial: complex.firstLigandSerial,
    });
    if (!report.ok) throw new Error(report.reason);
    expect(report.version).toBe('2.2.2');
    const hbonds = report.interactions.filter((i) => i.type === 'hydrogen_bond');
    const met318 = hbonds.find((i) => i.residue.name === 'MET' && i.residue.number === 318);
    expect(met318).toBeDefined();
    expect(met318!.residue.chain).toBe('A');
    // The backbone amide of MET318 to imatinib's pyridine N: a ligand atom by index and name, the protein atom N.
    expect(met318!.proteinAtoms.map((a) => a.name)).toEqual(['N']);
    expect(met318!.ligandAtoms).toHaveLength(1);
    expect(met318!.ligandAtoms[0]!.index).toBeGreaterThanOrEqual(1);
    expect(met318!.ligandAtoms[0]!.index).toBeLessThanOrEqual(complex.atoms);
    expect(met318!.ligandAtoms[0]!.name).toMatch(/^N/);
    expect(met318!.distance).toBeGreaterThan(2.5);
    expect(met318!.distance).toBeLessThan(4.1);
    expect(met318!.angle).toBeGreaterThan(100);
    expect(met318!.detail).toMatch(/^protein donor, backbone, H–A \d\.\d\d Å$/);
    // Last session's count of the same pose: 5 H-bonds, 11 hydrophobic contacts, 1 π-stack.
    const count = (type: string) => report.interactions.filter((i) => i.type === type).length;
    expect(count('hydrogen_bond')).toBe(5);
    expect(count('hydrophobic')).toBe(11);
    expect(count('pi_stacking')).toBe(1);
    const stack = report.interactions.find((i) => i.type === 'pi_stacking')!;
    expect(stack.ligandAtoms.length).toBeGreaterThanOrEqual(5);
    expect(stack.proteinAtoms.length).toBeGreaterThanOrEqual(5);
    expect(stack.angle).not.toBeNull();
    for (const i of report.interactions) {
      expect(i.ligandPoint).toEqual({ x: expect.any(Number), y: expect.any(Number), z: expect.any(Number) });
      expect(i.proteinAtoms.every((a) => a.serial < complex.firstLigandSerial)).toBe(true);
    }
    expect(interactionKeys(report.interactions)).toEqual(
      expect.arrayContaining(['MET318', 'A:MET318', 'hydrogen_bond@MET318', 'hydrogen_bond@A:MET318']),
    );
  });

  it('says why when the report is not PLIP XML or lacks the ligand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plip-bad-'));
    const complex = pose1Complex(dir);
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<report><plipversion>2.2.2</plipversion></report>');
    const none = await readPlipReport(tools.python, { xmlPath: bad, complexPath: complex.path, firstLigandSerial: 1 });
    expect(none).toEqual({ ok: false, reason: expect.stringMatching(/no binding site of the ligand LIG:Z/) });
    writeFileSync(bad, '<report><unclosed>');
    const broken = await readPlipReport(tools.python, {
      xmlPath: bad,
      complexPath: complex.path,
      firstLigandSerial: 1,
    });
    expect(broken).toEqual({ ok: false, reason: expect.stringMatching(/^reading PLIP's report failed/) });
  });
});

describe('profilePoses with the real plipcmd', () => {
  it('profiles the best 3 of the 4 Vina poses; the 4th says why it was not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plip-run-'));
    const started = Date.now();
    const profiles = await profilePoses({
      receptorPath,
      posesPath,
      posesFormat: 'pdbqt',
      poseCount: 4,
      dir,
      tools,
      signal: new AbortController().signal,
    });
    console.log(`plipcmd over 3 poses of 1iep: ${Date.now() - started} ms wall`);
    expect(profiles).toHaveLength(4);
    const top = profiles[0]!;
    expect(top.reason).toBeNull();
    expect(top.profiler).toEqual({ name: 'plip', version: '2.2.2' });
    expect(
      top.interactions!.some((i) => i.type === 'hydrogen_bond' && i.residue.name === 'MET' && i.residue.number === 318),
    ).toBe(true);
    expect(profiles.slice(0, 3).every((p) => Array.isArray(p.interactions))).toBe(true);
    // Receptor atoms by their serial in the receptor file (MET318's backbone N is atom 929 of 1iep_receptor.pdbqt).
    const hinge = top.interactions!.find((i) => i.type === 'hydrogen_bond' && i.residue.number === 318)!;
    expect(hinge.proteinAtoms).toEqual([{ serial: 929, name: 'N' }]);
    for (const rest of profiles.slice(3)) {
      expect(rest.interactions).toBeNull();
      expect(rest.reason).toBe('not profiled: only the best 3 pose(s) of a ligand are');
    }
  }, 120_000);

  it('gives interactions null with the reason when plipcmd is missing, or times out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plip-missing-'));
    const missing = await profilePoses({
      receptorPath,
      posesPath,
      posesFormat: 'pdbqt',
      poseCount: 2,
      dir,
      tools: { ...tools, plip: '/nonexistent/plipcmd' },
      signal: new AbortController().signal,
    });
    expect(missing).toEqual([
      {
        interactions: null,
        reason: expect.stringMatching(/^not profiled: plipcmd could not start: .*ENOENT/),
        profiler: null,
      },
      { interactions: null, reason: expect.stringMatching(/^not profiled: plipcmd could not start/), profiler: null },
    ]);
    const slow = await profilePoses({
      receptorPath,
      posesPath,
      posesFormat: 'pdbqt',
      poseCount: 1,
      dir,
      tools,
      signal: new AbortController().signal,
      timeoutMs: 50,
    });
    expect(slow).toEqual([
      { interactions: null, reason: 'not profiled: plipcmd timed out after 50 ms', profiler: null },
    ]);
  }, 60_000);
});
