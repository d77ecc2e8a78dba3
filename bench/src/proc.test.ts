import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cpuTimes, machineBusySeconds, parseMachineBusySeconds, parseProcStat, parseRssMiB, rssMiB } from './proc.js';

describe('parseProcStat', () => {
  it('reads user, system and children times after a command name with spaces and parentheses', () => {
    const line = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 700 30 20 0 11 0 123 456 789';
    expect(parseProcStat(line)).toEqual({ selfSeconds: 3, childrenSeconds: 7.3 });
  });

  it('reads this process', async () => {
    const text = await readFile('/proc/self/stat', 'utf8');
    const times = parseProcStat(text);
    expect(times.selfSeconds).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(times.childrenSeconds)).toBe(true);
    expect(await cpuTimes(2 ** 22 + 12345)).toBeNull();
  });
});

describe('parseRssMiB', () => {
  it('reads VmRSS from a real status file', async () => {
    const mib = parseRssMiB(await readFile('/proc/self/status', 'utf8'));
    expect(mib).toBeGreaterThan(10);
    expect(await rssMiB(process.pid)).toBeGreaterThan(10);
    expect(parseRssMiB('Name: x\n')).toBeNull();
  });
});

describe('parseMachineBusySeconds', () => {
  it('adds everything but idle and iowait', async () => {
    expect(parseMachineBusySeconds('cpu  100 5 50 9000 40 1 2 3 0 0\ncpu0 1 2 3 4\n')).toBeCloseTo(1.61, 5);
    expect(await machineBusySeconds()).toBeGreaterThan(0);
  });
});
