import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from './capabilities.js';
import { gninaArgs } from './engines/smina-gnina.js';
import { GpuPool, gpuProcessSettings } from './gpu-pool.js';

const twoGpus = parseNvidiaSmi(
  [
    '0, NVIDIA A100-SXM4-40GB, 40960 MiB, GPU-e13d18b6-ccfb-6676-668a-cd489ad01b55',
    '1, NVIDIA A100-SXM4-40GB, 40960 MiB, GPU-9eb34eec-449b-7839-d362-d1e995e95239',
  ].join('\n'),
);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GpuPool: one gnina process per GPU', () => {
  it('never gives a GPU to two processes; the costliest waiting ligand gets the next one', async () => {
    const pool = new GpuPool(twoGpus);
    expect(pool.size).toBe(2);
    const running = new Map<number, string>();
    const order: string[] = [];
    const start = (name: string, cost: number) =>
      pool.acquire(cost).then((grant) => {
        expect(running.has(grant.device.index)).toBe(false);
        running.set(grant.device.index, name);
        order.push(`${name}@${grant.device.index}`);
        return grant;
      });
    const a = await start('a', 1);
    const b = await start('b', 1);
    expect(pool.busy).toBe(2);
    const small = start('small', 2);
    const large = start('large', 50);
    await tick();
    expect(order).toEqual(['a@0', 'b@1']);
    running.delete(a.device.index);
    a.release();
    await large;
    expect(order).toEqual(['a@0', 'b@1', 'large@0']);
    running.delete(b.device.index);
    b.release();
    await small;
    expect(order.at(-1)).toBe('small@1');
  });

  it('a host without GPUs has no GPU slots', async () => {
    const pool = new GpuPool([]);
    expect(pool.size).toBe(0);
    await expect(pool.acquire()).rejects.toThrow(/no GPU/);
  });
});

describe('gnina command line on a GPU', () => {
  const run = (device: string | undefined) =>
    gninaArgs({
      receptorPath: 'r.pdbqt',
      ligandPath: 'l.sdf',
      box: { center: { x: 1, y: 2, z: 3 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 1, cpu: 1, cnnScoring: 'rescore', device },
      cpu: 1,
      outPath: 'poses.sdf',
    });

  it('pins the process to its device: CUDA_VISIBLE_DEVICES names it (by UUID), gnina sees it as --device 0', () => {
    const second = gpuProcessSettings(twoGpus[1]!);
    expect(second).toEqual({ device: '0', env: { CUDA_VISIBLE_DEVICES: 'GPU-9eb34eec-449b-7839-d362-d1e995e95239' } });
    const args = run(second.device);
    expect(args.slice(-4)).toEqual(['--cnn_scoring', 'rescore', '--device', '0']);
    expect(args).toContain('--cpu');
  });

  it('without a UUID: the nvidia-smi index with CUDA_DEVICE_ORDER=PCI_BUS_ID (nvidia-smi order)', () => {
    expect(gpuProcessSettings({ index: 3, name: 'Tesla T4', memoryMiB: 15360 })).toEqual({
      device: '0',
      env: { CUDA_VISIBLE_DEVICES: '3', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' },
    });
    expect(run(undefined)).not.toContain('--device');
  });
});
