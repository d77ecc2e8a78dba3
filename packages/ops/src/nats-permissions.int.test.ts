// infra/nats-server.conf for real: a nats-server runs it, the `server` user sets up the streams, consumers and KV
// buckets of packages/protocol, and the `agent` user can do its job (pull a task, working(), ack, report, heartbeat,
// watch cancellations) and nothing else (no publishing tasks, no reading reports, no deleting streams).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { freePort } from '@mad/test-utils';
import { repoRoot } from './paths.js';
import { protocolNames } from './protocol-names.js';

const textOf = (value: unknown) => (value === undefined ? '' : String(value));

const {
  tasksStream: TASKS_STREAM,
  reportsStream: REPORTS_STREAM,
  reportsConsumer: REPORTS_CONSUMER,
  agentsBucket: AGENTS_BUCKET,
  cancelsBucket: CANCELS_BUCKET,
} = protocolNames;
const VINA_CONSUMER = `${protocolNames.taskConsumerPrefix}vina`;
const vinaTasks = `${protocolNames.taskSubjectPrefix}vina`;
const reportSubject = (job: string, kind: 'event' | 'ligand' | 'result') =>
  `${protocolNames.reportSubjectPrefix}${job}.${kind}`;
const jobId = '3f1c9a52-7d4e-4c1b-9a7e-2b8f0c6d5e41';

const passwords = { server: 'server-secret', agent: 'agent-secret' };
const storeDir = mkdtempSync(join(tmpdir(), 'mad-nats-perm-'));
let natsServer: ChildProcess;
let url: string;
let server: NatsConnection;
let agent: NatsConnection;
let jsm: JetStreamManager;

async function waitForPort(port: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = connectTcp(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline || natsServer.exitCode !== null)
      throw new Error(`nats-server with infra/nats-server.conf did not start on ${port}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Resolves with the error a request raises (permissions violations come back as errors), or null on success. */
async function errorOf(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return error instanceof Error ? `${error.message} ${textOf((error as { cause?: unknown }).cause)}` : String(error);
  }
}

beforeAll(async () => {
  const port = await freePort();
  const binary = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  natsServer = spawn(
    binary,
    ['-c', join(repoRoot, 'infra', 'nats-server.conf'), '-a', '127.0.0.1', '-p', String(port)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NATS_STORE_DIR: storeDir,
        NATS_SERVER_PASSWORD: passwords.server,
        NATS_AGENT_PASSWORD: passwords.agent,
      },
      stdio: 'ignore',
    },
  );
  await waitForPort(port);
  url = `nats://127.0.0.1:${port}`;
  server = await connect({ servers: url, user: 'server', pass: passwords.server });
  agent = await connect({ servers: url, user: 'agent', pass: passwords.agent });

  // What the server side (worker/dispatcher) sets up, as the `server` user.
  jsm = await jetstreamManager(server);
  await jsm.streams.add({
    name: TASKS_STREAM,
    subjects: [`${protocolNames.taskSubjectPrefix}>`],
    retention: RetentionPolicy.Workqueue,
  });
  await jsm.consumers.add(TASKS_STREAM, {
    durable_name: VINA_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    filter_subject: vinaTasks,
  });
  await jsm.streams.add({ name: REPORTS_STREAM, subjects: [`${protocolNames.reportSubjectPrefix}>`] });
  const kvm = new Kvm(server);
  await kvm.create(AGENTS_BUCKET, { ttl: 60_000 });
  const cancels = await kvm.create(CANCELS_BUCKET);
  await cancels.put('job-cancelled-before', 'cancelled');
  await jetstream(server).publish(vinaTasks, JSON.stringify({ taskId: 'task-1' }));
});

afterAll(async () => {
  await agent?.close();
  await server?.close();
  if (natsServer && natsServer.exitCode === null) {
    const exited = new Promise((done) => natsServer.once('exit', done));
    natsServer.kill('SIGKILL');
    await exited;
  }
  rmSync(storeDir, { recursive: true, force: true });
});

describe('infra/nats-server.conf permissions', () => {
  it('rejects a wrong password', async () => {
    expect(await errorOf(() => connect({ servers: url, user: 'agent', pass: 'wrong' }))).toMatch(/Authorization|auth/i);
  });

  it('lets an agent pull a task, extend it with working() and ack it', async () => {
    const consumer = await jetstream(agent).consumers.get(TASKS_STREAM, VINA_CONSUMER);
    const task = await consumer.next({ expires: 5_000 });
    expect(task?.json()).toEqual({ taskId: 'task-1' });
    task!.working();
    expect(await task!.ackAck()).toBe(true);
    const info = await jsm.consumers.info(TASKS_STREAM, VINA_CONSUMER);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('lets an agent publish the events, ligand outcomes and results of a job', async () => {
    const js = jetstream(agent);
    const event = await js.publish(reportSubject(jobId, 'event'), JSON.stringify({ stage: 'docking' }));
    const ligand = await js.publish(reportSubject(jobId, 'ligand'), JSON.stringify({ ligand: {} }));
    const result = await js.publish(reportSubject(jobId, 'result'), JSON.stringify({ poses: [] }));
    expect(event.stream).toBe(REPORTS_STREAM);
    expect(ligand.seq).toBe(event.seq + 1);
    expect(result.seq).toBe(ligand.seq + 1);
  });

  it('lets an agent write its heartbeat and read and watch cancellations', async () => {
    const kvm = new Kvm(agent);
    const heartbeats = await kvm.open(AGENTS_BUCKET);
    await heartbeats.put('agent-1', JSON.stringify({ slots: 1 }));
    const cancels = await kvm.open(CANCELS_BUCKET);
    expect((await cancels.get('job-cancelled-before'))?.string()).toBe('cancelled');
    const watch = await cancels.watch();
    await (await new Kvm(server).open(CANCELS_BUCKET)).put('job-cancelled-now', 'cancelled');
    const seen: string[] = [];
    for await (const entry of watch) {
      seen.push(entry.key);
      if (entry.key === 'job-cancelled-now') break;
    }
    expect(seen).toContain('job-cancelled-now');
  });

  it('forbids an agent to publish tasks, read reports, cancel jobs or manage streams', async () => {
    const js = jetstream(agent);
    expect(await errorOf(() => js.publish(vinaTasks, '{}', { timeout: 3_000 }))).toMatch(/permission/i);
    expect(await errorOf(() => agent.request(`$JS.API.STREAM.DELETE.${TASKS_STREAM}`, '', { timeout: 3_000 }))).toMatch(
      /permission/i,
    );
    expect(
      await errorOf(() =>
        agent.request(`$JS.API.CONSUMER.MSG.NEXT.${REPORTS_STREAM}.${REPORTS_CONSUMER}`, '', { timeout: 3_000 }),
      ),
    ).toMatch(/permission/i);
    expect(
      await errorOf(async () =>
        (await new Kvm(agent).open(CANCELS_BUCKET)).put('some-job', 'cancelled', { timeout: 3_000 }),
      ),
    ).toMatch(/permission/i);
    const stillThere = await jsm.streams.info(TASKS_STREAM);
    expect(stillThere.config.name).toBe(TASKS_STREAM);
  });

  it('forbids an agent to listen to platform subjects', async () => {
    // The server refuses the subscription; the client closes it with the permissions violation.
    const outcome = await agent.subscribe(`${protocolNames.liveSubjectPrefix}>`).closed;
    expect(String(outcome)).toMatch(/permission/i);
    expect(String(outcome)).toContain(protocolNames.liveSubjectPrefix);
  });
});
