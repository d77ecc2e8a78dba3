import { describe, expect, it } from 'vitest';
import { jobRequest, smilesLigand, UsageError } from './dock-request.js';

const ids = { receptorId: 'receptor-id', ligandIds: ['ligand-1', 'ligand-2'], autoboxLigandId: 'crystal-id' };

describe('mad dock flags → the job request', () => {
  it('sends only what was given: no params, no padding, no cache flag when left out', () => {
    expect(jobRequest(ids, { receptor: 'r.pdb', ligands: ['lib.sdf'], 'autobox-ligand': 'x.sdf' })).toEqual({
      receptorId: 'receptor-id',
      ligandIds: ['ligand-1', 'ligand-2'],
      bindingSite: { mode: 'autobox', ligandId: 'crystal-id' },
    });
  });

  it('reads every parameter as a number under its API name, SMILES with their names, the job name and description', () => {
    const request = jobRequest(
      { ...ids, ligandIds: [] },
      {
        smiles: ['c1ccncc1 pyridine', 'CCO'],
        'autobox-ligand': 'x.sdf',
        padding: '6',
        exhaustiveness: '4',
        seed: '-42',
        'num-modes': '5',
        'energy-range': '2.5',
        'cpu-per-task': '2',
        'cnn-scoring': 'rescore',
        'no-cache': true,
        name: 'ABL screen, round 1',
        description: 'imatinib analogues',
      },
    );
    expect(request).toEqual({
      name: 'ABL screen, round 1',
      description: 'imatinib analogues',
      receptorId: 'receptor-id',
      ligands: [{ smiles: 'c1ccncc1', name: 'pyridine' }, { smiles: 'CCO' }],
      bindingSite: { mode: 'autobox', ligandId: 'crystal-id', paddingAngstrom: 6 },
      params: { exhaustiveness: 4, seed: -42, numModes: 5, energyRange: 2.5, cpuPerTask: 2, cnnScoring: 'rescore' },
      useCache: false,
    });
  });

  it('builds a box from --center and --size, and a blind site', () => {
    expect(
      jobRequest({ ...ids, autoboxLigandId: undefined }, { center: '15.6,53.4,16.9', size: '20,20,20' }).bindingSite,
    ).toEqual({ mode: 'box', center: { x: 15.6, y: 53.4, z: 16.9 }, size: { x: 20, y: 20, z: 20 } });
    expect(jobRequest({ ...ids, autoboxLigandId: undefined }, { blind: true }).bindingSite).toEqual({ mode: 'blind' });
  });

  it('refuses what it cannot send, naming the flag (usage errors, before any upload)', () => {
    const refusal = (flags: Parameters<typeof jobRequest>[1]) => {
      try {
        jobRequest(ids, flags);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ 'autobox-ligand': 'x.sdf', exhaustiveness: 'eight' })).toBe(
      '--exhaustiveness "eight" is not a number',
    );
    expect(refusal({ 'autobox-ligand': 'x.sdf', seed: '' })).toBe('--seed "" is not a number');
    expect(refusal({})).toMatch(/^give one binding site/);
    expect(refusal({ 'autobox-ligand': 'x.sdf', blind: true })).toMatch(/^give one binding site/);
    expect(refusal({ center: '1,2', size: '20,20,20' })).toBe('--center is x,y,z (three numbers, Å), not "1,2"');
    expect(refusal({ center: '1,2,3' })).toBe('a box needs --center and --size');
    expect(refusal({ center: '1,2,3', size: '20,20,20', padding: '4' })).toMatch(/^--padding goes with/);
    expect(() => smilesLigand('  ')).toThrow('--smiles is empty');
  });
});
