import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { gninaArgs, parseGninaSdf, sminaArgs } from './smina-gnina.js';
import type { EngineRun } from './types.js';

const gninaDir = join(sharedDataDir, 'gnina');

describe('parseGninaSdf on the real gnina workshop output (--cnn_scoring none)', () => {
  const text = gunzipSync(readFileSync(join(gninaDir, 'minimized_results.sdf.gz'))).toString('utf8');
  const ligands = parseGninaSdf(text);

  it('reads all 376 records, each its own ligand title', () => {
    expect(ligands.flatMap((ligand) => ligand.records)).toHaveLength(376);
    expect(ligands[0]?.title).toBe('27626_CHEMBL135_active');
    expect(ligands.filter((ligand) => ligand.title.endsWith('_active')).length).toBeGreaterThan(0);
  });

  it('takes minimizedAffinity and minimizedRMSD; absent CNN tags are null', () => {
    expect(ligands[0]?.poses).toEqual([
      {
        rank: 1,
        affinityKcalMol: -11.58327,
        rmsdLowerBound: null,
        rmsdUpperBound: null,
        cnnScore: null,
        cnnAffinity: null,
        cnnVs: null,
        cnnAffinityVariance: null,
        minimizedRmsd: 1.11243,
      },
    ]);
    expect(
      ligands.every((ligand) =>
        ligand.poses.every((pose) => Number.isFinite(pose.affinityKcalMol) && pose.cnnScore === null),
      ),
    ).toBe(true);
  });
});

/** A docked ligand as gnina writes it: poses are consecutive records with one title, CNN tags in writer order. */
function gninaRecord(title: string, tags: [string, string][]): string {
  const molblock = `${title}\n     RDKit          3D\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\nM  END\n`;
  return `${molblock}${tags.map(([name, value]) => `> <${name}>\n${value}\n`).join('\n')}\n$$$$\n`;
}

describe('parseGninaSdf with CNN tags', () => {
  // The tag block quoted in OUTPUT_FORMAT.md (gnina issue #347), after the always-present minimizedAffinity.
  const issueBlock: [string, string][] = [
    ['minimizedAffinity', '-7.12345'],
    ['CNNscore', '0.8658316135'],
    ['CNNaffinity', '6.2732987404'],
    ['CNN_VS', '5.4316205978'],
    ['CNNaffinity_variance', '0.0924581662'],
  ];

  it('reads CNNscore, CNNaffinity, CNN_VS and the ensemble variance', () => {
    const [ligand] = parseGninaSdf(gninaRecord('lig', issueBlock));
    const pose = ligand?.poses[0];
    expect(pose).toMatchObject({
      rank: 1,
      affinityKcalMol: -7.12345,
      cnnScore: 0.8658316135,
      cnnAffinity: 6.2732987404,
      cnnVs: 5.4316205978,
      cnnAffinityVariance: 0.0924581662,
    });
    expect((pose?.cnnAffinity ?? 0) * (pose?.cnnScore ?? 0)).toBeCloseTo(pose?.cnnVs ?? 0, 6);
  });

  it('groups consecutive same-title records into one ligand, ranks in file (CNNscore) order, omitted zeros are null', () => {
    const text =
      gninaRecord('a', issueBlock) +
      gninaRecord('a', [
        ['minimizedAffinity', '-8.5'],
        ['CNNscore', '0.5'],
      ]) +
      gninaRecord('b', [['minimizedAffinity', '0.00000']]);
    const ligands = parseGninaSdf(text);
    expect(ligands.map((ligand) => [ligand.title, ligand.poses.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ligands[0]?.poses[1]).toMatchObject({
      rank: 2,
      affinityKcalMol: -8.5,
      cnnScore: 0.5,
      cnnAffinity: null,
      cnnVs: null,
    });
    expect(ligands[1]?.poses[0]).toMatchObject({ rank: 1, affinityKcalMol: 0, cnnScore: null });
  });

  it('rejects a record without minimizedAffinity', () => {
    expect(() => parseGninaSdf(gninaRecord('x', [['CNNscore', '0.1']]))).toThrow(/no <minimizedAffinity>/);
  });
});

describe('smina and gnina command lines', () => {
  const run: EngineRun = {
    receptorPath: '184l_rec.pdb',
    ligandPath: 'lig.sdf',
    box: { center: { x: 1, y: 2.5, z: -3 }, size: { x: 20, y: 22, z: 24 } },
    params: { exhaustiveness: 8, numModes: 10, energyRange: 3, seed: 2, cpu: 1 },
    cpu: 1,
    outPath: 'out.sdf',
  };

  it('passes the explicit box', () => {
    expect(sminaArgs(run).join(' ')).toBe(
      '-r 184l_rec.pdb -l lig.sdf --center_x 1.0 --center_y 2.5 --center_z -3.0 --size_x 20.0 --size_y 22.0 ' +
        '--size_z 24.0 --exhaustiveness 8 --num_modes 10 --energy_range 3.0 --seed 2 --cpu 1 -o out.sdf',
    );
  });

  it('uses --autobox_ligand/--autobox_add instead of the box, and gnina CNN/device flags', () => {
    const args = gninaArgs({
      ...run,
      autobox: { ligandPath: '184l_lig.sdf', addAngstrom: 4 },
      params: { ...run.params, cnnScoring: 'refinement', device: 'cpu' },
    });
    expect(args.join(' ')).toContain('--autobox_ligand 184l_lig.sdf --autobox_add 4 --exhaustiveness 8');
    expect(args).not.toContain('--center_x');
    expect(args.slice(-3)).toEqual(['--cnn_scoring', 'refinement', '--no_gpu']);
    expect(gninaArgs({ ...run, params: { ...run.params, device: '1' } }).slice(-2)).toEqual(['--device', '1']);
  });
});
