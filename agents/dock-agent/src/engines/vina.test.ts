import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './process.js';
import { parseVinaConfigBox, parseVinaPdbqt, vinaArgs, vinaProgress } from './vina.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');

describe('parseVinaPdbqt', () => {
  it('reads the modes of the Vina 1.2.3 1iep run with affinity and RMSD bounds (3 decimals, unlike the log)', () => {
    const poses = parseVinaPdbqt(readFileSync(join(vina1iep, 'runs-here/1iep_ex8_seed42_out.pdbqt'), 'utf8'));
    expect(poses.map((pose) => pose.affinityKcalMol)).toEqual([-13.357, -11.4, -11.399, -11.127, -10.789]);
    expect(poses[0]).toEqual({
      rank: 1,
      affinityKcalMol: -13.357,
      rmsdLowerBound: 0,
      rmsdUpperBound: 0,
      cnnScore: null,
      cnnAffinity: null,
      cnnVs: null,
    });
    expect(poses[2]).toMatchObject({ rank: 3, rmsdLowerBound: 3.049, rmsdUpperBound: 12.406 });
  });

  it('reads the Vina 1.1.2 output dockstring tests its parser with', () => {
    const poses = parseVinaPdbqt(
      readFileSync(join(sharedDataDir, 'dockstring/fixtures/vina112_lysine_CYP3A4_out.pdbqt'), 'utf8'),
    );
    expect(poses.map((pose) => pose.affinityKcalMol)).toEqual([-4.7, -4.6, -4.5, -4.5, -4.4, -4.4, -4.4, -4.3, -4.3]);
  });

  it('returns no poses for a ligand input file', () => {
    expect(parseVinaPdbqt(readFileSync(join(vina1iep, '1iep_ligand.pdbqt'), 'utf8'))).toEqual([]);
  });
});

describe('vinaArgs', () => {
  it('builds the documented command line with the receptor (never maps)', () => {
    const args = vinaArgs({
      receptorPath: 'r.pdbqt',
      ligandPath: 'l.pdbqt',
      box: { center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42, cpu: 0 },
      cpu: 2,
      outPath: 'out.pdbqt',
    });
    expect(args.join(' ')).toBe(
      '--receptor r.pdbqt --ligand l.pdbqt --center_x 15.19 --center_y 53.903 --center_z 16.917 ' +
        '--size_x 20.0 --size_y 20.0 --size_z 20.0 --exhaustiveness 8 --num_modes 9 --energy_range 3.0 --seed 42 --cpu 2 --out out.pdbqt',
    );
    expect(args).not.toContain('--maps');
  });

  it('docks on AutoDock4Zn maps with --scoring ad4 (no receptor, no box: the maps are the grid)', () => {
    const args = vinaArgs({
      receptorPath: 'r.pdbqt',
      ligandPath: 'l.pdbqt',
      box: { center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42, cpu: 0 },
      cpu: 2,
      outPath: 'out.pdbqt',
      ad4Maps: 'maps/receptor',
    });
    expect(args.join(' ')).toBe(
      '--scoring ad4 --maps maps/receptor --ligand l.pdbqt --exhaustiveness 8 --num_modes 9 --energy_range 3.0 ' +
        '--seed 42 --cpu 2 --out out.pdbqt',
    );
  });
});

describe('vinaProgress', () => {
  const log = readFileSync(join(vina1iep, 'runs-here/1iep_ex8_seed42.log'), 'utf8');
  it('is null before the bar, partial while stars come, 1 at the end', () => {
    const barEnd = log.indexOf('|\n', log.indexOf('|----|')) + 2;
    expect(vinaProgress(log.slice(0, barEnd - 10))).toBeNull();
    expect(vinaProgress(`${log.slice(0, barEnd)}${'*'.repeat(17)}`)).toBeCloseTo(17 / 51);
    expect(vinaProgress(log)).toBe(1);
  });
});

describe('describeFailure', () => {
  it('names the program, the exit code and the last stderr line', () => {
    expect(
      describeFailure('vina', {
        exitCode: 1,
        signal: null,
        stdout: 'x',
        stderr: '\n\nERROR: Could not open l.pdbqt for reading.\n\n',
        killedFor: null,
      }),
    ).toBe('vina exited with code 1: ERROR: Could not open l.pdbqt for reading.');
    expect(
      describeFailure('gnina', { exitCode: null, signal: 'SIGSEGV', stdout: '', stderr: '', killedFor: null }),
    ).toBe('gnina was killed by SIGSEGV: no output');
  });
});

describe('parseVinaConfigBox', () => {
  it('reads the 1iep box (no final newline) and rejects a config without a size', () => {
    expect(parseVinaConfigBox(readFileSync(join(vina1iep, '1iep_receptor.box.txt'), 'utf8'))).toEqual({
      center: { x: 15.19, y: 53.903, z: 16.917 },
      size: { x: 20, y: 20, z: 20 },
    });
    expect(() => parseVinaConfigBox('center_x = 1\ncenter_y = 2\ncenter_z = 3\n')).toThrow(/size_x/);
  });
});
