// The agent's cores as a counting semaphore shared by every task it runs. Slots decide how many tasks an agent takes
// at once; the pool decides how many engine processes run, so two tasks of different jobs fill the cores together
// (a one-ligand job no longer leaves a core idle) without ever starting more single-CPU processes than there are cores.

interface Waiter {
  cpus: number;
  grant: () => void;
}

export class CpuPool {
  private free: number;
  private readonly waiters: Waiter[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a CPU pool needs at least one CPU (got ${size})`);
    this.free = size;
  }

  /** Waits (first come, first served) for `cpus` CPUs, at most the pool's size; resolves to their release function. */
  acquire(cpus: number, signal?: AbortSignal): Promise<() => void> {
    const wanted = Math.min(Math.max(1, Math.floor(cpus)), this.size);
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        cpus: wanted,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.free -= wanted;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.free += wanted;
            this.drain();
          });
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        this.drain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /** CPUs not held by a running process. */
  get available(): number {
    return this.free;
  }

  private drain(): void {
    // Strict FIFO: a waiter needing 2 CPUs is not overtaken by later 1-CPU waiters (no starvation).
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).cpus <= this.free) {
      (this.waiters.shift() as Waiter).grant();
    }
  }
}
