import { describe, expect, it } from 'vitest';
import { complexPdb, csvCell, sdfLine, sdfTagName, sdfTitle, toCsv, toSdf } from './export.js';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-1+1', "'-1+1"],
    ['@A1', "'@A1"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-12.5', '-12.5'],
    ['+3', '+3'],
    ['-1e-3', '-1e-3'],
    ['CCO', 'CCO'],
    ['a,b', '"a,b"'],
  ])('leaves %j as data', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers as numbers and nothing for missing or non-finite values', () => {
    expect([csvCell(-7.25), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['-7.25', '', '', '']);
    expect(toCsv(['a'], [['=x'], [-1]])).toBe("a\n'=x\n-1\n");
  });
});

describe('SD lines', () => {
  it('keeps titles, values and tag names on one line', () => {
    expect(sdfLine('a\r\n$$$$\nb')).toBe('a $$$$ b');
    expect(sdfLine('tab\tand\u0000nul')).toBe('tabandnul');
    expect(sdfTagName('x>\n> <y')).toBe('x  y');
    expect(sdfTagName('<>')).toBe('tag');
    expect(sdfTitle('t'.repeat(100))).toHaveLength(80);
  });

  it('writes one record per input even when the text holds a separator line and the title a line break', () => {
    const molblock = 'old title\n  prog\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\nforged\nM  END';
    const text = toSdf([{ text: molblock, title: 'new\n$$$$', tags: { 'a\nb': 'v\n$$$$' } }]);
    expect(text.match(/^\$\$\$\$$/gm)).toHaveLength(1);
    expect(text.split('\n')[0]).toBe('new $$$$');
    expect(text).toContain('> <a b>\nv $$$$\n');
  });

  it("keeps the record's own data items apart from the new ones (each item ends at a blank line)", () => {
    const pose =
      'pose\n  OpenBabel\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n> <REMARK>\n VINA RESULT -3.2\n\n$$$$\n';
    const text = toSdf([{ text: pose, tags: { ligand_id: 'inline-1', pose_rank: 1 } }]);
    const items = text
      .slice(text.indexOf('M  END\n') + 7, text.indexOf('$$$$'))
      .trim()
      .split(/\n\n/);
    expect(items).toEqual(['> <REMARK>\n VINA RESULT -3.2', '> <ligand_id>\ninline-1', '> <pose_rank>\n1']);
  });
});

describe('complexPdb', () => {
  const receptor = [
    'REMARK  user text',
    'ATOM      1  N   MET A   1      10.000  11.000  12.000  1.00  0.00    -0.300 N ',
    'ATOM      2  CA  MET A   1      11.000  11.000  12.000  1.00  0.00     0.200 C ',
    'ATOM      3  OG  SER A   2      12.000  11.000  12.000  1.00  0.00    -0.400 OA',
    'TER',
    '',
  ].join('\n');
  const poses = [
    'MODEL 1',
    'REMARK VINA RESULT:    -5.1      0.000      0.000',
    'ROOT',
    'ATOM      1  C1  UNL     1       1.000   2.000   3.000  0.00  0.00    +0.000 A ',
    'ATOM      2  O1  UNL     1       1.500   2.000   3.000  0.00  0.00    -0.300 OA',
    'ENDROOT',
    'ENDMDL',
    'MODEL 2',
    'ATOM      1  C1  UNL     1       9.000   9.000   9.000  0.00  0.00    +0.000 A ',
    'ENDMDL',
  ].join('\n');

  it('writes the receptor, TER, the first pose as HETATM LIG chain L renumbered after it, and END', () => {
    const lines = complexPdb(receptor, 'pdbqt', poses).trimEnd().split('\n');
    expect(lines).toEqual([
      'ATOM      1  N   MET A   1      10.000  11.000  12.000  1.00  0.00           N',
      'ATOM      2  CA  MET A   1      11.000  11.000  12.000  1.00  0.00           C',
      'ATOM      3  OG  SER A   2      12.000  11.000  12.000  1.00  0.00           O',
      'TER',
      'HETATM    4  C1  LIG L   1       1.000   2.000   3.000  0.00  0.00           C',
      'HETATM    5  O1  LIG L   1       1.500   2.000   3.000  0.00  0.00           O',
      'END',
    ]);
    // Columns as PDB has them: x, y, z in 31-54 and the element in 77-78.
    for (const line of lines.filter((l) => l.startsWith('ATOM') || l.startsWith('HETATM')))
      expect(line).toHaveLength(78);
  });

  it('keeps a PDB receptor’s own elements (upper case, as PDB writes them)', () => {
    const pdb = 'HETATM    1 ZN    ZN A 900       1.000   1.000   1.000  1.00  0.00          ZN  \n';
    expect(complexPdb(pdb, 'pdb', poses).split('\n')[0]).toBe(
      'HETATM    1 ZN    ZN A 900       1.000   1.000   1.000  1.00  0.00          ZN',
    );
  });

  it('writes a PDBx/mmCIF receptor’s _atom_site rows in PDB columns, TER between chains', () => {
    const cif = [
      'data_TEST',
      'loop_',
      '_atom_site.group_PDB',
      '_atom_site.id',
      '_atom_site.type_symbol',
      '_atom_site.label_atom_id',
      '_atom_site.label_alt_id',
      '_atom_site.label_comp_id',
      '_atom_site.auth_asym_id',
      '_atom_site.auth_seq_id',
      '_atom_site.pdbx_PDB_ins_code',
      '_atom_site.Cartn_x',
      '_atom_site.Cartn_y',
      '_atom_site.Cartn_z',
      '_atom_site.pdbx_PDB_model_num',
      'ATOM 1 N N . MET A 1 ? 10.000 11.000 12.000 1',
      'ATOM 2 C CA . MET A 1 ? 11.000 11.000 12.000 1',
      'ATOM 3 O OG B SER B 2 A 12.000 11.000 12.000 1',
      'HETATM 4 ZN ZN . ZN B 900 ? 1.000 1.000 1.000 1',
      '',
    ].join('\n');
    const lines = complexPdb(cif, 'mmcif', poses).trimEnd().split('\n');
    expect(lines).toEqual([
      'ATOM      1  N   MET A   1      10.000  11.000  12.000  1.00  0.00           N',
      'ATOM      2  CA  MET A   1      11.000  11.000  12.000  1.00  0.00           C',
      'TER',
      'ATOM      3  OG BSER B   2A     12.000  11.000  12.000  1.00  0.00           O',
      'HETATM    4 ZN    ZN B 900       1.000   1.000   1.000  1.00  0.00          ZN',
      'TER',
      'HETATM    5  C1  LIG L   1       1.000   2.000   3.000  0.00  0.00           C',
      'HETATM    6  O1  LIG L   1       1.500   2.000   3.000  0.00  0.00           O',
      'END',
    ]);
    for (const line of lines.filter((l) => l.startsWith('ATOM') || l.startsWith('HETATM')))
      expect(line).toHaveLength(78);
  });
});
