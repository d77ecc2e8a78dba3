// Heavy chemistry where its memory can be reclaimed (issue 13). RDKit's WASM heap grows to fit the largest molecule or
// file it has seen and never shrinks, so in the server's own thread one 1 MB SMILES or a 10,001-record file kept
// hundreds of MiB for the life of the process. Here the same functions run in one worker thread, one request at a
// time, and the thread is replaced (its isolate and WASM memory freed) once its memory (JS heap in use plus WASM) passes
// CHEM_WORKER_MAX_MEMORY_MIB, after CHEM_WORKER_MAX_JOBS requests, or after CHEM_WORKER_IDLE_MS without work.
// The answers are the same as the in-thread functions' (the worker calls them), per-record problems included.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysedFile, AnalysedMolecule, AnalyseOptions } from './analyse.js';
import type { Operation, WorkerAnswer, WorkerRequest } from './chem-worker.js';
import { rdkitLoaded } from './rdkit.js';
import type { SubstructureAnswer, SubstructureCandidate } from './substructure.js';
import type { SimilarityAnswer } from './similarity.js';

export interface ChemistryPoolLimits {
  /** Replace the worker once its memory (its JS heap in use plus RDKit's WASM heap) is above this many bytes. */
  maxMemoryBytes: number;
  /** Replace the worker after this many requests. */
  maxJobs: number;
  /** Stop the worker after this long without work (the next request starts a new one, about a second for RDKit). */
  idleMs: number;
  /** Workers a large batch of canonical SMILES is split across (the cores; each its own RDKit and limits). */
  canonicalWorkers: number;
}

export const DEFAULT_CHEMISTRY_LIMITS: ChemistryPoolLimits = {
  maxMemoryBytes: 256 * 1024 * 1024,
  maxJobs: 500,
  idleMs: 60_000,
  canonicalWorkers: Math.max(1, Math.min(4, availableParallelism())),
};

let limits: ChemistryPoolLimits = DEFAULT_CHEMISTRY_LIMITS;

/** Sets the pool's limits (the server does at start, from its environment); the running worker keeps its own. */
export function configureChemistry(next: Partial<ChemistryPoolLimits>): void {
  limits = { ...limits, ...next };
}

export interface ChemistryStats {
  /** Workers started since the process began (each one a fresh RDKit). */
  started: number;
  /** Workers replaced because of memory, request count or idleness. */
  recycled: number;
  /** Worker threads up now, each between its first request and its retirement (slot 0 and canonical SMILES ones). */
  running: number;
  /** This (the asking) thread has loaded RDKit itself: its WASM heap would then stay for the life of the process. */
  rdkitInThisThread: boolean;
}

const stats = { started: 0, recycled: 0 };
export const chemistryStats = (): ChemistryStats => {
  const running = pool.filter((worker) => worker !== null).length;
  return { ...stats, running, rdkitInThisThread: rdkitLoaded() };
};

/**
 * The compiled worker: the server and the worker process run @mad/chem from dist; tests that run its TypeScript
 * source use the dist that `turbo run test` builds first (Node 20 cannot run a .ts worker).
 */
function workerScript(): string {
  const here = import.meta.url;
  const script = fileURLToPath(new URL(here.endsWith('.ts') ? '../dist/chem-worker.js' : './chem-worker.js', here));
  if (!existsSync(script)) throw new Error(`${script} is missing: build @mad/chem (pnpm --filter @mad/chem build)`);
  return script;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class ChemistryWorker {
  readonly thread: Worker;
  jobs = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;
  private retiring = false;

  constructor(
    private readonly own: ChemistryPoolLimits,
    private readonly slot: number,
  ) {
    this.thread = new Worker(workerScript());
    this.thread.unref();
    stats.started += 1;
    this.thread.on('message', (answer: WorkerAnswer) => this.settle(answer));
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', (code) => this.fail(new Error(`the chemistry worker exited (code ${code})`)));
  }

  call(op: Operation, args: unknown[]): Promise<unknown> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.jobs += 1;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage({ id, op, args } satisfies WorkerRequest);
    });
  }

  /** True once this worker takes no new requests (memory, count or idleness); it stops when its last one answers. */
  get retired(): boolean {
    return this.retiring;
  }

  private settle(answer: WorkerAnswer): void {
    const waiting = this.pending.get(answer.id);
    this.pending.delete(answer.id);
    if (answer.memoryBytes > this.own.maxMemoryBytes || this.jobs >= this.own.maxJobs) this.retire();
    if (answer.ok) waiting?.resolve(answer.value);
    else waiting?.reject(new Error(answer.message));
    if (this.pending.size === 0 && !this.retiring) {
      this.idleTimer = setTimeout(() => this.retire(), this.own.idleMs);
      this.idleTimer.unref();
    }
  }

  private retire(): void {
    if (!this.retiring) {
      this.retiring = true;
      stats.recycled += 1;
      if (pool[this.slot] === this) pool[this.slot] = null;
    }
    if (this.pending.size === 0) void this.thread.terminate();
  }

  private fail(error: Error): void {
    if (!this.retiring) {
      this.retiring = true;
      if (pool[this.slot] === this) pool[this.slot] = null;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** Slot 0 serves every request; the others only the parts of a large canonical SMILES batch (canonicalSmilesOf). */
const pool: (ChemistryWorker | null)[] = [null];

function inWorker(op: Operation, args: unknown[], slot = 0): Promise<unknown> {
  let worker = pool[slot] ?? null;
  if (worker === null || worker.retired) {
    worker = new ChemistryWorker(limits, slot);
    pool[slot] = worker;
  }
  return worker.call(op, args);
}

/** Buffers come back from the worker as Uint8Arrays; the callers (S3 puts, hashes) expect Buffers. */
function asBuffers(file: AnalysedFile): AnalysedFile {
  const molecules = file.molecules.map((m): AnalysedMolecule => ({
    ...m,
    bytes: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength),
  }));
  return { ...file, molecules };
}

/** analyseFile (analyse.ts) in the chemistry worker. */
export async function analyseFile(fileName: string, bytes: Buffer, options: AnalyseOptions): Promise<AnalysedFile> {
  return asBuffers((await inWorker('analyseFile', [fileName, bytes, options])) as AnalysedFile);
}

/** analyseSmiles (analyse.ts) in the chemistry worker. */
export async function analyseSmiles(
  entries: { smiles: string; name?: string | null }[],
  options: Omit<AnalyseOptions, 'kind'>,
): Promise<AnalysedFile> {
  return asBuffers((await inWorker('analyseSmiles', [entries, options])) as AnalysedFile);
}

// Canonical SMILES of SMILES given in job requests, kept in the asking thread (so a recycled worker loses nothing): a
// repeated screen costs no RDKit. Bounded; the oldest entries go first.
const canonicalOfGiven = new Map<string, string | null>();
const CANONICAL_MEMO_MAX = 200_000;
/** New SMILES per worker below which a batch stays in one worker (a second RDKit costs about a second to start). */
const CANONICAL_SPLIT_MIN = 1_000;

/** Remembers canonical forms computed elsewhere (another process's, kept in the database): given SMILES → canonical. */
export function rememberCanonicalSmiles(pairs: Iterable<readonly [string, string | null]>): void {
  for (const [given, canonical] of pairs) {
    if (canonicalOfGiven.has(given)) continue;
    if (canonicalOfGiven.size >= CANONICAL_MEMO_MAX) canonicalOfGiven.delete(canonicalOfGiven.keys().next().value!);
    canonicalOfGiven.set(given, canonical);
  }
}

/** How many different SMILES of the list have no remembered canonical form (what canonicalSmilesOf would parse). */
export function unknownSmilesCount(smiles: readonly string[]): number {
  const unknown = new Set<string>();
  for (const given of smiles) if (!canonicalOfGiven.has(given)) unknown.add(given);
  return unknown.size;
}

/**
 * canonicalSmilesOf (ligand.ts) in the chemistry pool: SMILES seen before answer from this thread's memo, new ones
 * are parsed by RDKit, a large batch split across up to `canonicalWorkers` workers side by side.
 */
export async function canonicalSmilesOf(smiles: readonly string[]): Promise<(string | null)[]> {
  const known = new Map<string, string | null>();
  const missing = new Set<string>();
  for (const given of smiles) {
    const canonical = canonicalOfGiven.get(given);
    if (canonical !== undefined) known.set(given, canonical);
    else missing.add(given);
  }
  if (missing.size > 0) {
    const parse = [...missing];
    const workers = Math.max(1, Math.min(limits.canonicalWorkers, Math.floor(parse.length / CANONICAL_SPLIT_MIN)));
    const size = Math.ceil(parse.length / workers);
    const parts = await Promise.all(
      Array.from(
        { length: workers },
        (_, slot) =>
          inWorker(
            'canonicalSmilesOf',
            [parse.slice(slot * size, (slot + 1) * size), { memo: false }],
            slot,
          ) as Promise<(string | null)[]>,
      ),
    );
    parts.flat().forEach((canonical, index) => {
      const given = parse[index]!;
      known.set(given, canonical);
      if (canonicalOfGiven.size >= CANONICAL_MEMO_MAX) canonicalOfGiven.delete(canonicalOfGiven.keys().next().value!);
      canonicalOfGiven.set(given, canonical);
    });
  }
  return smiles.map((given) => known.get(given) ?? null);
}

/** depictSvg (ligand.ts) in the chemistry worker. */
export async function depictSvg(smiles: string, width = 320, height = 240): Promise<string | null> {
  return (await inWorker('depictSvg', [smiles, width, height])) as string | null;
}

/** substructureMatches (substructure.ts) in the chemistry worker: one call per chunk of candidates. */
export async function substructureMatches(
  query: string,
  molecules: readonly SubstructureCandidate[],
): Promise<SubstructureAnswer> {
  return (await inWorker('substructureMatches', [query, molecules])) as SubstructureAnswer;
}

/** similarityMatches (similarity.ts) in the chemistry worker: one call per chunk of candidates. */
export async function similarityMatches(
  query: string,
  threshold: number,
  molecules: readonly SubstructureCandidate[],
): Promise<SimilarityAnswer> {
  return (await inWorker('similarityMatches', [query, threshold, molecules])) as SimilarityAnswer;
}
