// Inputs and outputs move through the presigned URLs in the task message only (the agent has no S3 credentials).
// Each transfer is retried a few times: the URLs are valid for the whole task budget, and PUTs are idempotent.
import { readFile, writeFile } from 'node:fs/promises';

const ATTEMPTS = 4;

async function withRetries<T>(what: string, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < ATTEMPTS; i += 1) {
    if (signal?.aborted) throw new Error(`${what}: aborted`);
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250 * 2 ** i));
    }
  }
  throw new Error(`${what}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

export async function download(url: string, path: string, signal?: AbortSignal): Promise<void> {
  await withRetries('download', signal, async () => {
    const response = await fetch(url, signal ? { signal } : {});
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
  });
}

export async function upload(url: string, body: Buffer | string, signal?: AbortSignal): Promise<void> {
  await withRetries('upload', signal, async () => {
    const response = await fetch(url, { method: 'PUT', body, ...(signal ? { signal } : {}) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  });
}

export async function uploadFile(url: string, path: string, signal?: AbortSignal): Promise<void> {
  await upload(url, await readFile(path), signal);
}
