import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMERS,
  MAX_PRESIGN_MS,
  ReportMessage,
  TaskMessage,
  deriveTimers,
  taskMsgId,
  taskSubject,
} from './jobs.js';

describe('deriveTimers', () => {
  it('keeps every inequality the design relies on', () => {
    for (const timers of [
      DEFAULT_TIMERS,
      { ackWaitMs: 5_000, maxDeliver: 2, taskTimeoutMs: 10_000, queueAllowanceMs: 60_000 },
      { ackWaitMs: 3_000, maxDeliver: 1, taskTimeoutMs: 3_000, queueAllowanceMs: 10_000 },
    ]) {
      const t = deriveTimers(timers);
      expect(t.heartbeatMs * 2).toBeLessThan(t.ackWaitMs);
      expect(t.duplicateWindowMs).toBeGreaterThanOrEqual(t.ackWaitMs * t.maxDeliver);
      // The stream's max_age is presignMs; JetStream refuses a longer duplicate window.
      expect(t.duplicateWindowMs).toBeLessThanOrEqual(t.presignMs);
      expect(t.presignMs).toBeGreaterThanOrEqual(Math.min(MAX_PRESIGN_MS, t.taskBudgetMs));
      expect(t.jobDeadlineMs).toBeGreaterThan(t.presignMs);
    }
  });

  it('caps presigned URLs at the 7 days SigV4 allows', () => {
    expect(deriveTimers({ ...DEFAULT_TIMERS, queueAllowanceMs: 30 * 86_400_000 }).presignMs).toBe(MAX_PRESIGN_MS);
  });
});

describe('messages', () => {
  const task = {
    v: 1,
    taskId: '6f1c1a52-8c51-4d7e-9d43-2c1f7d0d5a10',
    jobId: '1b0c2f7e-4f52-4a8e-8f0e-0e3e8a7c9b21',
    orgId: '0a4c2b3e-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
    engine: 'vina',
    receptor: { url: 'http://s3/r.pdbqt', format: 'pdbqt' },
    box: { center: { x: 1, y: 2, z: 3 }, size: { x: 20, y: 20, z: 20 } },
    params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42, cpu: 1 },
    ligands: [
      {
        ligandId: 'inline-1',
        name: 'ethanol',
        source: { kind: 'smiles', smiles: 'CCO' },
        outputs: { posesSdf: 'http://s3/a', posesPdbqt: 'http://s3/b', log: 'http://s3/c' },
      },
    ],
    taskLog: 'http://s3/log',
    timeoutMs: 60_000,
    heartbeatMs: 15_000,
  };

  it('parses a task and refuses one without ligands or with an unknown engine', () => {
    expect(TaskMessage.parse(task).ligands[0]?.source).toEqual({ kind: 'smiles', smiles: 'CCO' });
    expect(TaskMessage.safeParse({ ...task, ligands: [] }).success).toBe(false);
    expect(TaskMessage.safeParse({ ...task, engine: 'autodock4' }).success).toBe(false);
  });

  it('tells events from results by kind', () => {
    const event = ReportMessage.parse({
      v: 1,
      kind: 'event',
      taskId: task.taskId,
      jobId: task.jobId,
      agentId: 'a',
      attempt: 1,
      stage: 'docking',
      progress: 0.5,
      at: new Date().toISOString(),
    });
    expect(event.kind).toBe('event');
    expect(ReportMessage.safeParse({ ...event, kind: 'result' }).success).toBe(false);
  });

  it('names subjects and message ids', () => {
    expect(taskSubject('gnina')).toBe('mad.tasks.gnina');
    expect(taskMsgId('t', 2)).toBe('t:2');
  });
});
