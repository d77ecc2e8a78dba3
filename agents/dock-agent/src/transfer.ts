// Inputs and outputs move through the presigned URLs in the task message only (the agent has no S3 credentials).
// Each transfer is retried with exponential backoff and jitter for about 10-20 s (a store restarting, a proxy
// failing over): the URLs are valid for the whole task budget, and PUTs are idempotent.
import { readFile, writeFile } from 'node:fs/promises';
import { retryDelayMs } from '@mad/protocol';
import type { TransferDirection, TransferTimer } from './agent-metrics.js';

const ATTEMPTS = 8;
const BACKOFF = { baseMs: 250, maxMs: 5_000 };

/** Runs one transfer (retries included) and reports its time and outcome to the timer, when there is one. */
async function timed<T>(direction: TransferDirection, timer: TransferTimer | undefined, work: () => Promise<T>) {
  if (!timer) return work();
  const started = performance.now();
  try {
    const value = await work();
    timer(direction, 'ok', (performance.now() - started) / 1_000);
    return value;
  } catch (error) {
    timer(direction, 'error', (performance.now() - started) / 1_000);
    throw error;
  }
}

async function withRetries<T>(what: string, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < ATTEMPTS; i += 1) {
    if (signal?.aborted) throw new Error(`${what}: aborted`);
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      if (i + 1 < ATTEMPTS) await new Promise((r) => setTimeout(r, retryDelayMs(i, BACKOFF)));
    }
  }
  throw new Error(`${what}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

async function fetchBytes(url: string, signal?: AbortSignal, timer?: TransferTimer): Promise<Buffer> {
  return timed('download', timer, () =>
    withRetries('download', signal, async () => {
      const response = await fetch(url, signal ? { signal } : {});
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      return Buffer.from(await response.arrayBuffer());
    }),
  );
}

export async function download(url: string, path: string, signal?: AbortSignal, timer?: TransferTimer): Promise<void> {
  await writeFile(path, await fetchBytes(url, signal, timer));
}

/**
 * Downloads shared by many tasks (the receptor of a job: every task of the job names the same object), kept in
 * memory by object path (the URL without its signature): one GET per receptor and agent instead of one per task.
 * Receptor keys are content-addressed (orgs/<org>/molecules/<sha256>/…), so a path always means the same bytes.
 * Concurrent tasks share one download; a failed one is forgotten so the next task retries.
 */
export class DownloadCache {
  private readonly entries = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxEntries = 8) {}

  /** `timer` times the GET when one is made (a cached receptor is no transfer). */
  async download(url: string, path: string, signal?: AbortSignal, timer?: TransferTimer): Promise<void> {
    const parsed = new URL(url);
    const key = `${parsed.origin}${parsed.pathname}`;
    let entry = this.entries.get(key);
    if (entry) {
      // Most recently used last: the oldest entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      // Not tied to this task's signal: another task may be waiting for the same bytes.
      entry = fetchBytes(url, undefined, timer);
      this.entries.set(key, entry);
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    const bytes = await (signal ? Promise.race([entry, abortion(signal)]) : entry);
    await writeFile(path, bytes);
  }
}

const abortion = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(new Error('download: aborted'));
    signal.addEventListener('abort', () => reject(new Error('download: aborted')), { once: true });
  });

export async function upload(
  url: string,
  body: Buffer | string,
  signal?: AbortSignal,
  timer?: TransferTimer,
): Promise<void> {
  await timed('upload', timer, () => uploadWithRetries(url, body, signal));
}

async function uploadWithRetries(url: string, body: Buffer | string, signal?: AbortSignal): Promise<void> {
  await withRetries('upload', signal, async () => {
    // A view of the same bytes typed as ArrayBuffer-backed: lib.dom's BodyInit (the bench type-checks this file with
    // DOM types) refuses a Buffer<ArrayBufferLike>; readFile's buffers are ArrayBuffer-backed, nothing is copied.
    const payload =
      typeof body === 'string' ? body : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    const response = await fetch(url, { method: 'PUT', body: payload, ...(signal ? { signal } : {}) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  });
}

export async function uploadFile(
  url: string,
  path: string,
  signal?: AbortSignal,
  timer?: TransferTimer,
): Promise<void> {
  await upload(url, await readFile(path), signal, timer);
}
