import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { hetGroupCoordinates, parsePdbAtoms, receptorFacts } from './pdb.js';
import { ligandAtoms, sdfAtoms } from './coordinates.js';

const read = (path: string) => readFileSync(join(sharedDataDir, path), 'utf8');

/** 1iep receptor with imatinib put back as HETATM STI A 201, two waters and one residue in two conformers. */
function complex(): { text: string; sti: [number, number, number][] } {
  const ligand = sdfAtoms(read('vina-1iep/1iep_ligand.sdf')).filter((a) => a.element !== 'H');
  const hetatm = ligand.map((a, i) => {
    const name = `${a.element}${i + 1}`.padEnd(4);
    return `HETATM${String(9000 + i).padStart(5)} ${name} STI A 201    ${a.x.toFixed(3).padStart(8)}${a.y.toFixed(3).padStart(8)}${a.z.toFixed(3).padStart(8)}  1.00  0.00          ${a.element.padStart(2)}`;
  });
  const water = (n: number) =>
    `HETATM${String(9900 + n).padStart(5)}  O   HOH A${String(300 + n).padStart(4)}      10.000  10.000  ${(10 + n).toFixed(3).padStart(8)}  1.00  0.00           O`;
  const receptor = read('vina-1iep/1iep_receptorH.pdb')
    .split('\n')
    .filter((l) => l.startsWith('ATOM'));
  // Give the first atom a second conformer.
  const first = receptor[0]!;
  const altA = `${first.slice(0, 16)}A${first.slice(17)}`;
  const altB = `${first.slice(0, 16)}B${first.slice(17, 30)}${(Number(first.slice(30, 38)) + 0.5).toFixed(3).padStart(8)}${first.slice(38)}`;
  const text = [altA, altB, ...receptor.slice(1), 'TER', ...hetatm, water(1), water(2), 'END', ''].join('\n');
  return { text, sti: ligand.map((a) => [a.x, a.y, a.z]) };
}

describe('PDB receptor parsing', () => {
  it('lists hetero groups with centroids, counts waters and alternate locations', () => {
    const { text, sti } = complex();
    const facts = receptorFacts(parsePdbAtoms(text), 'pdb');
    expect(facts.hetGroups).toHaveLength(1);
    const group = facts.hetGroups[0]!;
    expect(group).toMatchObject({ resName: 'STI', chain: 'A', resSeq: 201, atoms: 37 });
    const mean = (k: 0 | 1 | 2) => sti.reduce((s, p) => s + p[k], 0) / sti.length;
    expect(group.centroid[0]).toBeCloseTo(mean(0), 2);
    expect(group.centroid[1]).toBeCloseTo(mean(1), 2);
    expect(group.centroid[2]).toBeCloseTo(mean(2), 2);
    // The imatinib binding site of the Vina tutorial box (center 15.190 53.903 16.917).
    expect(Math.hypot(group.centroid[0] - 15.19, group.centroid[1] - 53.903, group.centroid[2] - 16.917)).toBeLessThan(
      4,
    );
    expect(facts.waters).toBe(2);
    expect(facts.altLocAtoms).toBe(2);
    expect(facts.atoms).toBe(4412 + 37 + 2);
    expect(facts.warnings.join(' ')).toMatch(/alternate locations/);
    expect(hetGroupCoordinates(text, { resName: 'STI', chain: 'A', resSeq: 201 })).toHaveLength(37);
    expect(hetGroupCoordinates(text, { resName: 'STI', chain: 'B', resSeq: 201 })).toEqual([]);
  });

  it('warns about missing hydrogens, incomplete side chains and chain breaks', () => {
    const heavy = read('gnina/test-inputs/184l_rec.pdb')
      .split('\n')
      .filter((l) => l.startsWith('ATOM') && l.slice(76, 78).trim() !== 'H')
      // Residue 5 loses its side chain beyond CB; residues 40-45 disappear.
      .filter((l) => !(Number(l.slice(22, 26)) === 5 && !['N', 'CA', 'C', 'O', 'CB'].includes(l.slice(12, 16).trim())))
      .filter((l) => !(Number(l.slice(22, 26)) >= 40 && Number(l.slice(22, 26)) <= 45));
    const facts = receptorFacts(parsePdbAtoms(heavy.join('\n')), 'pdb');
    expect(facts.hydrogens).toBe(0);
    const warnings = facts.warnings.join('\n');
    // true to what the agent does with it (agents/dock-agent/src/prep/receptor.ts)
    expect(warnings).toMatch(
      /no hydrogens: the agent adds them for pH 7\.4 before docking, with PDB2PQR\/PROPKA for the protein \(His tautomers/,
    );
    expect(receptorFacts(parsePdbAtoms(heavy.join('\n'), true), 'pdbqt').warnings.join('\n')).toMatch(
      /no hydrogens: a PDBQT is docked as given and Vina needs at least the polar hydrogens/,
    );
    expect(warnings).toMatch(/1 residue\(s\) miss heavy atoms: \w{3} A5 \(/);
    expect(warnings).toMatch(/1 chain break\(s\).*A39-46/);
  });
});

describe('ligand coordinates for binding boxes', () => {
  it('reads the first molecule of SDF, PDBQT and PDB files', () => {
    const sdf = ligandAtoms(read('vina-1iep/1iep_ligand.sdf'), 'sdf');
    const pdbqt = ligandAtoms(read('vina-1iep/1iep_ligand.pdbqt'), 'pdbqt');
    expect(sdf.filter((a) => a.element !== 'H')).toHaveLength(37);
    expect(pdbqt.filter((a) => a.element !== 'H')).toHaveLength(37);
    const pose = ligandAtoms(read('vina-1iep/1iep_ligand_vina_out.pdbqt'), 'pdbqt');
    expect(pose.length).toBe(pdbqt.length);
    expect(ligandAtoms(read('dockstring/fixtures/risperidone_from_crystal.pdb'), 'pdb')).toHaveLength(30);
    expect(ligandAtoms('CCO', 'smiles')).toEqual([]);
  });

  it('reads MOL2 atoms (Open Babel output of the gnina ligand)', () => {
    const mol2 = [
      '@<TRIPOS>MOLECULE',
      'x',
      ' 2 1 0 0 0',
      'SMALL',
      'NO_CHARGES',
      '',
      '@<TRIPOS>ATOM',
      '      1 C1         1.0000    2.0000    3.0000 C.3     1  LIG1        0.0000',
      '      2 O1         2.0000    2.0000    3.0000 O.3     1  LIG1        0.0000',
      '@<TRIPOS>BOND',
      '     1     1     2    1',
      '',
    ].join('\n');
    expect(ligandAtoms(mol2, 'mol2')).toEqual([
      { element: 'C', x: 1, y: 2, z: 3 },
      { element: 'O', x: 2, y: 2, z: 3 },
    ]);
  });
});
