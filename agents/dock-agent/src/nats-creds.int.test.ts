// NATS_CREDS_FILE for real: a nats-server in operator (JWT) mode whose account, users and JWTs are made here with
// nkeys (what `nsc` does), the jobs streams created by a second user of that account, and the agent daemon
// (dist/main.js) started with nothing but a .creds file: it heartbeats into mad_agents, pulls from agents_vina and
// drains on SIGTERM. A .creds file signed by an account the server does not know is refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, credsAuthenticator, nkeys, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import {
  AGENTS_BUCKET,
  DEFAULT_TIMERS,
  TASKS_STREAM,
  deriveTimers,
  ensureJobStreams,
  taskConsumer,
  taskSubject,
} from '@mad/protocol';
import { EnvError } from '@mad/env';
import { freePort } from '@mad/test-utils';
import { loadAgentConfig, natsAuthOf } from './index.js';

type KeyPair = ReturnType<typeof nkeys.createUser>;
const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** A NATS v2 JWT: header.claims signed (ed25519) by the issuer's nkey. */
function jwt(issuer: KeyPair, subject: string, name: string, nats: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const claims = {
    jti: b64url(crypto.getRandomValues(new Uint8Array(16))),
    iat: Math.floor(Date.now() / 1000),
    iss: issuer.getPublicKey(),
    name,
    sub: subject,
    nats: { ...nats, version: 2 },
  };
  const body = `${header}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${b64url(issuer.sign(new TextEncoder().encode(body)))}`;
}

const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
const accountJwt = (operator: KeyPair, account: KeyPair, jetStream: boolean) =>
  jwt(operator, account.getPublicKey(), 'account', {
    type: 'account',
    limits: {
      ...unlimited,
      ...(jetStream
        ? { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 }
        : { mem_storage: 0, disk_storage: 0 }),
    },
    default_permissions: { pub: {}, sub: {} },
  });

function credsFile(path: string, account: KeyPair, name: string): string {
  const user = nkeys.createUser();
  const token = jwt(account, user.getPublicKey(), name, {
    type: 'user',
    pub: {},
    sub: {},
    subs: -1,
    data: -1,
    payload: -1,
  });
  const seed = new TextDecoder().decode(user.getSeed());
  writeFileSync(
    path,
    `-----BEGIN NATS USER JWT-----\n${token}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`,
    { mode: 0o600 },
  );
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'mad-creds-'));
const children: ChildProcess[] = [];
let url: string;
let serverSide: NatsConnection;
let agentCreds: string;
let strangerCreds: string;

beforeAll(async () => {
  const operator = nkeys.createOperator();
  const system = nkeys.createAccount();
  const account = nkeys.createAccount();
  const port = await freePort();
  writeFileSync(
    join(dir, 'nats.conf'),
    [
      `port: ${port}`,
      'host: 127.0.0.1',
      `operator: ${jwt(operator, operator.getPublicKey(), 'operator', { type: 'operator' })}`,
      `system_account: ${system.getPublicKey()}`,
      'resolver: MEMORY',
      `resolver_preload: { ${system.getPublicKey()}: ${accountJwt(operator, system, false)}, ${account.getPublicKey()}: ${accountJwt(operator, account, true)} }`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
    ].join('\n'),
  );
  const binary = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  const server = spawn(binary, ['-c', join(dir, 'nats.conf')], { stdio: 'ignore' });
  children.push(server);
  for (const deadline = Date.now() + 10_000; ;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error('nats-server in operator mode did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  url = `nats://127.0.0.1:${port}`;
  agentCreds = credsFile(join(dir, 'agent.creds'), account, 'agent');
  strangerCreds = credsFile(join(dir, 'stranger.creds'), nkeys.createAccount(), 'stranger');
  serverSide = await connect({
    servers: url,
    authenticator: credsAuthenticator(readFileSync(credsFile(join(dir, 'server.creds'), account, 'server'))),
  });
  await ensureJobStreams(serverSide, deriveTimers({ ...DEFAULT_TIMERS, ackWaitMs: 5_000 }));
});

afterAll(async () => {
  await serverSide?.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('NATS_CREDS_FILE', () => {
  it('is validated: the file must be readable, and it excludes NATS_USER', () => {
    expect(() => loadAgentConfig({ NATS_CREDS_FILE: join(dir, 'missing.creds') })).toThrow(
      /NATS_CREDS_FILE=".*missing\.creds": no readable file/,
    );
    expect(() => loadAgentConfig({ NATS_CREDS_FILE: agentCreds, NATS_USER: 'agent' })).toThrow(
      /NATS_CREDS_FILE=".*": use either NATS_CREDS_FILE or NATS_USER/,
    );
    expect(() => loadAgentConfig({ NATS_PASSWORD: 'x' })).toThrow(EnvError);
    expect(natsAuthOf(loadAgentConfig({ NATS_USER: 'agent', NATS_PASSWORD: 'pw' }))).toEqual({
      user: 'agent',
      pass: 'pw',
    });
    expect(natsAuthOf(loadAgentConfig({ NATS_CREDS_FILE: agentCreds })).authenticator).toBeTypeOf('function');
  });

  it('a creds file of an account the server does not know is refused', async () => {
    const auth = natsAuthOf(loadAgentConfig({ NATS_CREDS_FILE: strangerCreds }));
    await expect(connect({ servers: url, reconnect: false, ...auth })).rejects.toThrow(/Authorization Violation/i);
  });

  it('the agent daemon runs on a creds file alone: heartbeat, pull (an invalid task is terminated), SIGTERM → exit 0', async () => {
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    expect(existsSync(main)).toBe(true);
    const agentId = `creds-agent-${process.pid}`;
    const agent = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NATS_URL: url,
        NATS_CREDS_FILE: agentCreds,
        AGENT_ID: agentId,
        AGENT_ENGINES: 'vina',
        AGENT_WORK_DIR: join(dir, 'work'),
        AGENT_HEARTBEAT_MS: '500',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(agent);
    const agents = await new Kvm(jetstream(serverSide)).open(AGENTS_BUCKET);
    for (const deadline = Date.now() + 60_000; !(await agents.get(agentId))?.string();) {
      if (Date.now() > deadline || agent.exitCode !== null) throw new Error('the agent never heartbeated');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(JSON.parse((await agents.get(agentId))!.string())).toMatchObject({
      agentId,
      state: 'running',
      engines: [expect.objectContaining({ name: 'vina' })],
    });

    // The agent pulls from agents_vina: a message that is no task is terminated (term: never redelivered).
    await jetstream(serverSide).publish(taskSubject('vina'), JSON.stringify({ not: 'a task' }));
    const jsm = await jetstreamManager(serverSide);
    for (const deadline = Date.now() + 60_000; ;) {
      const info = await jsm.consumers.info(TASKS_STREAM, taskConsumer('vina'));
      if (info.delivered.stream_seq === 1 && info.num_ack_pending === 0 && info.num_pending === 0) break;
      if (Date.now() > deadline) throw new Error(`the agent never took the message: ${JSON.stringify(info.delivered)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const exited = new Promise<number | null>((resolve) => agent.once('exit', (code) => resolve(code)));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await agents.get(agentId).then((entry) => entry?.operation)).not.toBe('PUT');
  }, 120_000);
});
