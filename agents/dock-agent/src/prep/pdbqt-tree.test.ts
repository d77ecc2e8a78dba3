// The ligand PDBQT torsion tree (python/pdbqt_tree.py, Meeko's rules) with the real RDKit, Open Babel and Vina:
// imatinib must get the 7 torsions of the Meeko reference 1iep_ligand.pdbqt (Open Babel's writer gives 6).
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
const referencePdbqt = join(vina1iep, '1iep_ligand.pdbqt');
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
const ELEMENT: Record<string, string> = { A: 'C', NA: 'N', OA: 'O', SA: 'S', HD: 'H', HS: 'H' };

const outDir = () => mkdtempSync(join(tmpdir(), 'mad-tree-'));

async function prepared(source: Parameters<typeof prepareLigand>[0]['source'], seed = 42): Promise<PreparedLigand> {
  const answer = await prepareLigand({ name: 'lig', source, outDir: outDir(), seed }, tools);
  if (!answer.ok) throw new Error(answer.reason);
  return answer;
}

interface Tree {
  torsdof: number;
  heavyAtoms: number;
  /** serial -> coordinates "x y z" and element */
  atoms: Map<number, { xyz: string; element: string }>;
  /** BRANCH a b with the number of heavy atoms inside the branch (the side of the bond that moves) */
  branches: { from: number; to: number; inside: number }[];
}

/** Reads ROOT/BRANCH/ENDBRANCH/TORSDOF and checks the nesting the way Vina's parser does. */
function parseTree(text: string): Tree {
  const atoms: Tree['atoms'] = new Map();
  const branches: Tree['branches'] = [];
  const open: Tree['branches'] = [];
  let torsdof = -1;
  let heavyAtoms = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('ATOM') || line.startsWith('HETATM')) {
      const type = line.slice(77).trim();
      const element = ELEMENT[type] ?? type;
      atoms.set(Number(line.slice(6, 11)), { xyz: line.slice(30, 54).trim().split(/\s+/).join(' '), element });
      if (element !== 'H') {
        heavyAtoms += 1;
        for (const branch of open) branch.inside += 1;
      }
    } else if (line.startsWith('BRANCH')) {
      const [, from, to] = line.split(/\s+/).map(Number);
      const branch = { from: from ?? 0, to: to ?? 0, inside: 0 };
      branches.push(branch);
      open.push(branch);
    } else if (line.startsWith('ENDBRANCH')) {
      const [, from, to] = line.split(/\s+/).map(Number);
      const branch = open.pop();
      expect([branch?.from, branch?.to]).toEqual([from, to]);
    } else if (line.startsWith('TORSDOF')) {
      torsdof = Number(line.split(/\s+/)[1]);
    }
  }
  expect(open).toEqual([]);
  return { torsdof, heavyAtoms, atoms, branches };
}

/** The ROOT block's atoms as sorted positions (same coordinates → same root fragment). */
function rootByPosition(text: string): string[] {
  const body = text.slice(text.indexOf('ROOT\n'), text.indexOf('ENDROOT'));
  return body
    .split('\n')
    .filter((l) => l.startsWith('ATOM') || l.startsWith('HETATM'))
    .map((l) => l.slice(30, 54).trim().split(/\s+/).join(' '))
    .sort();
}

/** Each rotatable bond as its two atom positions (same coordinates → same bond). */
function bondsByPosition(tree: Tree): string[] {
  return tree.branches.map((b) => [tree.atoms.get(b.from)?.xyz, tree.atoms.get(b.to)?.xyz].sort().join(' | ')).sort();
}

/** Each rotatable bond as elements and heavy-atom counts of both sides: independent of coordinates and root. */
function bondsByPattern(tree: Tree): string[] {
  return tree.branches
    .map((b) =>
      [
        `${tree.atoms.get(b.from)?.element}:${tree.heavyAtoms - b.inside}`,
        `${tree.atoms.get(b.to)?.element}:${b.inside}`,
      ]
        .sort()
        .join('-'),
    )
    .sort();
}

function vinaScoreOnly(ligandPdbqt: string): string {
  return execFileSync(
    'vina',
    [
      '--receptor',
      join(vina1iep, '1iep_receptor.pdbqt'),
      '--ligand',
      ligandPdbqt,
      '--config',
      join(vina1iep, '1iep_receptor.box.txt'),
      '--score_only',
      '--cpu',
      '1',
    ],
    { encoding: 'utf8' },
  );
}

const reference = parseTree(readFileSync(referencePdbqt, 'utf8'));

describe('ligand PDBQT torsion tree (Meeko rules)', () => {
  it('the Meeko reference has 7 torsions including the anilino NH-C(pyrimidine) bond', () => {
    expect(reference.torsdof).toBe(7);
    expect(reference.branches).toHaveLength(7);
    // NH-C2 of the pyrimidine: pyrimidine + pyridine (12 heavy atoms) on one side, 25 on the other.
    expect(bondsByPattern(reference)).toContain('C:12-N:25');
  });

  it('imatinib from the crystal SDF: the same 7 bonds as the reference, and Vina scores it exactly like the reference', async () => {
    const ligand = await prepared({ kind: 'file', path: join(vina1iep, '1iep_ligand.sdf'), format: 'sdf' });
    const text = readFileSync(ligand.preparedPdbqtPath, 'utf8');
    const tree = parseTree(text);
    expect(ligand.torsions).toBe(7);
    expect(tree.torsdof).toBe(7);
    expect(bondsByPosition(tree)).toEqual(bondsByPosition(reference));
    // Rooted where Meeko rooted the reference: the amide (its N is the heavy-atom graph centre), not the tolyl ring.
    expect(rootByPosition(text)).toEqual(rootByPosition(readFileSync(referencePdbqt, 'utf8')));
    expect(rootByPosition(text)).toHaveLength(4);
    expect(tree.heavyAtoms).toBe(37);
    expect(text).toMatch(/^REMARK SMILES Cc1ccc\(NC\(=O\)/m);
    // Open Babel's own writer freezes one of them (the reason for this module).
    const openBabel = execFileSync('obabel', ['-isdf', ligand.templatePath, '-opdbqt'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(parseTree(openBabel).torsdof).toBe(6);
    expect(bondsByPattern(parseTree(openBabel))).not.toContain('C:12-N:25');
    // Same coordinates, same torsion count: same intermolecular, internal and torsional terms as Meeko's file.
    const score = (out: string) => out.match(/Estimated Free Energy of Binding\s*:\s*(-?\d+\.\d+)/)?.[1];
    expect(score(vinaScoreOnly(ligand.preparedPdbqtPath))).toBe(score(vinaScoreOnly(referencePdbqt)));
  }, 120_000);

  it.each([1, 3])('imatinib from SMILES (seed %i): TORSDOF 7, the same bonds as the reference', async (seed) => {
    const ligand = await prepared({ kind: 'smiles', smiles: IMATINIB }, seed);
    const tree = parseTree(readFileSync(ligand.preparedPdbqtPath, 'utf8'));
    expect(tree.torsdof).toBe(7);
    expect(bondsByPattern(tree)).toEqual(bondsByPattern(reference));
  });

  it('a locally optimised pose of our PDBQT maps back to imatinib with bond orders', async () => {
    const ligand = await prepared({ kind: 'file', path: join(vina1iep, '1iep_ligand.sdf'), format: 'sdf' });
    const dir = outDir();
    const posesPdbqtPath = join(dir, 'local.pdbqt');
    const log = execFileSync(
      'vina',
      [
        '--receptor',
        join(vina1iep, '1iep_receptor.pdbqt'),
        '--ligand',
        ligand.preparedPdbqtPath,
        '--config',
        join(vina1iep, '1iep_receptor.box.txt'),
        '--local_only',
        '--cpu',
        '1',
        '--out',
        posesPdbqtPath,
      ],
      { encoding: 'utf8' },
    );
    expect(log).toMatch(/Estimated Free Energy of Binding/);
    const outSdfPath = join(dir, 'poses.sdf');
    const poses = parseVinaPdbqt(readFileSync(posesPdbqtPath, 'utf8'));
    const answer = await writePosesSdf(
      { name: 'imatinib', templatePath: ligand.templatePath, posesPdbqtPath, outSdfPath, poses },
      tools,
    );
    expect(answer).toMatchObject({ ok: true, poses: 1, obabelFallback: false });
    const smiles = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys\nfrom rdkit import Chem\nfor m in Chem.SDMolSupplier(sys.argv[1]): print(Chem.MolToSmiles(Chem.RemoveHs(m)))',
        outSdfPath,
      ],
      { encoding: 'utf8' },
    );
    expect(smiles.trim()).toBe(IMATINIB);
  }, 120_000);

  // Expected counts: Meeko's rules; "OB" = Open Babel's writer on the same prepared molecule.
  it.each([
    ['CCO', 1, 'ethanol: C-OH (polar H kept); OB 1'],
    ['NCCCC[C@H](N)C(=O)O', 7, 'lysine zwitterion: 4 chain C-C/C-N, 2 C-NH3+, C-COO-; OB 7'],
    ['CC(O)=O', 0, 'acetate: methyl and carboxylate are terminal rotors; OB 0'],
    [
      'O=C1N(C=2N=C(OC)N=CC2N=C1C=3C=CC=CC3)C4CC4',
      3,
      'dockstring CYP3A4 ligand: N-cyclopropyl, Ar-OMe, Ar-Ph (O-CH3 is terminal); OB 3',
    ],
    ['CC(=O)Nc1ccccc1', 1, 'acetanilide: secondary amide rigid, N-aryl rotates; OB 1'],
    ['c1ccccc1Nc1ncccn1', 2, '2-anilinopyrimidine: both N-C bonds (OB 1: it freezes the NH-C2 bond)'],
    ['CC(=O)N(C)CC', 2, 'tertiary amide with two different N-substituents rotates (Meeko BondTyperLegacy); OB 1'],
    ['CC(=O)N(C)C', 0, 'tertiary amide with two equal N-substituents stays rigid; OB 0'],
    ['OCC#CC', 1, 'but-2-yn-1-ol: CH2-OH only; the CH2-C# bond spins a linear chain (OB 2)'],
    ['OCC#CCO', 3, 'but-2-yne-1,4-diol: 2 C-OH and one dihedral across the alkyne (OB 4)'],
    ['N#Cc1ccccc1CO', 2, '2-cyanobenzyl alcohol: Ar-CH2, CH2-OH; Ar-C#N spins nothing (OB 3)'],
    ['FC(F)(F)c1ccccc1', 1, 'CF3: fluorines are heavy atoms, so Ar-CF3 rotates (Meeko and OB 1)'],
  ])('%s -> %i torsions (%s)', async (smiles, expected) => {
    const ligand = await prepared({ kind: 'smiles', smiles });
    const tree = parseTree(readFileSync(ligand.preparedPdbqtPath, 'utf8'));
    expect(tree.torsdof).toBe(expected);
    expect(tree.branches).toHaveLength(expected);
    expect(ligand.torsions).toBe(expected);
  });

  it('risperidone from its crystal PDB: 4 torsions, as Open Babel', async () => {
    const ligand = await prepared({
      kind: 'file',
      path: join(sharedDataDir, 'dockstring/fixtures/risperidone_from_crystal.pdb'),
      format: 'pdb',
    });
    expect(parseTree(readFileSync(ligand.preparedPdbqtPath, 'utf8')).torsdof).toBe(4);
  });
});

describe('macrocycles: one ring bond opened with Vina glue atoms (Meeko FlexMacrocycle)', () => {
  const macrocycle = join(sharedDataDir, 'redock/bace_macrocycle');
  const glueLines = (text: string) =>
    text.split('\n').filter((line) => line.startsWith('ATOM') && /^C?G\d$/.test(line.slice(77).trim()));
  const xyz = (line: string) => line.slice(30, 54).trim().split(/\s+/).map(Number);
  const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

  it('the BACE 17-membered macrocycle (crystal SDF): two CG0 carbons, each with a G0 at its partner, the ring flexes', async () => {
    const ligand = await prepared({ kind: 'file', path: join(macrocycle, 'ligand.sdf'), format: 'sdf' });
    const text = readFileSync(ligand.preparedPdbqtPath, 'utf8');
    const lines = glueLines(text);
    expect(lines.map((line) => line.slice(77).trim())).toEqual(['CG0', 'G0', 'CG0', 'G0']);
    const [cg1, g1, cg2, g2] = lines.map(xyz);
    // each G0 sits on the other CG0 (a C-C bond apart), so Vina's glue term starts at zero
    expect(g1).toEqual(cg2);
    expect(g2).toEqual(cg1);
    expect(distance(cg1!, cg2!)).toBeGreaterThan(1.4);
    expect(distance(cg1!, cg2!)).toBeLessThan(1.6);
    expect(text).toMatch(/^REMARK {2}macrocycle opened, glue bonds: CG0 \d+-\d+$/m);
    // the ring's single bonds now rotate: more BRANCHes than the closed molecule's torsions (TORSDOF, as Meeko)
    const tree = parseTree(text);
    expect(tree.torsdof).toBe(ligand.torsions);
    expect(tree.branches.length).toBeGreaterThan(tree.torsdof + 5);
    expect(ligand.notes.join(' ')).toMatch(/macrocycle: one ring bond opened with Vina glue atoms/);
  });

  it('Vina scores the crystal pose with the glue term at rest; a local optimisation keeps the ring closed and maps back to the macrocycle', async () => {
    const ligand = await prepared({ kind: 'file', path: join(macrocycle, 'ligand.sdf'), format: 'sdf' });
    const dir = outDir();
    const posesPdbqtPath = join(dir, 'local.pdbqt');
    const box = ['--center_x', '30.103', '--center_y', '6.152', '--center_z', '15.584']
      .concat(['--size_x', '20', '--size_y', '20', '--size_z', '20'])
      .concat(['--receptor', join(macrocycle, 'receptor.pdbqt'), '--ligand', ligand.preparedPdbqtPath, '--cpu', '1']);
    const scored = execFileSync('vina', [...box, '--score_only'], { encoding: 'utf8' });
    expect(Number(/Estimated Free Energy of Binding\s*:\s*(-?[\d.]+)/.exec(scored)?.[1])).toBeLessThan(-8);
    execFileSync('vina', [...box, '--local_only', '--out', posesPdbqtPath], { encoding: 'utf8' });
    const [cg1, , cg2] = glueLines(readFileSync(posesPdbqtPath, 'utf8')).map(xyz);
    expect(distance(cg1!, cg2!)).toBeLessThan(1.7);
    const outSdfPath = join(dir, 'poses.sdf');
    const poses = parseVinaPdbqt(readFileSync(posesPdbqtPath, 'utf8'));
    const answer = await writePosesSdf(
      { name: 'macrocycle', templatePath: ligand.templatePath, posesPdbqtPath, outSdfPath, poses },
      tools,
    );
    expect(answer).toMatchObject({ ok: true, poses: 1, obabelFallback: false });
    const smiles = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys\nfrom rdkit import Chem\nprint(Chem.MolToSmiles(Chem.RemoveHs(next(Chem.SDMolSupplier(sys.argv[1])))))',
        outSdfPath,
      ],
      { encoding: 'utf8' },
    );
    expect(smiles.trim()).toBe('CCCCNC(=O)[C@H](C)C[C@H](O)[C@@H]1C[C@H](C)CCCCCN(CC)C(=O)c2cc(OCC)cc(c2)C(=O)N1');
  }, 120_000);

  it('opens rings of 12-33 atoms at a C-C bond only; a ring Vina flexes gets no extra ring conformers', async () => {
    const glued = async (smiles: string) => {
      const ligand = await prepared({ kind: 'smiles', smiles });
      return { glue: glueLines(readFileSync(ligand.preparedPdbqtPath, 'utf8')).length, variants: ligand.variants };
    };
    expect((await glued('C1CCCCC1CCO')).glue).toBe(0); // 6 atoms: rigid (its chairs are ring conformers)
    expect((await glued('O=C1CCCCCCN1')).glue).toBe(0); // 8-membered lactam: a medium ring, left to ring conformers
    expect((await glued('O=C1CCCCCCCCCCCN1')).glue).toBe(4); // 13-membered lactam: opened at a CH2-CH2 bond
    expect((await glued('O1CCOCCOCCOCCOCCOCC1')).glue).toBe(4); // 18-crown-6: C-C bonds between the O
    expect((await glued('C1CC2CCC1O2')).glue).toBe(0); // bicyclic: the 7-atom ring is made of small rings' bonds
    const bace = await glued('CCCCNC(=O)[C@H](C)C[C@H](O)[C@@H]1C[C@H](C)CCCCCN(CC)C(=O)c2cc(OCC)cc(c2)C(=O)N1');
    expect(bace).toEqual({ glue: 4, variants: [] });
  }, 60_000);
});
