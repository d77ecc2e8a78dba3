import { describe, expect, it } from 'vitest';
import { machineInfo, versionIn } from './machine.js';

describe('versionIn', () => {
  it('finds the version in real banners', () => {
    expect(versionIn('AutoDock Vina v1.2.3\n')).toBe('1.2.3');
    expect(versionIn('nats-server: v2.9.10')).toBe('2.9.10');
    expect(versionIn('Open Babel 3.1.0 -- Dec 29 2022 -- 22:56:21')).toBe('3.1.0');
    expect(versionIn('15.20 (Debian 15.20-0+deb12u1)')).toBe('15.20');
    expect(versionIn('Chromium 142.0.7444.175 built on Debian')).toBe('142.0.7444');
    expect(versionIn('no digits')).toBeNull();
  });
});

describe('machineInfo', () => {
  it('reports this machine', () => {
    const machine = machineInfo();
    expect(machine.cpuCount).toBeGreaterThan(0);
    expect(machine.memoryGiB).toBeGreaterThan(0.5);
    expect(machine.cpuModel).not.toBe('');
  });
});
