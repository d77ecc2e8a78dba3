import { describe, expect, it } from 'vitest';
import {
  consoleTable,
  formatValue,
  jsonReport,
  markdownReport,
  mergeReports,
  verdict,
  type BenchReport,
} from './report.js';

const report: BenchReport = {
  command: 'npm run bench',
  startedAt: '2026-11-29T17:00:00.000Z',
  finishedAt: '2026-11-29T17:10:00.000Z',
  machine: { cpuCount: 2, cpuModel: 'AMD EPYC', memoryGiB: 23.4, kernel: 'Linux 6.1' },
  versions: {
    node: '20.20.0',
    postgres: '15.20',
    nats: '2.9.10',
    vina: '1.2.3',
    openBabel: '3.1.1',
    rdkit: null,
    chromium: '156.0.8078',
  },
  load: { before: 0.4, maxDuring: 2.1 },
  sections: [
    {
      name: 'dispatch',
      status: 'ran',
      parameters: { tasks: 10000, agents: 1 },
      measurements: [
        {
          metric: 'throughput, 1 agent',
          value: 420.5,
          unit: 'tasks/s',
          target: { op: '>=', value: 500 },
          note: 'pg-boss | NATS',
        },
        { metric: 'p95 latency', value: 12.3456, unit: 'ms' },
      ],
      notes: ['profile: most time in the results consumer'],
    },
    {
      name: 'dashboard',
      status: 'skipped',
      reason: 'apps/dashboard/dist does not exist',
      parameters: {},
      measurements: [],
      notes: [],
    },
  ],
};

describe('verdict', () => {
  it('compares against the target', () => {
    expect(verdict({ metric: 'x', value: 1.04, unit: '×', target: { op: '<=', value: 1.05 } })).toBe('met');
    expect(verdict({ metric: 'x', value: 1.06, unit: '×', target: { op: '<=', value: 1.05 } })).toBe('MISSED');
    expect(verdict({ metric: 'x', value: 1, unit: '×', target: { op: '<', value: 1 } })).toBe('MISSED');
    expect(verdict({ metric: 'x', value: 500, unit: 'tasks/s', target: { op: '>=', value: 500 } })).toBe('met');
    expect(verdict({ metric: 'x', value: null, unit: 's', target: { op: '<', value: 10 } })).toBe('');
    expect(verdict({ metric: 'x', value: 3, unit: 's' })).toBe('');
  });
});

describe('formatValue', () => {
  it('keeps about three significant digits', () => {
    expect(formatValue(420.5, 'tasks/s')).toBe('421 tasks/s');
    expect(formatValue(12.3456, 'ms')).toBe('12.3 ms');
    expect(formatValue(1.0412, '×')).toBe('1.04 ×');
    expect(formatValue(0.51234, '')).toBe('0.512');
    expect(formatValue(null, 's')).toBe('—');
  });
});

describe('report writers', () => {
  it('prints one aligned row per measurement and one per skipped benchmark', () => {
    const lines = consoleTable(report).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^dispatch\s+throughput, 1 agent\s+421 tasks\/s\s+>= 500 tasks\/s\s+MISSED/);
    expect(lines[4]).toMatch(/^dashboard\s+skipped\s+—.*apps\/dashboard\/dist does not exist$/);
    expect(lines[2]?.indexOf('421')).toBe(lines[0]?.indexOf('value'));
  });

  it('writes Markdown with the machine, the versions, an escaped table and the notes', () => {
    const md = markdownReport(report);
    expect(md).toContain('Machine: 2 × AMD EPYC, 23.4 GiB');
    expect(md).toContain('rdkit not found');
    expect(md).toContain(
      '| dispatch | throughput, 1 agent | 421 tasks/s | >= 500 tasks/s | MISSED | pg-boss \\| NATS |',
    );
    expect(md).toContain('- profile: most time in the results consumer');
    expect(md).toContain('Parameters: tasks=10000, agents=1');
  });

  it('writes JSON that reads back, with non-finite numbers as null', () => {
    const withNaN: BenchReport = { ...report, load: { before: Number.NaN, maxDuring: 1 } };
    const parsed = JSON.parse(jsonReport(withNaN)) as BenchReport;
    expect(parsed.sections[0]?.measurements[0]?.value).toBe(420.5);
    expect(parsed.load.before).toBeNull();
  });
});

describe('mergeReports', () => {
  it('replaces the sections that ran again and keeps the others in order', () => {
    const later: BenchReport = {
      ...report,
      startedAt: '2026-11-29T17:30:00.000Z',
      sections: [
        {
          name: 'dispatch',
          status: 'ran',
          parameters: {},
          measurements: [],
          notes: ['again'],
          load: { before: 0.2, maxDuring: 3.5 },
        },
      ],
    };
    const merged = mergeReports(report, later, ['dispatch', 'dashboard']);
    expect(merged.sections.map((s) => [s.name, s.notes[0]])).toEqual([
      ['dispatch', 'again'],
      ['dashboard', undefined],
    ]);
    expect(merged.startedAt).toBe(report.startedAt);
    expect(merged.load.maxDuring).toBe(3.5);
  });
});
