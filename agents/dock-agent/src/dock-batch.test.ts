import { describe, expect, it } from 'vitest';
import { mapWithSlots, planSlots, relativePaths } from './dock-batch.js';

describe('planSlots', () => {
  it('gives a lone ligand every core', () => {
    expect(planSlots(2, 1, 0)).toEqual({ slots: 1, cpuPerProcess: 2 });
  });

  it('runs one single-CPU process per core for a batch (DOCKING_SCIENCE.md, Slots)', () => {
    expect(planSlots(2, 10, 0)).toEqual({ slots: 2, cpuPerProcess: 1 });
    expect(planSlots(16, 3, 0)).toEqual({ slots: 3, cpuPerProcess: 5 });
  });

  it('honours an explicit CPU count per process and parallelLigands', () => {
    expect(planSlots(8, 10, 2)).toEqual({ slots: 4, cpuPerProcess: 2 });
    expect(planSlots(8, 10, 0, 1)).toEqual({ slots: 1, cpuPerProcess: 8 });
    expect(planSlots(2, 10, 4)).toEqual({ slots: 1, cpuPerProcess: 4 });
  });
});

describe('mapWithSlots', () => {
  it('keeps input order and never runs more than the slots at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithSlots([30, 10, 20, 5, 1], 2, async (delayMs) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      running -= 1;
      return delayMs * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 2]);
    expect(peak).toBe(2);
  });
});

describe('relativePaths (engine logs users read, issue 13)', () => {
  const root = '/var/lib/mad-agent';
  const base = `${root}/t1-1/run`;
  it('writes the agent paths relative to the batch folder, and leaves other paths and words alone', () => {
    const log = `$ vina --receptor ${base}/receptor.pdbqt --ligand ${base}/ligands/sti/ligand.pdbqt --out ${base}/ligands/sti/poses.pdbqt --config /etc/vina.conf
Reading ${root}/receptors/abc.pdbqt: done; cwd ${base}, 1/2 ratio`;
    expect(relativePaths(log, base, root))
      .toBe(`$ vina --receptor receptor.pdbqt --ligand ligands/sti/ligand.pdbqt --out ligands/sti/poses.pdbqt --config /etc/vina.conf
Reading ../../receptors/abc.pdbqt: done; cwd ., 1/2 ratio`);
  });

  it('touches no path that only starts like the root', () => {
    expect(relativePaths(`${root}-other/x and ${root}`, base, root)).toBe(`${root}-other/x and ../..`);
  });
});
