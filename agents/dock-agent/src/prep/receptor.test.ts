import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { prepareReceptor, receptorPdbForDocking } from './receptor.js';

const tools = { obabel: 'obabel', python: '/usr/bin/python3' };

describe('receptorPdbForDocking', () => {
  it('keeps a protonated receptor whole', () => {
    const pdb = readFileSync(join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), 'utf8');
    expect(receptorPdbForDocking(pdb)).toEqual({ text: pdb, notes: [] });
  });

  it('drops waters and alternate locations B.., and says when hydrogens are missing', () => {
    const pdb = [
      'ATOM      1  N  AALA A   1      11.104  13.207   2.100  0.50 20.00           N',
      'ATOM      2  N  BALA A   1      11.204  13.307   2.200  0.50 20.00           N',
      'HETATM    3  O   HOH A 101       1.000   2.000   3.000  1.00 30.00           O',
      'HETATM    4 FE   HEM A 201       5.000   5.000   5.000  1.00 30.00          FE',
    ].join('\n');
    const { text, notes } = receptorPdbForDocking(pdb);
    expect(text.split('\n').map((line) => line.slice(6, 11).trim())).toEqual(['1', '4']);
    expect(notes).toEqual([
      'removed 1 water atoms',
      'kept the highest-occupancy alternate location of each residue (dropped 1 atoms)',
      'the receptor has no hydrogens',
    ]);
  });
});

describe('alternate locations', () => {
  it('keeps the altloc with the highest occupancy per residue (A on ties), and atoms without one', () => {
    const atom = (serial: number, name: string, altLoc: string, resSeq: number, occupancy: string) =>
      `ATOM  ${String(serial).padStart(5)} ${name.padEnd(4)}${altLoc}SER A${String(resSeq).padStart(4)}    ` +
      `  11.104  13.207   2.100  ${occupancy} 20.00           ${name[0]}`;
    const pdb = [
      atom(1, 'CA', ' ', 5, '1.00'),
      atom(2, 'OG', 'A', 5, '0.30'),
      atom(3, 'OG', 'B', 5, '0.70'),
      atom(4, 'CA', ' ', 6, '1.00'),
      atom(5, 'OG', 'A', 6, '0.50'),
      atom(6, 'OG', 'B', 6, '0.50'),
      atom(7, 'H', ' ', 6, '1.00'),
    ].join('\n');
    const { text, notes } = receptorPdbForDocking(pdb);
    expect(text.split('\n').map((line) => Number(line.slice(6, 11)))).toEqual([1, 3, 4, 5, 7]);
    expect(notes).toEqual([
      'kept the highest-occupancy alternate location of each residue (dropped 2 atoms); not A for SER A5',
    ]);
  });
});

describe('prepareReceptor (Open Babel)', () => {
  it('turns 1iep_receptorH.pdb into a rigid PDBQT with the same atoms as the Meeko one', async () => {
    const prepared = await prepareReceptor(
      { path: join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), format: 'pdb' },
      mkdtempSync(join(tmpdir(), 'mad-rec-')),
      tools,
    );
    const atoms = (path: string) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('ATOM'));
    const ours = atoms(prepared.path);
    const meeko = atoms(join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'));
    expect(ours).toHaveLength(meeko.length);
    expect(ours.filter((line) => line.endsWith('HD')).length).toBe(
      meeko.filter((line) => line.trim().endsWith('HD')).length,
    );
    expect(readFileSync(prepared.path, 'utf8')).not.toMatch(/^(ROOT|BRANCH|TORSDOF)/m);
  });

  it(
    'adds hydrogens to a receptor without them (1iep without its H) and passes PDBQT through',
    { timeout: 600_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mad-rec-'));
      const withoutH = readFileSync(join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), 'utf8')
        .split('\n')
        .filter((line) => !(/^(ATOM|HETATM)/.test(line) && line.slice(76, 78).trim() === 'H'))
        .join('\n');
      writeFileSync(join(dir, 'noH.pdb'), withoutH);
      const prepared = await prepareReceptor({ path: join(dir, 'noH.pdb'), format: 'pdb' }, dir, tools);
      expect(prepared.notes.join('\n')).toMatch(/the receptor had no hydrogens: added for pH 7\.4 by PDB2PQR\/PROPKA/);
      expect(
        readFileSync(prepared.path, 'utf8')
          .split('\n')
          .filter((line) => line.trim().endsWith('HD')).length,
      ).toBeGreaterThan(400);
      const given = join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt');
      expect(await prepareReceptor({ path: given, format: 'pdbqt' }, dir, tools)).toEqual({
        path: given,
        notes: ['receptor PDBQT used as given'],
      });
    },
  );

  it('throws a clear error for a receptor without atoms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mad-rec-'));
    await expect(
      prepareReceptor({ path: join(sharedDataDir, 'vina-1iep/1iep_receptor.box.txt'), format: 'pdb' }, dir, tools),
    ).rejects.toThrow(/receptor preparation failed: .* has no atoms/);
  });
});
