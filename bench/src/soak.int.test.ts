// The soak (soak.ts) at a size for CI: 8 jobs × 20 zero-work ligands and a job of 3 ligands docked with Vina, through
// the platform's own processes, while the eight faults come one after another (agents, worker and server SIGKILLed,
// nats-server restarted, Postgres crashed and restarted twice, the bucket away). Every job must complete with every
// ligand recorded exactly once, and every fault must have hit running jobs. Needs bench/dist and apps/server/dist
// (bench's turbo.json builds them before its tests).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { FAULTS, runSoak } from './soak.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('faults under load', () => {
  it(
    'every job completes, every ligand recorded exactly once, no task lost, timelines in order',
    async () => {
      const report = await runSoak({
        repoRoot,
        sharedDataDir,
        jobs: 8,
        ligandsPerJob: 20,
        realLigands: ['CCO', 'CC(=O)Nc1ccc(O)cc1', 'Oc1ccccc1'],
        zeroWorkMs: 1_500,
        agents: 3,
        agentSlots: 2,
        ligandsPerTask: 5,
        rounds: 1,
        finishTimeoutMs: 5 * 60_000,
        log: (message) => console.log(message),
      });
      console.log(JSON.stringify(report, null, 2));
      expect(report.problems).toEqual([]);
      expect(report.faults.map((f) => f.fault)).toEqual([...FAULTS]);
      for (const fault of report.faults) {
        expect(fault.finishedBefore, `${fault.fault} came while jobs ran`).toBeLessThan(fault.total);
        // Work went on after it: a ligand recorded once the component was back, or while it was away.
        expect(fault.stallMs !== null || fault.finishedWhileAway > 0, `work went on after ${fault.fault}`).toBe(true);
      }
      // 20 zero-work ligands per job in tasks of 5, and the real job's 3 ligands in one task.
      const zeroJobs = report.jobs - 1;
      expect(report.counts).toMatchObject({
        jobsCompleted: report.jobs,
        ligandsSucceeded: report.ligands,
        ligandsWithoutResult: 0,
        ligandsWrongPoses: 0,
        tasks: zeroJobs * 4 + 1,
        tasksSucceeded: zeroJobs * 4 + 1,
        tasksWithOneFinalEvent: zeroJobs * 4 + 1,
        jobsWithOrderedTimeline: report.jobs,
      });
      expect(report.ligands).toBe(zeroJobs * 20 + 3);
      expect(report.counts.resultRows).toBe(zeroJobs * 20 + report.counts.realResultRows);
      expect(report.counts.realResultRows).toBeGreaterThanOrEqual(3);
    },
    20 * 60_000,
  );
});
