import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedDataDir } from '@mad/test-utils';
import { analyseFile, analyseSmiles } from './analyse.js';
import type { MoleculeKind } from './formats.js';

const read = (path: string) => readFileSync(join(sharedDataDir, path));
const analyse = (path: string, kind: MoleculeKind, maxRecords = 1000) =>
  analyseFile(path.split('/').pop()!, read(path), { kind, maxRecords });

describe('ligands from the shared data', () => {
  it('imatinib from the 1iep SDF: protonated piperazine as given, C29H31N7O / 493.6 for the neutral parent', async () => {
    const file = await analyse('vina-1iep/1iep_ligand.sdf', 'ligand');
    expect(file.problems).toEqual([]);
    const [imatinib] = file.molecules;
    expect(imatinib?.name).toBe('STI');
    expect(imatinib?.bytes.equals(read('vina-1iep/1iep_ligand.sdf'))).toBe(true);
    expect(imatinib?.ligand).toMatchObject({
      canonicalSmiles: 'Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1',
      inchikey: 'KTUFNOKKBVMGRW-UHFFFAOYSA-O',
      formula: 'C29H31N7O',
      formulaAsGiven: 'C29H32N7O+',
      formalCharge: 1,
      heavyAtoms: 37,
      hbd: 3,
      hba: 6,
      rotatableBonds: 7,
      has3d: true,
    });
    expect(imatinib?.ligand?.molecularWeight).toBeCloseTo(493.6, 1);
    expect(imatinib?.ligand?.molecularWeightAsGiven).toBeCloseTo(494.6, 1);
    expect(imatinib?.ligand?.clogP).toBeCloseTo(3.17, 1);
  });

  it('imatinib from the Meeko PDBQT reads the same compound (from its REMARK SMILES) with 3D coordinates', async () => {
    const sdf = (await analyse('vina-1iep/1iep_ligand.sdf', 'ligand')).molecules[0]?.ligand;
    const pdbqt = (await analyse('vina-1iep/1iep_ligand.pdbqt', 'ligand')).molecules[0]?.ligand;
    expect(pdbqt?.inchikey).toBe(sdf?.inchikey);
    expect(pdbqt?.formula).toBe('C29H31N7O');
    expect(pdbqt?.has3d).toBe(true);
  });

  it('the gnina 184l ligand (isobutylbenzene), an Open Babel PDBQT without REMARK SMILES, and a crystal PDB ligand', async () => {
    expect((await analyse('gnina/test-inputs/184l_lig.sdf', 'ligand')).molecules[0]?.ligand).toMatchObject({
      formula: 'C10H14',
      heavyAtoms: 10,
      canonicalSmiles: 'CC(C)Cc1ccccc1',
    });
    const pgr = (await analyse('vina-1iep/runs-here/ligands_from_smiles/pgr_tuple.pdbqt', 'ligand')).molecules[0]
      ?.ligand;
    expect(pgr).toMatchObject({ formula: 'C32H29F3N4O4', formalCharge: 0, has3d: true });
    const risperidone = (await analyse('dockstring/fixtures/risperidone_from_crystal.pdb', 'ligand')).molecules[0]
      ?.ligand;
    expect(risperidone?.formula).toBe('C23H27FN4O2');
    expect(risperidone?.molecularWeight).toBeCloseTo(410.5, 1);
  });

  it('Open Babel PDBQTs of charged ligands: a four-bonded N is read as N+ (imatinib from SMILES, lysine poses)', async () => {
    const sdf = (await analyse('vina-1iep/1iep_ligand.sdf', 'ligand')).molecules[0]?.ligand;
    const fromSmiles = await analyse('vina-1iep/runs-here/ligands_from_smiles/imatinib_smi.pdbqt', 'ligand');
    expect(fromSmiles.problems).toEqual([]);
    expect(fromSmiles.molecules[0]?.ligand).toMatchObject({
      formula: 'C29H31N7O',
      formalCharge: 1,
      inchikey: sdf?.inchikey,
    });
    expect(fromSmiles.molecules[0]?.ligand?.warnings.join(' ')).toMatch(/formal charge \+1 assumed on 1/);
    const lysine = await analyse('dockstring/fixtures/vina112_lysine_CYP3A4_out.pdbqt', 'ligand');
    expect(lysine.problems).toEqual([]);
    expect(lysine.molecules).toHaveLength(9);
    // Both amines carry three hydrogens (dockstring protonates at pH 7.4); the carboxylate has no H in the PDBQT but
    // comes back as COOH, because PDB/PDBQT carry no charges and Open Babel fills valences with hydrogens.
    expect(lysine.molecules[0]?.ligand).toMatchObject({
      formula: 'C6H14N2O2',
      canonicalSmiles: '[NH3+]CCCC[C@H]([NH3+])C(=O)O',
    });
    expect(lysine.molecules[0]?.ligand?.warnings.join(' ')).toMatch(/formal charge \+1 assumed on 2/);
  });

  it('a Vina output PDBQT gives one record per MODEL; a name-first SMILES list is read with names', async () => {
    const poses = await analyse('vina-1iep/1iep_ligand_vina_out.pdbqt', 'ligand');
    expect(poses.molecules.length).toBe(poses.recordCount);
    expect(poses.recordCount).toBeGreaterThan(1);
    const list = await analyse('vina-1iep/runs-here/ligands_from_smiles/smiles.txt', 'ligand');
    expect(list.problems).toEqual([]);
    expect(list.molecules.map((m) => m.name)).toEqual(['imatinib_smi', 'abl1_test', 'esr1_tuple', 'pgr_tuple']);
    expect(list.molecules[0]?.ligand?.has3d).toBe(false);
    expect(list.molecules[0]?.bytes.toString()).toBe(
      'imatinib_smi Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1\n',
    );
  });
});

describe('other ligand formats', () => {
  it('MOL2 (written by Open Babel from the gnina ligand) reads the same molecule as the SDF', async () => {
    const mol2 = execFileSync('obabel', ['-isdf', join(sharedDataDir, 'gnina/test-inputs/184l_lig.sdf'), '-omol2'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(mol2).toContain('@<TRIPOS>MOLECULE');
    const file = await analyseFile('184l_lig.mol2', Buffer.from(mol2), { kind: 'ligand', maxRecords: 10 });
    expect(file.problems).toEqual([]);
    expect(file.molecules[0]).toMatchObject({ format: 'mol2', mediaType: 'chemical/x-mol2' });
    expect(file.molecules[0]?.ligand).toMatchObject({
      inchikey: 'KXUHSQYYJYAXGZ-UHFFFAOYSA-N',
      formula: 'C10H14',
      has3d: true,
    });
  });

  it('CSV with a header picks the smiles and name columns, quoted fields included', async () => {
    const csv =
      'id,smiles,activity\n"aspirin, acetylsalicylic acid",CC(=O)Oc1ccccc1C(=O)O,1.5\ncaffeine,Cn1cnc2c1c(=O)n(C)c(=O)n2C,2\n';
    const file = await analyseFile('actives.csv', Buffer.from(csv), { kind: 'ligand', maxRecords: 10 });
    expect(file.problems).toEqual([]);
    expect(file.molecules.map((m) => [m.name, m.line, m.ligand?.formula])).toEqual([
      ['aspirin, acetylsalicylic acid', 2, 'C9H8O4'],
      ['caffeine', 3, 'C8H10N4O2'],
    ]);
  });
});

describe('receptors from the shared data', () => {
  it('1iep: chain A 225-498, no hetero groups left in the prepared receptor, full hydrogens in the PDB', async () => {
    for (const path of ['vina-1iep/1iep_receptorH.pdb', 'vina-1iep/1iep_receptor.pdbqt']) {
      const file = await analyse(path, 'receptor');
      expect(file.problems).toEqual([]);
      const facts = file.molecules[0]?.receptor;
      expect(facts?.chains).toEqual([
        expect.objectContaining({ id: 'A', residues: 274, firstResSeq: 225, lastResSeq: 498 }),
      ]);
      expect(facts?.hetGroups).toEqual([]);
      expect(facts?.heavyAtoms).toBe(2229);
      expect(facts?.warnings).toEqual([]);
    }
  });

  it('the five dockstring targets and 184l parse; CYP3A4 lists its heme as a hetero group', async () => {
    for (const target of ['ABL1', 'CYP3A4', 'DRD2', 'ESR1', 'PGR']) {
      const file = await analyse(`dockstring/targets/${target}_target.pdbqt`, 'receptor');
      expect(file.problems, target).toEqual([]);
      expect(file.molecules[0]?.receptor?.residues, target).toBeGreaterThan(200);
    }
    const cyp = (await analyse('dockstring/targets/CYP3A4_target.pdbqt', 'receptor')).molecules[0]?.receptor;
    expect(cyp?.hetGroups).toEqual([expect.objectContaining({ resName: 'HEM', resSeq: 915, atoms: 43 })]);
    const lysozyme = (await analyse('gnina/test-inputs/184l_rec.pdb', 'receptor')).molecules[0]?.receptor;
    expect(lysozyme).toMatchObject({ residues: 162, chains: [expect.objectContaining({ id: 'A' })], warnings: [] });
  });
});

describe('bad input names the record, the line and the reason', () => {
  const ligand = (name: string, text: string | Buffer, maxRecords = 100) =>
    analyseFile(name, Buffer.isBuffer(text) ? text : Buffer.from(text), { kind: 'ligand', maxRecords });
  const imatinibSdf = () => read('vina-1iep/1iep_ligand.sdf').toString();

  it('empty, whitespace-only and binary files', async () => {
    expect((await ligand('a.sdf', '')).problems[0]?.reason).toMatch(/empty/);
    expect((await ligand('a.sdf', '  \n\n')).problems[0]?.reason).toMatch(/whitespace/);
    expect(
      (await ligand('a.sdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).problems[0]
        ?.reason,
    ).toMatch(/binary/);
    expect((await ligand('a.sdf', Buffer.from([0xff, 0xfe, 0xfd]))).problems[0]?.reason).toMatch(/not UTF-8/);
  });

  it('a truncated SDF keeps the good records and names the cut one', async () => {
    const good = imatinibSdf().trimEnd();
    const text = `${good}\n${good}\n${good.slice(0, 800)}`;
    const file = await ligand('three.sdf', text);
    expect(file.molecules.map((m) => m.record)).toEqual([1, 2]);
    expect(file.problems).toEqual([
      { record: 3, line: 2 * good.split('\n').length + 1, reason: expect.stringMatching(/truncated/) },
    ]);
  });

  it('a broken SMILES reports RDKit position; valence and aromaticity errors say so', async () => {
    const file = await ligand('list.smi', 'CCO ethanol\nC1CC(C broken\nCC(C)(C)(C)(C)C pentavalent\nc1cccc1 kekule\n');
    expect(file.molecules.map((m) => m.name)).toEqual(['ethanol']);
    expect(file.problems[0]).toEqual({
      record: 2,
      line: 2,
      position: 5,
      reason: expect.stringMatching(/SMILES parse error: extra open parentheses/),
    });
    expect(file.problems[1]).toMatchObject({ record: 3, line: 3, reason: expect.stringMatching(/valence/) });
    expect(file.problems[2]).toMatchObject({ record: 4, line: 4, reason: expect.stringMatching(/kekulize/) });
  });

  it('wrong extension, unsupported formats, a receptor as a ligand and a ligand as a receptor', async () => {
    expect((await ligand('imatinib.pdb', imatinibSdf())).problems[0]?.reason).toMatch(
      /wrong extension.*\.pdb says PDB.*SDF/,
    );
    expect((await ligand('x.cif', 'data_1IEP\n')).problems[0]?.reason).toMatch(/mmCIF/);
    // A real PDBx/mmCIF file is a receptor format only.
    const cifAtom =
      'data_X\nloop_\n_atom_site.group_PDB\n_atom_site.label_atom_id\n_atom_site.label_comp_id\n' +
      '_atom_site.auth_asym_id\n_atom_site.auth_seq_id\n_atom_site.Cartn_x\n_atom_site.Cartn_y\n_atom_site.Cartn_z\n' +
      'HETATM C1 STI A 201 1.0 2.0 3.0\n';
    expect((await ligand('sti.cif', cifAtom)).problems[0]?.reason).toMatch(
      /a ligand must be .*this file is PDBx\/mmCIF/,
    );
    expect((await ligand('sti.txt', cifAtom)).problems[0]?.reason).toMatch(/\.txt says SMILES .*PDBx\/mmCIF/);
    expect((await ligand('rec.pdb', read('gnina/test-inputs/184l_rec.pdb'))).problems[0]?.reason).toMatch(
      /protein.*kind=receptor/,
    );
    const asReceptor = await analyseFile('lig.pdb', read('dockstring/fixtures/risperidone_from_crystal.pdb'), {
      kind: 'receptor',
      maxRecords: 10,
    });
    expect(asReceptor.problems[0]?.reason).toMatch(/looks like a ligand/);
    const sdfReceptor = await analyseFile('r.sdf', Buffer.from(imatinibSdf()), { kind: 'receptor', maxRecords: 10 });
    expect(sdfReceptor.problems[0]?.reason).toMatch(/receptor must be PDB, PDBQT/);
  });

  it('file names with path traversal or control characters are refused', async () => {
    expect((await ligand('../../etc/passwd.sdf', imatinibSdf())).problems[0]?.reason).toMatch(/path separator/);
    expect((await ligand('lig\u0007.sdf', imatinibSdf())).problems[0]?.reason).toMatch(/control characters/);
  });

  it('more records than the limit refuses the whole file', async () => {
    const file = await ligand('many.smi', 'C\nCC\nCCC\n', 2);
    expect(file.molecules).toEqual([]);
    expect(file.problems).toEqual([
      { record: 0, line: null, reason: expect.stringMatching(/3 records: more than the 2/) },
    ]);
  });

  it('a receptor line with unreadable coordinates names its line', async () => {
    const lines = read('gnina/test-inputs/184l_rec.pdb').toString().split('\n');
    const at = lines.findIndex((l) => l.startsWith('ATOM')) + 10;
    lines[at] = `${lines[at]!.slice(0, 30)}   12.x45  3.000   1.000${lines[at]!.slice(54)}`;
    const file = await analyseFile('184l.pdb', Buffer.from(lines.join('\n')), { kind: 'receptor', maxRecords: 10 });
    expect(file.problems).toEqual([
      { record: 1, line: at + 1, reason: expect.stringMatching(/unreadable coordinates/) },
    ]);
  });

  it('pasted SMILES: good ones kept, bad ones named with their position', async () => {
    const file = await analyseSmiles([{ smiles: 'c1ccccc1O', name: 'phenol' }, { smiles: 'C1=CC=CC=C1)' }], {
      maxRecords: 10,
    });
    expect(file.molecules.map((m) => m.name)).toEqual(['phenol']);
    expect(file.problems[0]).toMatchObject({
      record: 2,
      position: expect.any(Number),
      reason: expect.stringMatching(/SMILES parse error/),
    });
  });
});
