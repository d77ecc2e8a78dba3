import { describe, expect, it } from 'vitest';
import { testEnv } from '@mad/test-utils';
import { versions } from './machine.js';

describe('versions', () => {
  it('asks the installed programs and Postgres', async () => {
    const found = await versions({
      databaseUrl: testEnv.databaseUrl,
      natsServerBin: '/usr/sbin/nats-server',
      chromiumPath: '/usr/bin/chromium',
      python: '/usr/bin/python3',
    });
    expect(found.node).toBe(process.versions.node);
    expect(found.vina).toMatch(/^\d+\.\d+/);
    expect(found.postgres).toMatch(/^\d+\.\d+/);
    expect(found.nats).toMatch(/^\d+\.\d+/);
  });
});
