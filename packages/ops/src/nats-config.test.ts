// infra/nats-server.conf parses (nats-server -t) and fails loudly when a password is not given.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

const natsServer = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
const config = join(repoRoot, 'infra', 'nats-server.conf');
const storeDir = mkdtempSync(join(tmpdir(), 'mad-nats-conf-'));
afterAll(() => rmSync(storeDir, { recursive: true, force: true }));

function testConfig(env: Record<string, string>) {
  return spawnSync(natsServer, ['-c', config, '-t'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('infra/nats-server.conf', () => {
  it('is valid with the store folder and both passwords from the environment', () => {
    const result = testConfig({
      NATS_STORE_DIR: storeDir,
      NATS_SERVER_PASSWORD: 'server-secret',
      NATS_AGENT_PASSWORD: 'agent-secret',
    });
    expect(`${result.stdout}${result.stderr}`).toMatch(/configuration file .* is valid/);
    expect(result.status).toBe(0);
  });

  // nats-server parses a variable's value as configuration: why npm start generates `p` + hex passwords.
  it('reads a password of letters and digits that starts with a letter, and not one that starts with "-"', () => {
    const passwords = { NATS_STORE_DIR: storeDir, NATS_SERVER_PASSWORD: 'p0123456789abcdef0123' };
    expect(testConfig({ ...passwords, NATS_AGENT_PASSWORD: 'p9f8e7d6c5b4a39281706' }).status).toBe(0);
    const broken = testConfig({ ...passwords, NATS_AGENT_PASSWORD: '-x1Yq_0aZ' });
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/NATS_AGENT_PASSWORD.*could not be parsed/);
  });

  it('refuses to load when the agent password is missing', () => {
    const result = testConfig({ NATS_STORE_DIR: storeDir, NATS_SERVER_PASSWORD: 'server-secret' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/NATS_AGENT_PASSWORD/);
  });
});
