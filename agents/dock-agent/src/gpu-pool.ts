// The agent's GPUs, one engine process each: gnina runs with one GPU of its own (CUDA_VISIBLE_DEVICES names that
// device alone, so gnina and its libraries never open a context on another, and `--device 0` is it), beside the CPU
// pool where preparation and Vina run. Like the CPU pool, the costliest waiting ligand is served first.
import type { Capabilities } from './capabilities.js';

export type GpuDevice = Capabilities['gpus'][number];

export interface GpuGrant {
  device: GpuDevice;
  release: () => void;
}

interface Waiter {
  cost: number;
  seq: number;
  grant: (device: GpuDevice) => void;
}

export class GpuPool {
  private readonly free: GpuDevice[];
  private readonly waiters: Waiter[] = [];
  private seq = 0;

  constructor(readonly devices: readonly GpuDevice[]) {
    this.free = [...devices];
  }

  get size(): number {
    return this.devices.length;
  }

  get busy(): number {
    return this.devices.length - this.free.length;
  }

  /** Waits for a GPU of its own (highest cost first); rejects when the signal aborts or the pool has none. */
  acquire(cost = 0, signal?: AbortSignal): Promise<GpuGrant> {
    if (this.devices.length === 0) return Promise.reject(new Error('this agent has no GPU'));
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        seq: (this.seq += 1),
        grant: (device) => {
          signal?.removeEventListener('abort', onAbort);
          let released = false;
          resolve({
            device,
            release: () => {
              if (released) return;
              released = true;
              this.free.push(device);
              this.free.sort((a, b) => a.index - b.index);
              this.drain();
            },
          });
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const at = this.waiters.findIndex((w) => w.cost < cost);
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter);
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.free.length > 0)
      (this.waiters.shift() as Waiter).grant(this.free.shift() as GpuDevice);
  }
}

/**
 * How a gnina process is pinned to its GPU: the device alone in CUDA_VISIBLE_DEVICES (by UUID when nvidia-smi gave
 * one: CUDA's own numbering may differ from nvidia-smi's; by index with CUDA_DEVICE_ORDER=PCI_BUS_ID, nvidia-smi's
 * order, otherwise), and `--device 0`, the one device the process sees.
 */
export function gpuProcessSettings(device: GpuDevice): { device: string; env: Record<string, string> } {
  return {
    device: '0',
    env: device.uuid
      ? { CUDA_VISIBLE_DEVICES: device.uuid }
      : { CUDA_VISIBLE_DEVICES: String(device.index), CUDA_DEVICE_ORDER: 'PCI_BUS_ID' },
  };
}
