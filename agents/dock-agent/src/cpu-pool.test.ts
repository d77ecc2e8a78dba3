import { describe, expect, it } from 'vitest';
import { CpuPool } from './cpu-pool.js';
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
});
