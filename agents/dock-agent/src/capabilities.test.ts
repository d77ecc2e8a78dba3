import { describe, expect, it } from 'vitest';
import {
  NVIDIA_SMI_QUERY,
  detectCapabilities,
  parseEngineVersion,
  parseNvidiaSmi,
  parseObabelVersion,
} from './capabilities.js';

describe('version parsing', () => {
  it('reads engine and Open Babel version lines', () => {
    expect(parseEngineVersion('AutoDock Vina v1.2.3\n')).toBe('1.2.3');
    expect(parseEngineVersion('\n   _______  _______\ngnina v1.3 master:25e64da   Built Mar  4 2025.')).toBe('1.3');
    expect(parseEngineVersion('smina Oct 15 2019.  Based on AutoDock Vina 1.1.2.')).toBe('1.1.2');
    expect(parseObabelVersion('Open Babel 3.1.1 -- Jan  4 2023 -- 09:58:24')).toBe('3.1.1');
  });

  it('reads nvidia-smi CSV rows', () => {
    expect(parseNvidiaSmi('0, NVIDIA A100-SXM4-40GB, 40960\n1, Tesla T4, 15360\n')).toEqual([
      { index: 0, name: 'NVIDIA A100-SXM4-40GB', memoryMiB: 40960 },
      { index: 1, name: 'Tesla T4', memoryMiB: 15360 },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });

  it('reads the rows of the query the agent makes (index, name, memory.total with its unit, uuid)', () => {
    // `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader` on a 2-GPU host prints exactly
    // this shape: ", " between cells, the memory with " MiB", the UUID as GPU-<8-4-4-4-12 hex>.
    expect(NVIDIA_SMI_QUERY).toEqual(['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader']);
    const output = [
      '0, NVIDIA GeForce RTX 4090, 24564 MiB, GPU-e13d18b6-ccfb-6676-668a-cd489ad01b55',
      '1, NVIDIA A100-SXM4-80GB, 81920 MiB, GPU-9eb34eec-449b-7839-d362-d1e995e95239',
      '2, Tesla T4, 15360 MiB, [N/A]',
      '',
    ].join('\n');
    expect(parseNvidiaSmi(output)).toEqual([
      {
        index: 0,
        name: 'NVIDIA GeForce RTX 4090',
        memoryMiB: 24564,
        uuid: 'GPU-e13d18b6-ccfb-6676-668a-cd489ad01b55',
      },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920, uuid: 'GPU-9eb34eec-449b-7839-d362-d1e995e95239' },
      { index: 2, name: 'Tesla T4', memoryMiB: 15360 },
    ]);
    // No driver: nvidia-smi's failure text is no GPU.
    expect(parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n')).toEqual(
      [],
    );
  });
});

describe('detectCapabilities on this machine', () => {
  it('finds vina 1.2.3, Open Babel 3.1.1 and RDKit; no smina/gnina or GPU here', async () => {
    const capabilities = await detectCapabilities();
    expect(capabilities.engines).toContainEqual({ name: 'vina', version: '1.2.3', path: 'vina' });
    expect(capabilities.obabel).toBe('3.1.1');
    expect(capabilities.rdkit).toMatch(/^20\d\d\.\d\d/);
    expect(capabilities.cpuCores).toBeGreaterThan(0);
    expect(capabilities.gpus).toEqual([]);
  });

  it('leaves out engines that are not installed and reports missing tools as null', async () => {
    const capabilities = await detectCapabilities({
      vina: '/nonexistent/vina',
      obabel: '/nonexistent/obabel',
      python: '/nonexistent/python3',
    });
    expect(capabilities.engines.map((engine) => engine.name)).not.toContain('vina');
    expect(capabilities.obabel).toBeNull();
    expect(capabilities.rdkit).toBeNull();
  });
});
