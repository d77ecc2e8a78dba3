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
  return spawnSync(natsServer, ['-c', config, '-t'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

describe('infra/nats-server.conf', () => {
  it('is valid with the store folder and both passwords from the environment', () => {
    const result = testConfig({ NATS_STORE_DIR: storeDir, NATS_SERVER_PASSWORD: 'server-secret', NATS_AGENT_PASSWORD: 'agent-secret' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/configuration file .* is valid/);
    expect(result.status).toBe(0);
  });

  it('refuses to load when the agent password is missing', () => {
    const result = testConfig({ NATS_STORE_DIR: storeDir, NATS_SERVER_PASSWORD: 'server-secret' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/NATS_AGENT_PASSWORD/);
  });
});
