import { describe, expect, it } from 'vitest';
import { PREPARATION_VERSION, PROTOCOL_VERSION, type AgentHeartbeat } from '@mad/protocol';
import {
  dockingKey,
  fleetToolchain,
  jobSignature,
  ligandSignature,
  type LigandIdentity,
  type Toolchain,
} from './signature.js';
import type { EngineName } from '@mad/protocol';
import type { StoredJobParams } from './schemas.js';

const receptor = { sha256: 'a'.repeat(64), format: 'pdb' };
const box = { center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const params: StoredJobParams = { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42, cpuPerTask: 1 };
const toolchain: Toolchain = { engineVersion: '1.2.3', rdkit: '2022.09.5', obabel: '3.1.0', preparationVersion: 'p1' };
const ligand: LigandIdentity = { kind: 'smiles', smiles: 'CCO' };
const base: { engine: EngineName; receptor: typeof receptor; box: typeof box; params: typeof params } = {
  engine: 'vina',
  receptor,
  box,
  params,
};
const sig = (changes: Partial<typeof base> = {}, lig: LigandIdentity = ligand, tools: Toolchain = toolchain) =>
  ligandSignature(dockingKey({ ...base, ...changes }), lig, tools);

describe('result signatures', () => {
  it('are equal for equal inputs and ignore cpuPerTask', () => {
    expect(sig()).toMatch(/^[0-9a-f]{64}$/);
    expect(sig()).toBe(sig());
    expect(sig({ params: { ...params, cpuPerTask: 2 } })).toBe(sig());
  });

  it('change with every field that decides the result', () => {
    const variants = [
      sig({ params: { ...params, seed: 43 } }),
      sig({ params: { ...params, exhaustiveness: 16 } }),
      sig({ params: { ...params, numModes: 10 } }),
      sig({ params: { ...params, energyRange: 4 } }),
      sig({ engine: 'smina' }),
      sig({ receptor: { ...receptor, sha256: 'b'.repeat(64) } }),
      sig({ receptor: { ...receptor, format: 'pdbqt' } }),
      sig({ box: { ...box, center: { ...box.center, x: 15.2 } } }),
      sig({ box: { ...box, size: { ...box.size, z: 21 } } }),
      sig({}, { kind: 'smiles', smiles: 'OCC' }),
      sig({}, { kind: 'file', sha256: 'c'.repeat(64), format: 'sdf' }),
      sig({}, ligand, { ...toolchain, engineVersion: '1.2.5' }),
      sig({}, ligand, { ...toolchain, rdkit: '2023.03.1' }),
      sig({}, ligand, { ...toolchain, obabel: '3.1.1' }),
      sig({}, ligand, { ...toolchain, preparationVersion: 'p2' }),
    ];
    expect(new Set([sig(), ...variants]).size).toBe(variants.length + 1);
  });

  it('round the box to 0.001 Å', () => {
    expect(sig({ box: { ...box, center: { ...box.center, x: 15.1900004 } } })).toBe(sig());
    expect(sig({ box: { ...box, center: { ...box.center, x: 15.191 } } })).not.toBe(sig());
  });

  it('count gnina without cnnScoring as rescore (its default), and ignore cnnScoring elsewhere', () => {
    const gnina = (cnnScoring?: 'rescore' | 'none') =>
      sig({ engine: 'gnina', params: { ...params, ...(cnnScoring ? { cnnScoring } : {}) } });
    expect(gnina()).toBe(gnina('rescore'));
    expect(gnina('none')).not.toBe(gnina());
  });

  it('make a job signature from its ligands in order', () => {
    const a = sig();
    const b = sig({}, { kind: 'smiles', smiles: 'c1ccccc1' });
    expect(jobSignature([a, b])).toBe(jobSignature([a, b]));
    expect(jobSignature([a, b])).not.toBe(jobSignature([b, a]));
    expect(jobSignature([a])).not.toBe(jobSignature([a, b]));
  });

  it('take the toolchain most live agents with the engine advertise', () => {
    const beat = (id: string, version: string, extra: Partial<AgentHeartbeat> = {}): AgentHeartbeat => ({
      v: PROTOCOL_VERSION,
      agentId: id,
      hostname: 'h',
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      state: 'running',
      slots: 1,
      busySlots: 0,
      engines: [{ name: 'vina', version, path: 'vina' }],
      preparationVersion: PREPARATION_VERSION,
      capabilities: { obabel: '3.1.0', rdkit: '2022.09.5', cpuCores: 2, gpus: [] },
      currentTasks: [],
      ...extra,
    });
    expect(fleetToolchain([], 'vina')).toBeNull();
    expect(fleetToolchain([beat('a', '1.2.3')], 'smina')).toBeNull();
    expect(fleetToolchain([beat('a', '1.2.3', { preparationVersion: undefined })], 'vina')).toBeNull();
    expect(fleetToolchain([beat('a', '1.2.3', { state: 'draining' })], 'vina')).toBeNull();
    expect(fleetToolchain([beat('a', '1.2.3'), beat('b', '1.2.5'), beat('c', '1.2.5')], 'vina')).toEqual({
      engineVersion: '1.2.5',
      rdkit: '2022.09.5',
      obabel: '3.1.0',
      preparationVersion: PREPARATION_VERSION,
    });
  });
});
