// Ligand preparation and pose post-processing through python/mad_chem.py with the real RDKit and Open Babel.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { parseVinaPdbqt } from '../engines/vina.js';
import { prepareLigand, type PreparedLigand } from './ligand.js';
import { writePosesSdf } from './poses.js';

const tools = { python: '/usr/bin/python3' };
const vina1iep = join(sharedDataDir, 'vina-1iep');
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';

const outDir = () => mkdtempSync(join(tmpdir(), 'mad-lig-'));

async function prepared(source: Parameters<typeof prepareLigand>[0]['source'], seed = 42): Promise<PreparedLigand> {
  const answer = await prepareLigand({ name: 'lig', source, outDir: outDir(), seed }, tools);
  if (!answer.ok) throw new Error(answer.reason);
  return answer;
}

/** O=C-N-C dihedrals of acyclic secondary amides in an SDF, via RDKit. */
function amideDihedrals(sdfPath: string): number[] {
  const script = [
    'import sys',
    'from rdkit import Chem',
    'from rdkit.Chem import rdMolTransforms as T',
    'm = Chem.MolFromMolFile(sys.argv[1], removeHs=False)',
    "p = Chem.MolFromSmarts('[OX1]=[CX3]-!@[NX3;H1]-[#6]')",
    'print(" ".join(str(round(T.GetDihedralDeg(m.GetConformer(), *t))) for t in m.GetSubstructMatches(p)))',
  ].join('\n');
  return execFileSync('/usr/bin/python3', ['-c', script, sdfPath], { encoding: 'utf8' }).trim().split(' ').map(Number);
}

describe('prepareLigand from SMILES', () => {
  it('imatinib: one protonated piperazine N at pH 7.4, trans amide, MMFF94, PDBQT with Gasteiger charges', async () => {
    const ligand = await prepared({ kind: 'smiles', smiles: IMATINIB });
    expect(ligand.smiles).toBe(IMATINIB);
    expect(ligand.netCharge).toBe(1);
    expect(ligand.heavyAtoms).toBe(37);
    expect(ligand.forceField).toBe('MMFF94');
    expect(ligand.conformers).toBe(10);
    expect(ligand.notes.join(' ')).toMatch(/kept one protonated N per 1,2-diamine/);
    expect(amideDihedrals(ligand.templatePath).every((dihedral) => Math.abs(dihedral) < 90)).toBe(true);
    const pdbqt = readFileSync(ligand.preparedPdbqtPath, 'utf8');
    expect(pdbqt).toMatch(/^TORSDOF \d+/m);
    expect(
      pdbqt
        .split('\n')
        .filter((line) => line.startsWith('ATOM'))
        .some((line) => Number(line.slice(70, 76)) !== 0),
    ).toBe(true);
  });

  it('is reproducible for a seed', async () => {
    const first = await prepared({ kind: 'smiles', smiles: 'CC(=O)Nc1ccc(O)cc1' }, 7);
    const second = await prepared({ kind: 'smiles', smiles: 'CC(=O)Nc1ccc(O)cc1' }, 7);
    const atoms = (path: string) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('ATOM'))
        .join('\n');
    expect(atoms(first.preparedPdbqtPath)).toBe(atoms(second.preparedPdbqtPath));
  });

  it('protonates acetic acid to acetate, keeps the largest fragment of a salt and flags unspecified stereo', async () => {
    expect((await prepared({ kind: 'smiles', smiles: 'CC(O)=O' })).netCharge).toBe(-1);
    const salt = await prepared({ kind: 'smiles', smiles: 'CCN.Cl' });
    expect(salt.smiles).toBe('CC[NH3+]');
    expect(salt.notes[0]).toBe('kept the largest fragment CCN of CCN.Cl');
    expect((await prepared({ kind: 'smiles', smiles: 'CC=CC' })).notes).toContain(
      'unspecified double bond at index 1: the embedding chose one isomer',
    );
  });

  it('deprotonates tetrazoles and N-acylsulfonamides (pKa < 6) that Open Babel leaves neutral or writes wrongly', async () => {
    const tetrazole = await prepared({ kind: 'smiles', smiles: 'Clc1ccc(OCc2nnn[nH]2)cc1' });
    expect(tetrazole).toMatchObject({ smiles: 'Clc1ccc(OCc2nnn[n-]2)cc1', netCharge: -1 });
    expect(tetrazole.notes[0]).toBe('tetrazole N-H (pKa < 6) deprotonated for pH 7.4');
    // the 2H tautomer is the same anion
    expect((await prepared({ kind: 'smiles', smiles: 'Clc1ccc(OCc2nn[nH]n2)cc1' })).smiles).toBe(tetrazole.smiles);
    // Open Babel still protonates the rest: a zwitterion
    expect(await prepared({ kind: 'smiles', smiles: 'CNCCc1nn[nH]n1' })).toMatchObject({
      smiles: 'C[NH2+]CCc1nnn[n-]1',
      netCharge: 0,
    });
    const acylsulfonamide = await prepared({ kind: 'smiles', smiles: 'CC(=O)NS(=O)(=O)c1ccccc1' });
    expect(acylsulfonamide).toMatchObject({ smiles: 'CC(=O)[N-]S(=O)(=O)c1ccccc1', netCharge: -1 });
    // a sulfonyl S is no stereocentre (RDKit flags one); a plain sulfonamide (pKa 10) stays neutral
    expect(acylsulfonamide.notes.join(' ')).not.toMatch(/unspecified/);
    expect(await prepared({ kind: 'smiles', smiles: 'NS(=O)(=O)c1ccccc1' })).toMatchObject({ netCharge: 0, notes: [] });
    const pdbqt = readFileSync(tetrazole.preparedPdbqtPath, 'utf8');
    expect(pdbqt.split('\n').filter((line) => /^ATOM.* HD\s*$/.test(line))).toEqual([]);
  });

  it('fails invalid SMILES and radicals with a reason', async () => {
    const bad = await prepareLigand(
      { name: 'x', source: { kind: 'smiles', smiles: 'C1CC(' }, outDir: outDir(), seed: 1 },
      tools,
    );
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/^SMILES parse error: .*C1CC\(/) });
    const radical = await prepareLigand(
      { name: 'x', source: { kind: 'smiles', smiles: '[CH2]C' }, outDir: outDir(), seed: 1 },
      tools,
    );
    expect(radical).toMatchObject({ ok: false, reason: expect.stringMatching(/radicals/) });
  });
});

/** Endocyclic dihedrals (degrees) of the non-aromatic rings of each SDF, in one atom order (RDKit). */
function ringDihedrals(sdfPaths: string[]): number[][] {
  const script = [
    'import sys',
    'from rdkit import Chem',
    'from rdkit.Chem import rdMolTransforms as T',
    'for path in sys.argv[1:]:',
    '    m = Chem.MolFromMolFile(path, removeHs=False)',
    '    rings = [r for r in m.GetRingInfo().AtomRings() if not all(m.GetAtomWithIdx(a).GetIsAromatic() for a in r)]',
    '    print(" ".join(str(T.GetDihedralDeg(m.GetConformer(), *[r[(i + k) % len(r)] for k in range(4)]))',
    '                   for r in rings for i in range(len(r))))',
  ].join('\n');
  return execFileSync('/usr/bin/python3', ['-c', script, ...sdfPaths], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number));
}

const angleDifference = (a: number, b: number) => Math.min(Math.abs(a - b) % 360, 360 - (Math.abs(a - b) % 360));

describe('ring conformers (Vina never changes ring geometry)', () => {
  it('tetralin: both half-chairs of the saturated ring are prepared, as separate dockable PDBQTs', async () => {
    const ligand = await prepared({ kind: 'smiles', smiles: 'C1CCc2ccccc2C1' });
    expect(ligand.variants).toHaveLength(1);
    const [variant] = ligand.variants ?? [];
    if (!variant) throw new Error('no variant');
    expect(variant.label).toBe('ring conformer 2');
    expect(variant.deltaKcalMol).toBeGreaterThanOrEqual(0);
    expect(variant.deltaKcalMol).toBeLessThanOrEqual(3);
    const [main, other] = ringDihedrals([ligand.templatePath, variant.templatePath]);
    // the mirror half-chair: some ring dihedral differs by more than 45 degrees
    expect(Math.max(...(main ?? []).map((angle, i) => angleDifference(angle, other?.[i] ?? angle)))).toBeGreaterThan(
      45,
    );
    const smilesRemark = (path: string) => /^REMARK SMILES .*$/m.exec(readFileSync(path, 'utf8'))?.[0];
    expect(smilesRemark(variant.preparedPdbqtPath)).toBe(smilesRemark(ligand.preparedPdbqtPath));
    expect(readFileSync(variant.preparedPdbqtPath, 'utf8')).toMatch(/^TORSDOF 0/m);
    expect(ligand.notes.join(' ')).toMatch(
      /2 conformers with different ring shapes .* are docked; the best score wins/,
    );
  });

  it('up to ringConformers in total, within 3 kcal/mol; none for acyclic or aromatic-only ligands or crystal files', async () => {
    const piperidinone = await prepared({ kind: 'smiles', smiles: 'O=C1CCCCN1Cc1ccccc1' });
    expect(piperidinone.variants?.length).toBe(2);
    for (const variant of piperidinone.variants ?? []) expect(variant.deltaKcalMol).toBeLessThanOrEqual(3);
    const one = await prepareLigand(
      {
        name: 'lig',
        source: { kind: 'smiles', smiles: 'O=C1CCCCN1Cc1ccccc1' },
        outDir: outDir(),
        seed: 42,
        options: { ringConformers: 1 },
      },
      tools,
    );
    expect(one.ok && one.variants).toEqual([]);
    expect((await prepared({ kind: 'smiles', smiles: 'CCCCO' })).variants).toEqual([]);
    expect((await prepared({ kind: 'smiles', smiles: 'c1ccc(-c2ccccn2)cc1' })).variants).toEqual([]);
    const crystal = await prepared({ kind: 'file', path: join(vina1iep, '1iep_ligand.sdf'), format: 'sdf' });
    expect(crystal.variants).toEqual([]);
  });
});

describe('prepareLigand from files', () => {
  it('keeps crystal 3D coordinates and hydrogens of an SDF', async () => {
    const ligand = await prepared({ kind: 'file', path: join(vina1iep, '1iep_ligand.sdf'), format: 'sdf' });
    expect(ligand.notes).toContain('3D coordinates and hydrogens kept as given');
    const rmsd = execFileSync('obrms', [join(vina1iep, '1iep_ligand.sdf'), ligand.preparedPdbqtPath], {
      encoding: 'utf8',
    });
    expect(Number(rmsd.trim().split(/\s+/).at(-1))).toBeLessThan(0.01);
  });

  it('docks a PDBQT as given and takes the bond-order template from its REMARK SMILES', async () => {
    const path = join(vina1iep, '1iep_ligand.pdbqt');
    const ligand = await prepared({ kind: 'file', path, format: 'pdbqt' });
    expect(ligand.preparedPdbqtPath).toBe(path);
    expect(ligand.smiles).toBe(IMATINIB);
  });

  it('adds pH 7.4 hydrogens in place to a 3D SDF without hydrogens', async () => {
    const dir = outDir();
    execFileSync('obabel', [join(vina1iep, '1iep_ligand.sdf'), '-d', '-O', join(dir, 'noH.sdf')]);
    const ligand = await prepared({ kind: 'file', path: join(dir, 'noH.sdf'), format: 'sdf' });
    expect(ligand.notes).toContain('3D coordinates kept; hydrogens added for pH 7.4 by Open Babel');
    const rmsd = execFileSync('obrms', [join(vina1iep, '1iep_ligand.sdf'), ligand.templatePath], { encoding: 'utf8' });
    expect(Number(rmsd.trim().split(/\s+/).at(-1))).toBeLessThan(0.01);
  });
});

describe('writePosesSdf', () => {
  it('turns the Vina 1iep poses into an SDF RDKit reads with imatinib bond orders and the scores as tags', async () => {
    const template = await prepared({ kind: 'file', path: join(vina1iep, '1iep_ligand.pdbqt'), format: 'pdbqt' });
    const posesPdbqtPath = join(vina1iep, 'runs-here/1iep_ex8_seed42_out.pdbqt');
    const poses = parseVinaPdbqt(readFileSync(posesPdbqtPath, 'utf8'));
    const outSdfPath = join(outDir(), 'poses.sdf');
    const answer = await writePosesSdf(
      { name: 'imatinib', templatePath: template.templatePath, posesPdbqtPath, outSdfPath, poses },
      tools,
    );
    expect(answer).toMatchObject({ ok: true, poses: 5, obabelFallback: false });
    const sdf = readFileSync(outSdfPath, 'utf8');
    expect(sdf.split('$$$$\n')[0]).toMatch(/^imatinib\n[\s\S]*> {2}<affinityKcalMol> {2}\(1\) \n-13.357\n/);
    const smiles = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys\nfrom rdkit import Chem\nfor m in Chem.SDMolSupplier(sys.argv[1]): print(Chem.MolToSmiles(Chem.RemoveHs(m)))',
        outSdfPath,
      ],
      { encoding: 'utf8' },
    );
    expect(new Set(smiles.trim().split('\n'))).toEqual(new Set([IMATINIB]));
    const rmsd = execFileSync('obrms', ['-f', join(vina1iep, '1iep_ligand.sdf'), outSdfPath], { encoding: 'utf8' });
    expect(Number(rmsd.split('\n')[0]?.split(/\s+/).at(-1))).toBeLessThan(0.5);
  });
});
