// npm run backup / npm run restore on the embedded default, for real: `npm start` on a data folder holding two
// organisations, molecules, finished jobs and a job whose agent was killed mid-task; a backup of the running stack;
// the folder wiped; a restore refused into a non-empty folder and from a corrupted backup, then done into an empty
// one; `npm start` on it gives the same API answers (molecules, jobs, results, events) and the same downloaded bytes,
// and the job that was running is dispatched again and completes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, sharedDataDir } from '@mad/test-utils';
import { repoRoot } from './paths.js';

const root = mkdtempSync(join(tmpdir(), 'mad-backup-test-'));
chmodSync(root, 0o755); // the postgres user (start.mjs runs Postgres as it under root) must reach the data folders
const folders = { first: join(root, 'data-a'), second: join(root, 'data-b'), backup: join(root, 'backup') };
let env: NodeJS.ProcessEnv;
let port: number;
let stack: { child: ChildProcess; output: () => string } | null = null;
const tokens = { demo: '', two: '' };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function start(dataDir: string) {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--skip-build'], {
    cwd: repoRoot,
    env: { ...env, DATA_DIR: dataDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stack = { child, output: () => output };
}

async function stop() {
  if (!stack) return;
  const { child } = stack;
  stack = null;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  await exited;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (stack && stack.child.exitCode !== null) throw new Error(`start exited before ${what}:\n${stack.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not happen\n${stack?.output() ?? ''}`);
    await sleep(500);
  }
}

function api(token: string, path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers,
    redirect: 'manual',
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

async function json<T = Record<string, unknown>>(token: string, path: string): Promise<T> {
  const response = await api(token, path);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

async function ready(dataDir: string) {
  await until('/ready', async () => ((await fetch(`http://127.0.0.1:${port}/ready`)).ok ? true : null));
  await until('an agent', async () => {
    const agents = await json<{ agents: unknown[] }>(tokens.demo || lastToken(dataDir), '/api/v1/agents');
    return agents.agents.length > 0 ? true : null;
  });
}

const lastToken = (dataDir: string) =>
  readFileSync(join(dataDir, 'logs', 'bootstrap.log'), 'utf8')
    .trim()
    .split('\n')
    .at(-1)!
    .trim();

function databaseUrl() {
  return `postgres://postgres@127.0.0.1:${env.POSTGRES_PORT}/mad`;
}

async function upload(token: string, kind: 'receptor' | 'ligand', file: string): Promise<string> {
  const response = await api(token, '/api/v1/molecules/upload', {
    method: 'POST',
    json: { kind, files: [{ name: file.split('/').at(-1), content: readFileSync(file, 'utf8') }] },
  });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { molecules: { id: string }[] }).molecules[0]!.id;
}

const BOX = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };

async function submit(token: string, receptorId: string, ligands: unknown[], exhaustiveness: number) {
  const response = await api(token, '/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, bindingSite: BOX, ligands, params: { exhaustiveness, seed: 7 } },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

const status = (token: string, jobId: string) => json<{ status: string }>(token, `/api/v1/jobs/${jobId}/status`);
const finished = (token: string, jobId: string) =>
  until(`job ${jobId} final`, async () => {
    const s = await status(token, jobId);
    return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(s.status) ? s : null;
  });

/** Bytes behind a route that answers 302 to a presigned URL. */
async function download(token: string, path: string): Promise<string> {
  const redirect = await api(token, path);
  expect(redirect.status).toBe(302);
  const file = await fetch(redirect.headers.get('location')!);
  expect(file.status).toBe(200);
  return Buffer.from(await file.arrayBuffer()).toString('base64');
}

/** Everything a user of either organisation can read about its molecules and its finished jobs. */
async function snapshot(finishedJobs: Record<'demo' | 'two', string[]>) {
  const answers: Record<string, unknown> = {};
  for (const org of ['demo', 'two'] as const) {
    const token = tokens[org];
    const molecules = await json<{ molecules: { id: string }[] }>(token, '/api/v1/molecules');
    answers[`${org} molecules`] = molecules;
    for (const molecule of molecules.molecules)
      answers[`${org} molecule ${molecule.id}`] = await json(token, `/api/v1/molecules/${molecule.id}`);
    const jobs = await json<{ jobs: { jobId: string }[] }>(token, '/api/v1/jobs');
    answers[`${org} jobs`] = jobs.jobs.filter((j) => finishedJobs[org].includes(j.jobId));
    for (const jobId of finishedJobs[org]) {
      answers[`${org} ${jobId} status`] = await json(token, `/api/v1/jobs/${jobId}/status`);
      const results = await json<{ ligands: { files: Record<string, string | null> }[] }>(
        token,
        `/api/v1/jobs/${jobId}/results?limit=500`,
      );
      answers[`${org} ${jobId} results`] = results;
      answers[`${org} ${jobId} events`] = await json(token, `/api/v1/jobs/${jobId}/events?limit=1000`);
      for (const ligand of results.ligands)
        for (const link of Object.values(ligand.files))
          if (link) answers[`${org} bytes ${link}`] = await download(token, link);
    }
  }
  return answers;
}

let receptors: Record<'demo' | 'two', string>;
const finishedJobs: Record<'demo' | 'two', string[]> = { demo: [], two: [] };
let runningJob: string;
let before: Record<string, unknown>;

beforeAll(async () => {
  port = await freePort();
  const {
    DATABASE_URL: _db,
    NATS_URL: _nats,
    NATS_USER: _user,
    NATS_PASSWORD: _password,
    S3_ENDPOINT: _s3,
    PUBLIC_URL: _url,
    ...inherited
  } = process.env;
  env = {
    ...inherited,
    PORT: String(port),
    POSTGRES_PORT: String(await freePort()),
    NATS_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
    // Ports of their own for Prometheus and the worker's and agent's metrics too: the other ops files start stacks
    // at the same time, and two start.mjs probing the same default (59090, 59464, 59465) both found it free.
    PROMETHEUS_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    AGENT_METRICS_PORT: String(await freePort()),
    AGENT_SLOTS: '1',
    LOG_LEVEL: 'info',
  };
  start(folders.first);
  await until('/ready', async () => ((await fetch(`http://127.0.0.1:${port}/ready`)).ok ? true : null));
  tokens.demo = lastToken(folders.first);
  const second = spawnSync(
    process.execPath,
    [join(repoRoot, 'apps/server/dist/cli.js'), 'bootstrap', '--org', 'lab-two', '--email', 'two@example.org'],
    { encoding: 'utf8', env: { ...env, DATABASE_URL: databaseUrl() } },
  );
  expect(second.status, second.stderr).toBe(0);
  tokens.two = second.stdout.trim().split('\n').at(-1)!.trim();
  await ready(folders.first);
  const receptorFile = join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt');
  receptors = {
    demo: await upload(tokens.demo, 'receptor', receptorFile),
    two: await upload(tokens.two, 'receptor', receptorFile),
  };
  await upload(tokens.demo, 'ligand', join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'));
  finishedJobs.demo.push(
    await submit(tokens.demo, receptors.demo, [{ smiles: 'CC(=O)Nc1ccc(O)cc1', name: 'paracetamol' }], 1),
  );
  finishedJobs.two.push(
    await submit(tokens.two, receptors.two, [{ smiles: 'OC(=O)c1ccccc1O', name: 'salicylic acid' }], 1),
  );
  for (const org of ['demo', 'two'] as const)
    for (const jobId of finishedJobs[org]) expect((await finished(tokens[org], jobId)).status).toBe('COMPLETED');
  // A job still running at backup time: its agent is killed (SIGKILL) once it has accepted the task.
  runningJob = await submit(
    tokens.demo,
    receptors.demo,
    [{ smiles: 'CC(C)Cc1ccc(cc1)C(C)C(=O)O', name: 'ibuprofen' }],
    8,
  );
  await until('the task accepted', async () => {
    const events = await json<{ events: { kind: string }[] }>(tokens.demo, `/api/v1/jobs/${runningJob}/events`);
    return events.events.some((e) => e.kind === 'accepted') ? true : null;
  });
  const lock = JSON.parse(readFileSync(join(folders.first, 'start.json'), 'utf8')) as {
    children: { name: string; pid: number }[];
  };
  process.kill(-lock.children.find((c) => c.name === 'agent')!.pid, 'SIGKILL');
  expect((await status(tokens.demo, runningJob)).status).toBe('RUNNING');
  before = await snapshot(finishedJobs);
}, 600_000);

afterAll(async () => {
  await stop();
  rmSync(root, { recursive: true, force: true });
});

describe('backup and restore of the embedded default', () => {
  it('backs up the running stack: database dump, every object with its checksum, a manifest', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/backup.mjs'), '--out', folders.backup], {
      encoding: 'utf8',
      env: { ...env, DATA_DIR: folders.first },
    });
    expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(folders.backup, 'manifest.json'), 'utf8')) as {
      stackWasRunning: boolean;
      objects: { count: number; entries: { key: string; sha256: string }[] };
      migrations: Record<string, string[]>;
      database: { bytes: number };
    };
    expect(manifest.stackWasRunning).toBe(true);
    expect(manifest.database.bytes).toBeGreaterThan(10_000);
    expect(manifest.objects.count).toBeGreaterThanOrEqual(8);
    expect(Object.keys(manifest.migrations)).toHaveLength(3); // public and the two organisations
    expect(manifest.migrations.public).toContain('0005_organization_settings');
  });

  it('refuses a non-empty data folder and a corrupted backup, saying why, and writes nothing', async () => {
    await stop();
    rmSync(folders.first, { recursive: true, force: true }); // the wipe
    const restore = (dataDir: string, dir = folders.backup) =>
      spawnSync(process.execPath, [join(repoRoot, 'scripts/restore.mjs'), dir], {
        encoding: 'utf8',
        env: { ...env, DATA_DIR: dataDir },
      });
    const occupied = mkdtempSync(join(root, 'occupied-'));
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const refused = restore(occupied);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(notes\.txt\)/);

    const corrupted = join(root, 'corrupted');
    cpSync(folders.backup, corrupted, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(corrupted, 'manifest.json'), 'utf8')) as {
      objects: { entries: { key: string }[] };
    };
    const victim = manifest.objects.entries.find((o) => o.key.endsWith('poses.sdf'))!.key;
    writeFileSync(join(corrupted, 'objects', victim), 'not the poses');
    const broken = restore(join(root, 'never-written'), corrupted);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`objects/${victim}`);
    expect(() => readFileSync(join(root, 'never-written', 'manifest.json'))).toThrow();

    const restored = restore(folders.second);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/requeued 1 task\(s\) of 1 job\(s\)/);
  });

  it('starts on the restored folder with the same answers and bytes, and the running job completes', async () => {
    start(folders.second);
    await ready(folders.second);
    const after = await snapshot(finishedJobs);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const key of Object.keys(before)) expect(after[key], key).toEqual(before[key]);
    expect((await finished(tokens.demo, runningJob)).status).toBe('COMPLETED');
    const events = await json<{ events: { kind: string; attempt: number | null; message: string | null }[] }>(
      tokens.demo,
      `/api/v1/jobs/${runningJob}/events?limit=1000`,
    );
    expect(events.events.find((e) => e.kind === 'requeued')?.message).toMatch(/restored from the backup of/);
    expect(events.events.filter((e) => e.kind === 'accepted').map((e) => e.attempt)).toEqual([1, 2]);
    // Its own waits (the stack ready, then the re-dispatched job docked) may take up to 240 s each on a loaded
    // machine: a timeout of the test's own, above both, so a slow run shows which wait failed instead of vitest's 180 s.
  }, 600_000);
});
