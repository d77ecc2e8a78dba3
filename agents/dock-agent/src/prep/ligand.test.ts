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

/** AutoDock types of the heavy atoms and polar hydrogens of a PDBQT, in file order. */
const adTypes = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^(ATOM|HETATM)/.test(line))
    .map((line) => line.slice(77).trim());

describe('protonation/tautomer states (RDKit tautomers, Open Babel pH 7.4)', () => {
  it('2-hydroxypyridine: the 2-pyridone tautomer (other donor and acceptors) is prepared too, the input first', async () => {
    const ligand = await prepared({ kind: 'smiles', smiles: 'Oc1ccccn1' });
    expect(ligand.smiles).toBe('Oc1ccccn1');
    expect(
      ligand.variants?.map(({ label, state, smiles, netCharge }) => ({ label, state, smiles, netCharge })),
    ).toEqual([{ label: 'tautomer 2', state: 2, smiles: 'O=c1cccc[nH]1', netCharge: 0 }]);
    const [pyridone] = ligand.variants ?? [];
    if (!pyridone) throw new Error('no variant');
    // hydroxypyridine: the ring N accepts (NA), the OH donates; pyridone: the N-H donates (N + HD), the C=O accepts
    expect(adTypes(ligand.preparedPdbqtPath)).toContain('NA');
    expect(adTypes(pyridone.preparedPdbqtPath)).not.toContain('NA');
    expect(adTypes(pyridone.preparedPdbqtPath)).toContain('HD');
    expect(readFileSync(pyridone.preparedPdbqtPath, 'utf8')).toMatch(/^REMARK SMILES O=c1cccc\[nH\]1$/m);
    expect(pyridone.preparedPdbqtPath).toMatch(/\/state2\/ligand\.pdbqt$/);
    expect(ligand.notes).toContain(
      '2 protonation/tautomer states at pH 7.4 with different hydrogen-bond donors or acceptors are docked: ' +
        '1 Oc1ccccn1 (net charge +0, as given); 2 O=c1cccc[nH]1 (net charge +0); the best score wins',
    );
    // the pyridone is the better-scored tautomer (RDKit): given as such, it is the only state
    expect((await prepared({ kind: 'smiles', smiles: 'O=c1cccc[nH]1' })).variants).toEqual([]);
  });

  it('bounded: at most `states` states, ring conformers x states at most 4 dockings, each state conformer 1 first', async () => {
    // guanine: three tautomers of RDKit's best score with different N-H positions
    const guanine = 'Nc1nc2[nH]cnc2c(=O)[nH]1';
    const three = await prepared({ kind: 'smiles', smiles: guanine });
    expect(three.variants?.map((v) => v.label)).toEqual(['tautomer 2', 'tautomer 3']);
    expect(new Set([three.smiles, ...(three.variants ?? []).map((v) => v.smiles)]).size).toBe(3);
    const withOptions = async (smiles: string, options: { states?: number; ringConformers?: number }) => {
      const answer = await prepareLigand(
        { name: 'lig', source: { kind: 'smiles', smiles }, outDir: outDir(), seed: 42, options },
        tools,
      );
      if (!answer.ok) throw new Error(answer.reason);
      return answer;
    };
    expect((await withOptions(guanine, { states: 2 })).variants?.map((v) => v.label)).toEqual(['tautomer 2']);
    expect((await withOptions(guanine, { states: 1 })).variants).toEqual([]);
    // an imidazole (two N-H tautomers) on a piperidinone (three ring shapes): 2 x 3 = 6 candidates, 4 docked
    const both = await prepared({ kind: 'smiles', smiles: 'O=C1CCCCN1Cc1c[nH]cn1' });
    expect(both.variants?.map((v) => v.label)).toEqual([
      'tautomer 2',
      'ring conformer 2',
      'tautomer 2, ring conformer 2',
    ]);
    expect(both.notes).toContain(
      '4 dockings in all (ring conformers x states, at most 4; 2 ring conformer(s) left out)',
    );
    expect((await withOptions('O=C1CCCCN1Cc1c[nH]cn1', { states: 3, ringConformers: 3 })).variants).toHaveLength(3);
    // the dockstring strategy keeps dockstring's single state
    const dockstring = await prepareLigand(
      {
        name: 'lig',
        source: { kind: 'smiles', smiles: 'Oc1ccccn1' },
        outDir: outDir(),
        seed: 42,
        options: { strategy: 'dockstring' },
      },
      tools,
    );
    expect(dockstring.ok && dockstring.variants).toEqual([]);
  });

  it('one state: nothing added, the PDBQT byte-identical to the input-state-only preparation (dockstring ligands, imatinib)', async () => {
    const smiles = [
      'CCO',
      'C(CCN)C[C@@H](C(=O)O)N',
      '[H][N+]1=CC=CC=C1',
      'C[N+]1=CC=CC=C1',
      'CC(O)=O',
      'O=C1N(C=2N=C(OC)N=CC2N=C1C=3C=CC=CC3)C4CC4',
      'C[C@H](F)Cl',
      'C/C=C\\C',
      IMATINIB,
    ];
    for (const smi of smiles) {
      const ask = async (states: number) => {
        const answer = await prepareLigand(
          {
            name: 'lig',
            source: { kind: 'smiles', smiles: smi },
            outDir: outDir(),
            seed: 974528263,
            options: { states },
          },
          tools,
        );
        if (!answer.ok) throw new Error(answer.reason);
        return answer;
      };
      const [one, three] = [await ask(1), await ask(3)];
      expect(three.variants?.filter((v) => v.state > 1)).toEqual([]);
      expect(readFileSync(three.preparedPdbqtPath, 'utf8')).toBe(readFileSync(one.preparedPdbqtPath, 'utf8'));
      expect(three.notes).toEqual(one.notes);
    }
  }, 300_000);
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
