// Bounded requests (issue 13): every body is counted as it streams against REQUEST_MAX_BYTES (64 MiB by default),
// chunked or not, with UPLOAD_MAX_FILES files per upload; over a limit the answer is 413 at once (before the client
// has sent the rest) and the server's memory stays flat. The review sent 5 × 45 MiB with chunked transfer encoding:
// read whole, server RSS 228 → 485 MiB; 1,000 files per request were allowed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Listening } from '../../test/auth-http.js';
import { startMoleculesHarness, type MoleculesHarness } from '../../test/molecules-harness.js';
import { chunked, multipartBody, rawRequest } from '../../test/raw-http.js';
import { DEFAULT_REQUEST_LIMITS } from '../app.js';

const MiB = 1024 * 1024;
let harness: MoleculesHarness;
let server: Listening;
let token: string;
const boundary = 'mad-bounded-boundary';

beforeAll(async () => {
  // The production per-file limit (50 MiB), so only the request limit can stop 5 × 45 MiB.
  harness = await startMoleculesHarness('sec_bounded', { maxBytes: 50 * MiB, maxRecords: 10_000 });
  server = await harness.serve();
  token = harness.tokens.acme.scientist;
});

afterAll(async () => {
  await harness?.close();
});

/** The same 1 MiB of junk, framed as one chunk, `count` times: the client holds 1 MiB whatever it sends. */
function junkChunks(count: number): Buffer[] {
  const [chunk] = chunked([Buffer.alloc(MiB, 'x')], false);
  return Array.from({ length: count }, () => chunk!);
}

/** RSS of this process (the server runs in it) sampled every 20 ms while `work` runs: before, peak, after. */
async function rssAround<T>(
  work: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number; after: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    // The refused request lets go of its buffers once its connection has closed: the lowest RSS over 5 s.
    let after = Number.POSITIVE_INFINITY;
    for (let probe = 0; probe < 25; probe += 1) {
      await new Promise((settled) => setTimeout(settled, 200));
      gc?.();
      after = Math.min(after, process.memoryUsage.rss());
    }
    return { result, before, peak, after };
  } finally {
    clearInterval(sampler);
  }
}

describe('one limit per request body, counted as it streams', () => {
  it('refuses 5 × 45 MiB sent chunked with 413 as soon as the body passes REQUEST_MAX_BYTES, memory flat', async () => {
    expect(DEFAULT_REQUEST_LIMITS.requestMaxBytes).toBe(64 * MiB);
    const part = (index: number) =>
      Buffer.from(
        `${index === 1 ? '' : '\r\n'}--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="junk-${index}.smi"\r\n\r\n`,
      );
    const kind = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nligand\r\n`);
    const files = [1, 2, 3, 4, 5].flatMap((index) => [
      ...chunked([index === 1 ? Buffer.concat([kind, part(index)]) : part(index)], false),
      ...junkChunks(45),
    ]);
    const total = 5 * 45;
    const {
      result: answer,
      before,
      peak,
      after,
    } = await rssAround(() =>
      rawRequest(server.port, {
        path: '/api/v1/molecules/upload',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
        body: [...files, ...chunked([`\r\n--${boundary}--\r\n`])],
        stopOnAnswer: true,
        after: 'keep',
        timeoutMs: 60_000,
      }),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('REQUEST_MAX_BYTES'),
    });
    // At once: the client had sent little more than the limit (plus what sat in socket buffers), not 225 MiB.
    expect(answer.bytesSent).toBeLessThan(100 * MiB);
    expect(total * MiB).toBeGreaterThan(200 * MiB);
    console.info(
      `5 x 45 MiB chunked: 413 after ${(answer.bytesSent / MiB).toFixed(0)} MiB sent; RSS before ${(before / MiB).toFixed(0)}, peak ${(peak / MiB).toFixed(0)}, after ${(after / MiB).toFixed(0)} MiB`,
    );
    // The server held at most the limit while reading (main read all 225 MiB: +257 MiB in the review); what stays
    // once the connection closed and garbage was collected is back near the start.
    expect(peak - before).toBeLessThan(140 * MiB);
    expect(after - before).toBeLessThan(64 * MiB);
    expect((await harness.db.selectFrom('molecules').select('id').execute()).length).toBe(0);
  });

  it('refuses a declared Content-Length over the limit before reading any of it', async () => {
    const answer = await rawRequest(server.port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(200 * MiB),
      },
      after: 'keep',
    });
    expect(answer.status).toBe(413);
    expect(answer.bytesSent).toBe(0);
  });

  it('counts chunked JSON to tRPC and the REST bridge against the same limit', async () => {
    for (const path of ['/trpc/molecules.upload', '/api/v1/pipelines/vina/jobs']) {
      const answer = await rawRequest(server.port, {
        path,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
        body: [...chunked(['{"json":{"kind":"ligand","smiles":"'], false), ...junkChunks(120)],
        stopOnAnswer: true,
        after: 'keep',
        timeoutMs: 60_000,
      });
      expect(answer.status, path).toBe(413);
      expect(answer.bytesSent, path).toBeLessThan(110 * MiB);
    }
  });

  it(`refuses more than ${DEFAULT_REQUEST_LIMITS.uploadMaxFiles} files in one upload (413), storing nothing`, async () => {
    const files = Array.from({ length: DEFAULT_REQUEST_LIMITS.uploadMaxFiles + 1 }, (_, index) => ({
      name: 'files',
      filename: `l${index}.smi`,
      content: `${'C'.repeat((index % 20) + 1)}O l${index}\n`,
    }));
    const body = multipartBody(boundary, [{ name: 'kind', content: 'ligand' }, ...files]);
    const answer = await rawRequest(server.port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
      body: [body],
      after: 'keep',
    });
    expect(answer.status).toBe(413);
    expect(errorMessage(answer.body)).toContain('UPLOAD_MAX_FILES');
    expect((await harness.db.selectFrom('molecules').select('id').execute()).length).toBe(0);
  });

  it('refuses a form field over 64 KiB instead of cutting it (a SMILES list must arrive whole)', async () => {
    const smiles = Array.from({ length: 15_000 }, (_, i) => `C${'C'.repeat(i % 5)}O`).join('\n');
    expect(smiles.length).toBeGreaterThan(64 * 1024);
    const body = multipartBody(boundary, [
      { name: 'kind', content: 'ligand' },
      { name: 'smiles', content: smiles },
    ]);
    const answer = await rawRequest(server.port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
      body: [body],
      after: 'keep',
    });
    expect(answer.status).toBe(413);
    expect(errorMessage(answer.body)).toContain('"smiles"');
  });

  it('keeps serving uploads within the limits on new connections', async () => {
    const body = multipartBody(boundary, [
      { name: 'kind', content: 'ligand' },
      { name: 'files', filename: 'ok.smi', content: 'CCO ethanol\n' },
    ]);
    const answer = await rawRequest(server.port, {
      path: '/api/v1/molecules/upload',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
      body: [body],
      after: 'keep',
    });
    expect(answer.status).toBe(201);
  });
});

/** The message of a REST error answer (`{ code, message }`), parsed rather than assumed. */
function errorMessage(body: string): string {
  return z.object({ code: z.string(), message: z.string() }).parse(JSON.parse(body)).message;
}
