// What the contract check (contract-setup.ts) saw in one test file: every REST answer it checked against the served
// OpenAPI document, with the operation, status, media type and what was compared. contractCoverage() turns that into
// the proof the issue asks for: the operations of the served document (read from it, never a hand-kept list) that
// received no validated success answer, and every answer that broke the document.
import { ResponseContract, type CheckedResponse, type OpenApiDocument, type Validation } from './contract.js';

export interface RecordedAnswer extends Omit<CheckedResponse, 'validated'> {
  origin: string;
  method: string;
  path: string;
  /** `first event`: a Server-Sent Events answer whose first event's data was checked against its schema. */
  validated: Validation | 'first event';
}

interface ContractState {
  contracts: Map<string, Promise<ResponseContract | null>>;
  answers: RecordedAnswer[];
  /** Checks still reading a body (the first event of a stream). */
  pending: Set<Promise<void>>;
}

// On globalThis: the setup file and the test file read the same record even were the module loaded twice.
const KEY = Symbol.for('mad.test.rest-contract');
const holder = globalThis as typeof globalThis & { [KEY]?: ContractState };
const state: ContractState = (holder[KEY] ??= { contracts: new Map(), answers: [], pending: new Set() });

/**
 * Starts the record of a new test file (contract-setup.ts, which runs before each file). The server's int files share
 * one worker (vitest.shared.ts, `intIsolate: false`), so without this a file would also see what earlier files checked.
 */
export function startFileRecord(): void {
  state.contracts.clear();
  state.answers.length = 0;
  state.pending.clear();
}

/** The contract of the server at `origin`: its own GET /api/v1/openapi.json, read once (null when it serves none). */
export function contractOf(origin: string, fetchDocument: typeof fetch): Promise<ResponseContract | null> {
  let contract = state.contracts.get(origin);
  if (!contract) {
    contract = fetchDocument(`${origin}/api/v1/openapi.json`)
      .then(async (r) => (r.ok ? new ResponseContract((await r.json()) as OpenApiDocument) : null))
      .catch(() => null);
    state.contracts.set(origin, contract);
  }
  return contract;
}

export function recordAnswer(answer: RecordedAnswer): void {
  state.answers.push(answer);
}

/** A check that finishes after fetch has returned (reading a stream's first event); awaited by contractCoverage. */
export function trackCheck(check: Promise<void>): void {
  const tracked = check.finally(() => state.pending.delete(tracked));
  state.pending.add(tracked);
}

export interface ContractCoverage {
  /** Every operation of the served document (`GET /v1/jobs/{jobId}`). */
  operations: string[];
  /** Those with a validated success answer of every media type the document gives them. */
  covered: string[];
  /** The others, each with what it lacks (`GET /v1/x: 200 application/json`). */
  missing: string[];
  /** Every recorded answer that broke the document (each already failed the call that received it). */
  problems: string[];
  /** How many answers of this server were checked. */
  answers: number;
  /** One line per operation: the success answers validated and how (for the log). */
  table: string[];
}

/** What the validated success answers received from the server at `origin` so far cover. */
export async function contractCoverage(origin: string): Promise<ContractCoverage> {
  while (state.pending.size > 0) await Promise.allSettled([...state.pending]);
  const contract = await state.contracts.get(origin);
  if (!contract) throw new Error(`no REST answer of ${origin} was checked against its OpenAPI document`);
  const answers = state.answers.filter((a) => a.origin === origin);
  const operations = contract.operations();
  const covered: string[] = [];
  const missing: string[] = [];
  const table: string[] = [];
  for (const { operation, successes, mediaTypes } of operations) {
    const good = answers.filter(
      (a) => a.operation === operation && a.problems.length === 0 && successes.includes(String(a.status)),
    );
    // JSON: the body matched the status's schema; an event stream: its first event matched; another media type
    // (CSV, SDF, zip): the content type is the documented one; no content (a redirect): the documented status.
    const wanted = mediaTypes.length === 0 ? [null] : mediaTypes;
    const lacking: string[] = [];
    const how: string[] = [];
    for (const mediaType of wanted) {
      const need: RecordedAnswer['validated'] =
        mediaType === null
          ? 'status'
          : mediaType === 'application/json'
            ? 'schema'
            : mediaType === 'text/event-stream'
              ? 'first event'
              : 'media type';
      const hit = good.find((a) => a.mediaType === (mediaType ?? a.mediaType) && a.validated === need);
      if (hit) how.push(`${hit.status}${mediaType ? ` ${mediaType}` : ''} (${need})`);
      else lacking.push(`${successes.join('/')}${mediaType ? ` ${mediaType}` : ''} (${need})`);
    }
    if (lacking.length === 0) covered.push(operation);
    else missing.push(`${operation}: ${lacking.join(', ')}`);
    table.push(`${operation}: ${lacking.length === 0 ? how.join(', ') : `MISSING ${lacking.join(', ')}`}`);
  }
  const problems = answers.flatMap((a) => a.problems);
  return {
    operations: operations.map((o) => o.operation),
    covered,
    missing,
    problems,
    answers: answers.length,
    table,
  };
}
