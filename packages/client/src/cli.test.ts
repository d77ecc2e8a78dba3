// `mad wait`, `mad dock --wait`'s waiting and `mad download` against a small HTTP server speaking the REST API's
// answers (status, the SSE event stream, the exports and their 400): following events with a progress bar, falling
// back to the ?wait= long-poll where no stream is offered, and streaming a filtered export to a file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadArgs, run, type CliIo } from './cli.js';

const JOB = '11111111-2222-4333-8444-555555555555';
const folder = mkdtempSync(join(tmpdir(), 'mad-cli-'));

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}
let seen: Seen[] = [];
let done = 0; // ligands done of 3, advanced by each event sent
let streamEvents = true;

const status = () => ({
  jobId: JOB,
  status: done >= 3 ? 'COMPLETED' : done > 0 ? 'RUNNING' : 'PENDING',
  pipeline: 'vina',
  receptorId: JOB,
  progress: done / 3,
  ligands: { total: 3, SUCCEEDED: done, FAILED: 0, CANCELLED: 0 },
  tasks: {},
  params: {},
  warnings: [],
  error: null,
});

function json(res: ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ method: req.method ?? 'GET', url: url.pathname + url.search, headers: req.headers });
  if (req.headers.authorization !== 'Bearer t0ken') return json(res, 401, { code: 'UNAUTHORIZED', message: 'no' });
  if (url.pathname === `/api/v1/jobs/${JOB}/status`) {
    // The long-poll: one ligand further each call (the fallback's progress).
    if (url.searchParams.has('wait')) done = Math.min(3, done + 1);
    return json(res, 200, status());
  }
  if (url.pathname === `/api/v1/jobs/${JOB}/events`) {
    if (!streamEvents || req.headers.accept !== 'text/event-stream')
      return json(res, 200, { events: [], nextCursor: null }); // a server without the stream: the JSON page
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.write('retry: 2000\n\n');
    let id = Number(req.headers['last-event-id'] ?? 0);
    const tick = () => {
      if (done >= 3) {
        res.end(`event: end\ndata: ${JSON.stringify({ jobId: JOB, status: 'COMPLETED' })}\n\n`);
        return;
      }
      done += 1;
      id += 1;
      res.write(`id: ${id}\ndata: ${JSON.stringify({ id, kind: 'ligand.succeeded' })}\n\n: heartbeat\n\n`);
      setTimeout(tick, 20);
    };
    setTimeout(tick, 20);
    return;
  }
  if (url.pathname === `/api/v1/jobs/${JOB}/results.csv`) {
    const unknown = [...url.searchParams.keys()].find(
      (key) => !['status', 'affinityMax', 'molecularWeightMax'].includes(key),
    );
    if (unknown)
      return json(res, 400, { code: 'BAD_REQUEST', message: `${unknown} is not a parameter`, field: unknown });
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    // Streamed in pieces, one cell with a newline in quotes.
    res.write('ordinal,ligand_id,name\n0,a,ethanol\n1,b,"two\nlines"\n');
    setTimeout(() => res.end('2,c,phenol\n'), 10);
    return;
  }
  if (url.pathname === `/api/v1/jobs/${JOB}/results.sdf`) {
    res.writeHead(200, { 'content-type': 'chemical/x-mdl-sdfile' });
    const record = (id: string) => `t\n  M  END\n> <ligand_id>\n${id}\n\n$$$$\n`;
    return res.end(record('a') + record('a') + record('b'));
  }
  json(res, 404, { code: 'NOT_FOUND', message: `no ${url.pathname}` });
});

let io: CliIo & { out: () => string; err: () => string };
function ioFor(url: string) {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  return {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    env: { MAD_URL: url, MAD_TOKEN: 't0ken', HOME: folder },
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  io = ioFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fresh = () => {
  seen = [];
  done = 0;
  io = ioFor(io.env.MAD_URL!);
};

describe('mad wait', () => {
  it('follows the job’s event stream, drawing the progress bar from each status, and exits 0 once completed', async () => {
    fresh();
    streamEvents = true;
    expect(await run(['wait', JOB], io)).toBe(0);
    expect(io.out()).toBe(`job ${JOB}: COMPLETED\n`);
    const bars = io.err().trimEnd().split('\n');
    expect(bars[0]).toMatch(/^\[\.{30}\] 0\/3 ligands {2}PENDING$/);
    expect(bars.at(-1)).toMatch(/^\[#{30}\] 3\/3 ligands {2}COMPLETED$/);
    const events = seen.filter((s) => s.url === `/api/v1/jobs/${JOB}/events`);
    expect(events).toHaveLength(1);
    expect(events[0]!.headers.accept).toBe('text/event-stream');
    // No long-poll when the stream works.
    expect(seen.some((s) => s.url.includes('wait='))).toBe(false);
  });

  it('falls back to the ?wait= long-poll where the server offers no event stream, saying so', async () => {
    fresh();
    streamEvents = false;
    expect(await run(['wait', JOB], io)).toBe(0);
    expect(io.err()).toMatch(/offers no event stream here \(200 application\/json\); waiting by long-poll/);
    expect(io.err()).toMatch(/3\/3 ligands {2}COMPLETED/);
    expect(seen.filter((s) => s.url.startsWith(`/api/v1/jobs/${JOB}/status?wait=5`)).length).toBeGreaterThan(0);
    streamEvents = true;
  });
});

describe('mad download', () => {
  it('streams a filtered results.csv to --out, passing every filter on, and counts its ligands', async () => {
    fresh();
    const out = join(folder, 'hits.csv');
    const code = await run(
      ['download', JOB, '--out', out, '--status', 'SUCCEEDED', '--affinity-max', '-8', '--molecular-weight-max=500'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe('ordinal,ligand_id,name\n0,a,ethanol\n1,b,"two\nlines"\n2,c,phenol\n');
    expect(io.out()).toBe(`wrote ${Buffer.byteLength(text)} bytes, 3 ligands to ${out}\n`);
    expect(seen.map((s) => s.url)).toContain(
      `/api/v1/jobs/${JOB}/results.csv?status=SUCCEEDED&affinityMax=-8&molecularWeightMax=500`,
    );
  });

  it('counts an SD file’s ligands once however many poses, and names the filter the server refused', async () => {
    fresh();
    const out = join(folder, 'poses.sdf');
    expect(await run(['download', JOB, '--format', 'sdf', '--poses', 'top', '--out', out], io)).toBe(0);
    expect(io.out()).toMatch(/, 2 ligands to .*poses\.sdf\n$/);
    expect(seen.map((s) => s.url)).toContain(`/api/v1/jobs/${JOB}/results.sdf?poses=top`);
    fresh();
    expect(await run(['download', JOB, '--mw-max', '500', '--out', join(folder, 'no.csv')], io)).toBe(1);
    expect(io.err()).toMatch(/400 BAD_REQUEST: mwMax is not a parameter \(field mwMax\)/);
  });

  it('reads its command line: filters in camelCase, values that start with -, and refuses what it cannot run', () => {
    expect(downloadArgs([JOB, '--affinity-min', '-12', '--interacts-with=A:THR315', '--valid', 'true'])).toEqual({
      jobId: JOB,
      format: 'csv',
      out: undefined,
      poses: undefined,
      filters: { affinityMin: '-12', interactsWith: 'A:THR315', valid: 'true' },
    });
    expect(() => downloadArgs([JOB, '--format', 'pdf'])).toThrow(/--format is csv, sdf, zip/);
    expect(() => downloadArgs([JOB, '--poses', 'top'])).toThrow(/--poses is for --format sdf/);
    expect(() => downloadArgs(['--status', 'FAILED'])).toThrow(/needs one JOB id/);
    expect(() => downloadArgs([JOB, '--status'])).toThrow(/--status needs a value/);
  });
});
