import { describe, expect, it } from 'vitest';
import { parseEnv } from '@mad/env';
import { agentEnvSchema, loadAgentConfig, natsAuthOf } from './config.js';

describe('agent configuration', () => {
  it('has working defaults: one slot, every detected engine, hostname-pid id', () => {
    const config = parseEnv(agentEnvSchema, {});
    expect(config.AGENT_SLOTS).toBe(1);
    expect(config.AGENT_ENGINES).toBeUndefined();
    expect(config.AGENT_ID).toMatch(new RegExp(`-${process.pid}$`));
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('reads a comma-separated engine list and refuses unknown engines and bad ids', () => {
    expect(parseEnv(agentEnvSchema, { AGENT_ENGINES: 'vina, gnina' }).AGENT_ENGINES).toEqual(['vina', 'gnina']);
    expect(() => parseEnv(agentEnvSchema, { AGENT_ENGINES: 'vina,autodock4' })).toThrow(/AGENT_ENGINES/);
    expect(() => parseEnv(agentEnvSchema, { AGENT_ID: 'a.b' })).toThrow(/AGENT_ID="a.b": letters, digits/);
    expect(() => parseEnv(agentEnvSchema, { AGENT_SLOTS: '0' })).toThrow(/AGENT_SLOTS/);
  });

  it('authenticates with a user and password or a readable creds file, never both, never a bare password', () => {
    expect(natsAuthOf(loadAgentConfig({}))).toEqual({});
    expect(natsAuthOf(loadAgentConfig({ NATS_USER: 'agent', NATS_PASSWORD: 'pw' }))).toEqual({
      user: 'agent',
      pass: 'pw',
    });
    expect(() => loadAgentConfig({ NATS_PASSWORD: 'pw' })).toThrow(/NATS_PASSWORD=.*set NATS_USER too/);
    expect(() => loadAgentConfig({ NATS_CREDS_FILE: '/nonexistent/agent.creds' })).toThrow(
      /NATS_CREDS_FILE="\/nonexistent\/agent.creds": no readable file/,
    );
    expect(() => loadAgentConfig({ NATS_CREDS_FILE: import.meta.filename, NATS_USER: 'agent' })).toThrow(
      /use either NATS_CREDS_FILE or NATS_USER/,
    );
    expect(natsAuthOf(loadAgentConfig({ NATS_CREDS_FILE: import.meta.filename })).authenticator).toBeTypeOf('function');
  });
});
