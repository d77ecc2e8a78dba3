import { describe, expect, it } from 'vitest';
import { CpuPool, grantSize } from './cpu-pool.js';
import { mapWithSlots } from './dock-batch.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CpuPool', () => {
  it('never grants more CPUs than it has, first come first served', async () => {
    const pool = new CpuPool(2);
    const order: string[] = [];
    const a = await pool.acquire(1);
    const b = await pool.acquire(1);
    expect(pool.available).toBe(0);
    const c = pool.acquire(2).then((release) => (order.push('c'), release));
    const d = pool.acquire(1).then((release) => (order.push('d'), release));
    await tick();
    expect(order).toEqual([]);
    a();
    await tick();
    expect(order).toEqual([]); // c (2 CPUs) is first in line; d must not overtake it
    b();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(pool.available).toBe(0);
    releaseC();
    releaseC(); // a second release gives nothing back twice
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(pool.available).toBe(2);
  });

  it('clamps a request to the pool size and rejects a waiter whose signal aborts', async () => {
    const pool = new CpuPool(2);
    const all = await pool.acquire(8);
    expect(pool.available).toBe(0);
    const controller = new AbortController();
    const waiting = pool.acquire(1, controller.signal);
    controller.abort(new Error('timeout after 5 ms'));
    await expect(waiting).rejects.toThrow('timeout after 5 ms');
    all();
    expect(pool.available).toBe(2);
    expect(() => new CpuPool(0)).toThrow(/at least one CPU/);
  });

  it('two batches sharing a pool of 2 never run more than 2 single-CPU processes at once', async () => {
    const pool = new CpuPool(2);
    let running = 0;
    let peak = 0;
    const work = async () => {
      const release = await pool.acquire(1);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      release();
    };
    // Each batch alone would start 2 workers (planSlots for 2 cores): 4 in all without the pool.
    await Promise.all([mapWithSlots([1, 2, 3], 2, work), mapWithSlots([1, 2, 3, 4, 5], 2, work)]);
    expect(peak).toBe(2);
    expect(pool.available).toBe(2);
  });

  it('starts the most expensive waiting ligand first, across batches (longest first)', async () => {
    const pool = new CpuPool(2);
    const started: string[] = [];
    const hold = await pool.acquire(2);
    const ligand = (name: string, cost: number) =>
      pool.request({ min: 1, cost }).then((grant) => {
        started.push(name);
        return grant;
      });
    // Two tasks' ligands, enqueued in arrival order; the pool serves them by expected cost.
    const waiting = [ligand('ethanol', 2), ligand('lysine', 15), ligand('imatinib', 68), ligand('pyridine', 3)];
    void ligand('haloperidol', 30);
    await tick();
    expect(pool.waiting).toBe(5);
    hold();
    await tick();
    expect(started).toEqual(['imatinib', 'haloperidol']);
    (await waiting[2]!).release();
    await tick();
    expect(started).toEqual(['imatinib', 'haloperidol', 'lysine']);
  });

  it('gives idle CPUs to the engines that start when fewer ligands than CPUs remain (auto --cpu)', async () => {
    const pool = new CpuPool(4);
    // Four ligands enqueued together: one CPU each.
    const four = await Promise.all([1, 2, 3, 4].map((cost) => pool.request({ min: 1, max: 4, cost })));
    expect(four.map((g) => g.cpus)).toEqual([1, 1, 1, 1]);
    four.forEach((g) => g.release());
    await tick();
    // A lone ligand: every core.
    const alone = await pool.request({ min: 1, max: 4 });
    expect(alone.cpus).toBe(4);
    alone.release();
    await tick();
    // Two ligands on 4 free CPUs: 2 each; an explicit count (min = max) is never resized.
    const two = await Promise.all([pool.request({ min: 1, max: 4 }), pool.request({ min: 1, max: 4 })]);
    expect(two.map((g) => g.cpus)).toEqual([2, 2]);
    two.forEach((g) => g.release());
    await tick();
    expect((await pool.request({ min: 1 })).cpus).toBe(1);
  });

  it('sizes a grant: the free CPUs shared among the waiters, within min and max', () => {
    expect(grantSize(2, 1, 1, 2)).toBe(2);
    expect(grantSize(2, 2, 1, 2)).toBe(1);
    expect(grantSize(2, 9, 1, 2)).toBe(1);
    expect(grantSize(3, 2, 1, 8)).toBe(1);
    expect(grantSize(8, 3, 1, 8)).toBe(2);
    expect(grantSize(8, 1, 1, 4)).toBe(4);
    expect(grantSize(8, 1, 2, 2)).toBe(2);
  });

  it('has room for another task only while fewer ligands wait than it has CPUs', async () => {
    const pool = new CpuPool(2);
    await expect(pool.whenRoom()).resolves.toBeUndefined();
    const held = await pool.acquire(2);
    const queued = [pool.request({ min: 1 }), pool.request({ min: 1 })];
    await tick();
    let room = false;
    void pool.whenRoom().then(() => (room = true));
    await tick();
    expect(room).toBe(false);
    held();
    await Promise.all(queued);
    await tick();
    expect(room).toBe(true);
  });
});
