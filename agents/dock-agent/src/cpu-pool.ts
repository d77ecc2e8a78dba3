// The agent's cores as a counting semaphore shared by every task it runs. Slots decide how many tasks an agent holds
// at once; the pool decides how many engine processes run, and which ligand goes next: the one with the highest
// expected cost (ligand-cost.ts) of all the tasks' waiting ligands, longest first, so a long ligand never starts last
// and docks alone while the other cores idle (PERFORMANCE.md "Scheduling"). Equal costs are served first come first
// served. A waiter may be elastic (cpuPerTask 'auto'): it gets more than one CPU only when fewer ligands wait than
// CPUs are free, so the last ligands of a batch start with the cores the others left idle.

export interface CpuRequest {
  /** CPUs the engine needs at least (an explicit cpuPerTask; 1 for 'auto'). */
  min: number;
  /** CPUs it can use (the pool's size for 'auto'; = min for an explicit count). */
  max?: number;
  /** Expected cost (CPU-seconds, ligand-cost.ts): the highest waiting cost is granted first. Default 0. */
  cost?: number;
}

/** What a grant holds: its CPUs (the engine's `--cpu`) and their release. */
export interface CpuGrant {
  cpus: number;
  release: () => void;
}

interface Waiter {
  min: number;
  max: number;
  cost: number;
  seq: number;
  grant: (cpus: number) => void;
}

/**
 * How many CPUs an elastic waiter gets when `free` CPUs are free and `waiting` ligands (itself included) wait: the
 * free CPUs shared among the waiters, at least `min`, at most `max`. With as many waiters as free CPUs or more, each
 * gets its minimum; a lone ligand gets all that is free.
 */
export function grantSize(free: number, waiting: number, min: number, max: number): number {
  const share = Math.floor(free / Math.max(1, waiting));
  return Math.max(min, Math.min(max, share, free));
}

export class CpuPool {
  private free: number;
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private drainScheduled = false;
  private readonly roomWaiters: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a CPU pool needs at least one CPU (got ${size})`);
    this.free = size;
  }

  /** Waits for `cpus` CPUs (at most the pool's size), highest cost first; resolves to their release function. */
  acquire(cpus: number, signal?: AbortSignal): Promise<() => void> {
    return this.request({ min: cpus }, signal).then((grant) => grant.release);
  }

  /**
   * Waits for a grant of between `min` and `max` CPUs (both clamped to the pool's size). Requests made in the same
   * turn of the event loop are ordered together: the grant decision waits for the turn to end (setImmediate), so a
   * task's ligands, enqueued in one loop, are all seen before the first of them is sized.
   */
  request(wanted: CpuRequest, signal?: AbortSignal): Promise<CpuGrant> {
    const clamp = (n: number) => Math.min(Math.max(1, Math.floor(n)), this.size);
    const min = clamp(wanted.min);
    const max = Math.max(min, clamp(wanted.max ?? wanted.min));
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        min,
        max,
        cost: Number.isFinite(wanted.cost) ? (wanted.cost as number) : 0,
        seq: (this.seq += 1),
        grant: (cpus) => {
          signal?.removeEventListener('abort', onAbort);
          this.free -= cpus;
          let released = false;
          resolve({
            cpus,
            release: () => {
              if (released) return;
              released = true;
              this.free += cpus;
              this.scheduleDrain();
            },
          });
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        this.scheduleDrain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Highest cost first; equal costs in arrival order.
      const at = this.waiters.findIndex((w) => w.cost < waiter.cost);
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter);
      this.scheduleDrain();
    });
  }

  /** CPUs not held by a running process. */
  get available(): number {
    return this.free;
  }

  /** Ligands waiting for CPUs. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves when fewer ligands wait than the pool has CPUs: the agent's slots pull another task only then, so an
   * agent never holds queued work it cannot start soon while other agents could run it.
   */
  whenRoom(): Promise<void> {
    if (this.waiters.length < this.size) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    // Strict order: the first waiter (highest cost) is not overtaken by a later one that needs fewer CPUs.
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).min <= this.free) {
      const waiter = this.waiters.shift() as Waiter;
      waiter.grant(grantSize(this.free, this.waiters.length + 1, waiter.min, waiter.max));
    }
    if (this.waiters.length < this.size) for (const wake of this.roomWaiters.splice(0)) wake();
  }
}
