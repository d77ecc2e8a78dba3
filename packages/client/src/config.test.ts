import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFile, resolveConfig, saveConfig } from './config.js';

const home = mkdtempSync(join(tmpdir(), 'mad-config-test-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("mad's configuration", () => {
  it('is stored in ~/.config/mad/config.json, readable by its owner only', () => {
    const env = { HOME: home };
    expect(configFile(env)).toBe(join(home, '.config', 'mad', 'config.json'));
    // A file left readable by others is tightened on the next login.
    saveConfig({ url: 'http://old', token: 'old' }, env);
    const file = configFile(env);
    writeFileSync(file, '{}', { mode: 0o644 });
    saveConfig({ url: 'http://localhost:8080', token: 'mad_secret' }, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.config', 'mad')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: 'http://localhost:8080', token: 'mad_secret' });
    expect(resolveConfig(env)).toEqual({ url: 'http://localhost:8080', token: 'mad_secret' });
  });

  it('is overridden by MAD_URL and MAD_TOKEN, each on its own', () => {
    const env = { HOME: home };
    expect(resolveConfig({ ...env, MAD_URL: 'http://other:9000' })).toEqual({
      url: 'http://other:9000',
      token: 'mad_secret',
    });
    expect(resolveConfig({ ...env, MAD_TOKEN: 'mad_env' })).toEqual({ url: 'http://localhost:8080', token: 'mad_env' });
  });

  it('says how to sign in when nothing is configured, and follows XDG_CONFIG_HOME', () => {
    const empty = { HOME: join(home, 'nobody') };
    expect(() => resolveConfig(empty)).toThrow('no server URL: run mad login --url URL --token TOKEN');
    expect(() => resolveConfig({ ...empty, MAD_URL: 'http://x' })).toThrow(/^no token/);
    expect(configFile({ HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') })).toBe(
      join(home, 'xdg', 'mad', 'config.json'),
    );
  });
});
