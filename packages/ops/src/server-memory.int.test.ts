// Bounded memory (issue 13): the review's uploads (junk files near the 50 MiB limit, a 10,001-record file, a 1 MB
// SMILES, 5 × 45 MiB sent chunked) left the idle server at 3.3 GB RSS an hour later (105 MB at start). Here the real
// server process (apps/server/dist/main.js) takes those uploads and a valid 200-record file, twice. Heavy chemistry must
// run in the recyclable chemistry worker, never in the server's own thread, where RDKit's WASM heap (and its compiled
// code) would stay for the life of the process: /metrics must show RDKit never loaded in the main thread and every
// worker retired once idle (CHEM_WORKER_IDLE_MS=2000), and the RSS must come back to within 150 MiB of the baseline
// taken before any chemistry ran. Measured with the worker: +46 to +108 MiB over nine runs (the rest is glibc's
// native heap, not V8's: the JS heap is smaller after than at the baseline; MALLOC_ARENA_MAX=2 or a fixed mmap
// threshold did not change it); with RDKit forced into the server's thread +175 MiB (PERFORMANCE.md "Server memory").
// The review's unbounded case was 3.3 GB. A memory bound, not a timing: it waits up to 60 s for it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  freePort,
  startTestNatsServer,
  startTestS3,
  type TestDatabase,
  type TestNatsServer,
  type TestS3,
} from '@mad/test-utils';
import { loadedFiles, loadRecording, testCodeIn } from './load-record.js';
import { repoRoot } from './paths.js';

const MiB = 1024 * 1024;
const BOUND = 150 * MiB;
let database: TestDatabase;
let s3: TestS3;
let nats: TestNatsServer;
let server: ChildProcess;
let url: string;
let token: string;
// Every module the server and its chemistry worker load while they serve (design-docs.test.ts has the static graph).
const recording = loadRecording();

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

beforeAll(async () => {
  [database, s3, nats] = await Promise.all([createTestDatabase('mad_memory'), startTestS3(), startTestNatsServer()]);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SESSION_SECRET: 'm'.repeat(40),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    CHEM_WORKER_IDLE_MS: '2000',
  };
  const migrate = spawnSync(process.execPath, [join(repoRoot, 'packages/db/dist/cli.js'), 'up'], {
    env,
    encoding: 'utf8',
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  const cli = spawnSync(
    process.execPath,
    [join(repoRoot, 'apps/server/dist/cli.js'), 'bootstrap', '--org', 'memlab', '--email', 'mem@example.org'],
    { env, encoding: 'utf8' },
  );
  expect(cli.status, cli.stderr).toBe(0);
  token = cli.stdout.trim().split('\n').pop()!;
  server = spawn(process.execPath, [...recording.execArgv, join(repoRoot, 'apps/server/dist/main.js')], {
    env: { ...env, ...recording.env },
    stdio: 'ignore',
  });
  for (let attempt = 0; ; attempt += 1) {
    const health = await fetch(`${url}/health`).catch(() => null);
    if (health?.ok) break;
    if (attempt > 300) throw new Error('the server did not answer /health within 60 s');
    await sleep(200);
  }
});

afterAll(async () => {
  server?.kill('SIGTERM');
  await Promise.allSettled([s3?.stop(), nats?.stop()]);
  await database?.drop();
});

function upload(name: string, content: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('kind', 'ligand');
  form.append('files', new Blob([content]), name);
  return fetch(`${url}/api/v1/molecules/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

/** 5 × 45 MiB of multipart sent with chunked transfer encoding (the same 1 MiB chunk each time): the server's 413. */
function chunkedUpload(): Promise<number> {
  return new Promise((resolve, reject) => {
    const boundary = 'mad-memory-boundary';
    const request = httpRequest(`${url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    const chunk = Buffer.alloc(MiB, 'x');
    request.write(`--${boundary}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nligand\r\n`);
    let sent = 0;
    const more = () => {
      while (sent < 5 * 45 && !request.destroyed) {
        if (sent % 45 === 0)
          request.write(
            `\r\n--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="junk-${sent}.smi"\r\n\r\n`,
          );
        sent += 1;
        if (!request.write(chunk)) return void request.once('drain', more);
      }
      if (!request.destroyed) request.end(`\r\n--${boundary}--\r\n`);
    };
    more();
  });
}

const junk = Buffer.alloc(49 * MiB, 'x');
const tooMany = Buffer.from(Array.from({ length: 10_001 }, (_, i) => `CCO m${i}`).join('\n'));
const valid = Buffer.from(
  Array.from({ length: 200 }, (_, i) => `CC(=O)Oc1ccccc1C(=O)O${'C'.repeat(i % 60)} m${i}`).join('\n'),
);
const longSmiles = 'C'.repeat(1_000_000);

/** The server's chemistry readings from /metrics (OBSERVABILITY.md: mad_chemistry_workers, _main_thread_rdkit). */
async function chemistry() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  return {
    started: value(/^mad_chemistry_workers\{state="started"\} (\d+)$/m),
    recycled: value(/^mad_chemistry_workers\{state="recycled"\} (\d+)$/m),
    running: value(/^mad_chemistry_workers\{state="running"\} (\d+)$/m),
    mainThreadRdkit: value(/^mad_chemistry_main_thread_rdkit (\d+)$/m),
  };
}

describe('server memory after large and pathological uploads', () => {
  it(`keeps RDKit out of the server's thread and comes back to within ${BOUND / MiB} MiB of its baseline RSS`, async () => {
    const pid = server.pid!;
    // Baseline: the server after requests that load its routes, pools and modules but run no chemistry (a molecule
    // list, an upload refused by its schema), before any RDKit exists in the process.
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`${url}/api/v1/molecules`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
        200,
      );
      const refused = await fetch(`${url}/api/v1/molecules/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'ligand', smiles: 'CCO', unknownField: 1 }),
      });
      expect(refused.status).toBe(400);
    }
    expect(await chemistry()).toEqual({ started: 0, recycled: 0, running: 0, mainThreadRdkit: 0 });
    await sleep(1_000);
    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 100);
    const statuses: number[] = [];
    try {
      for (let round = 0; round < 2; round += 1) {
        statuses.push((await upload('junk.smi', junk)).status);
        statuses.push((await upload('many.smi', tooMany)).status);
        statuses.push((await upload(`valid-${round}.smi`, valid)).status);
        const json = await fetch(`${url}/api/v1/molecules/upload`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'ligand', smiles: longSmiles }),
        });
        statuses.push(json.status);
        statuses.push(await chunkedUpload());
        console.log(`round ${round}: ${statuses.slice(-5).join(' ')}, RSS ${Math.round(rssOf(pid) / MiB)} MiB`);
      }
    } finally {
      clearInterval(sampler);
    }
    // Every answer is the request's own (no 5xx), the valid files are stored, the chunked bodies refused at once.
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((_, i) => i % 5 === 2)).toEqual([201, 200]);
    expect(statuses.filter((_, i) => i % 5 === 4)).toEqual([413, 413]);
    let after = rssOf(pid);
    let readings = await chemistry();
    // Until every worker has retired (2 s idle) and the RSS is within the bound, at least 5 s, at most 180 s: on a
    // machine running other suites beside it (npm test runs 3 tasks at a time) the server's collections come later;
    // one fresh-clone CI measured +192 MiB after 60 s there, where the same test alone gives +44 and +48 MiB.
    for (let probe = 0; probe < 360 && (probe < 10 || readings.running > 0 || after > baseline + BOUND); probe += 1) {
      await sleep(500);
      // An idle server collects garbage when it allocates: a few small requests, as monitoring would send.
      readings = await chemistry();
      after = Math.min(after, rssOf(pid));
    }
    console.log(
      `server RSS: baseline ${Math.round(baseline / MiB)} MiB, peak ${Math.round(peak / MiB)} MiB, after ${Math.round(after / MiB)} MiB; chemistry ${JSON.stringify(readings)}`,
    );
    // The uploads' RDKit ran in worker threads, all retired now; the server's own thread never loaded it.
    expect(readings.mainThreadRdkit).toBe(0);
    expect(readings.started).toBeGreaterThanOrEqual(1);
    expect(readings).toMatchObject({ running: 0, recycled: readings.started });
    expect(peak).toBeGreaterThan(baseline);
    expect(after).toBeLessThanOrEqual(baseline + BOUND);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  }, 600_000);

  it('loaded no test code while it served them, in its own thread or the chemistry worker', async () => {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
    const loaded = loadedFiles(recording.file);
    expect(loaded).toContain('apps/server/dist/main.js');
    expect(loaded).toContain('packages/chem/dist/chem-worker.js');
    expect(testCodeIn(loaded)).toEqual([]);
  }, 60_000);
});
