// The worker thread of the chemistry pool (isolated.ts): runs one request at a time with RDKit (WASM) and Open Babel
// and answers with the result and this thread's memory (its JS heap and RDKit's WASM heap).
import { parentPort } from 'node:worker_threads';
import { analyseFile, analyseSmiles } from './analyse.js';
import { canonicalSmilesOf, depictSvg } from './ligand.js';
import { substructureMatches } from './substructure.js';
import { similarityMatches } from './similarity.js';

export const operations = {
  analyseFile,
  analyseSmiles,
  canonicalSmilesOf,
  depictSvg,
  substructureMatches,
  similarityMatches,
};
export type Operation = keyof typeof operations;

export interface WorkerRequest {
  id: number;
  op: Operation;
  args: unknown[];
}

export type WorkerAnswer =
  | { id: number; ok: true; value: unknown; memoryBytes: number }
  | { id: number; ok: false; message: string; memoryBytes: number };

parentPort?.on('message', (request: WorkerRequest) => {
  const run = operations[request.op] as (...args: unknown[]) => Promise<unknown>;
  run(...request.args).then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value, memoryBytes: memoryBytes() }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        memoryBytes: memoryBytes(),
      }),
  );
});

/** This isolate's memory: its JS heap in use and what it holds outside it (RDKit's WASM memory, which never shrinks). */
function memoryBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
