// Every integration test of this package is also a contract test: each answer a REST route (/api/v1/…) of a local
// server gives to fetch is checked against the OpenAPI document that server serves, and an answer the document
// does not describe (status, content type, body) fails the call that received it. Each checked answer is recorded
// (contract-record.ts): contractCoverage() says which operations of the document got a validated success answer.
// An event stream's first event is checked too, from a copy of the body, without holding up the caller.
import { contractOf, recordAnswer, startFileRecord, trackCheck } from './contract-record.js';
import type { ResponseContract } from './contract.js';

const INSTALLED = Symbol.for('mad.test.rest-contract.fetch');
const holder = globalThis as typeof globalThis & { [INSTALLED]?: typeof fetch };
// The fetch this wraps (the real one, also were this module evaluated a second time).
const realFetch = holder[INSTALLED] ?? globalThis.fetch;
// A new file's record: the int files share one worker (vitest.shared.ts), and this runs again before each of them.
startFileRecord();

function isLocal(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/** The data of the stream's first event (a block with `data:` and no `event:` name), or null when none came. */
async function firstEventData(body: ReadableStream<Uint8Array>): Promise<string | null> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
        if (data.length > 0 && !lines.some((l) => l.startsWith('event:'))) return data.join('\n');
      }
    }
  } finally {
    // Only this copy stops; the caller's body reads on.
    await reader.cancel().catch(() => undefined);
  }
}

function checkFirstEvent(
  contract: ResponseContract,
  response: Response,
  base: { origin: string; method: string; path: string; operation: string | null },
): void {
  const copy = response.clone().body;
  if (!copy) return;
  trackCheck(
    firstEventData(copy)
      .then((data) => {
        if (data === null) return;
        recordAnswer({
          ...base,
          status: response.status,
          mediaType: 'text/event-stream',
          validated: 'first event',
          problems: contract.eventProblems(base.method, base.path, response.status, data),
        });
      })
      // The caller closed the stream (aborted) before any event came: nothing was checked, nothing recorded.
      .catch(() => undefined),
  );
}

async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await realFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : input);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (!isLocal(url) || !url.pathname.startsWith('/api/v1/') || url.pathname === '/api/v1/openapi.json') {
    return response;
  }
  // A followed redirect hides the route's own answer; OPTIONS is CORS, not an operation.
  if (response.redirected || method === 'OPTIONS') return response;
  const contract = await contractOf(url.origin, realFetch);
  if (!contract) return response;
  const contentType = response.headers.get('content-type');
  const body = contentType?.includes('json') ? await response.clone().text() : undefined;
  const path = url.pathname.slice('/api'.length);
  const checked = contract.check({
    method,
    path,
    status: response.status,
    contentType,
    ...(body === undefined ? {} : { body }),
  });
  recordAnswer({ ...checked, origin: url.origin, method, path });
  if (checked.problems.length > 0) throw new Error(`not as the OpenAPI document says:\n${checked.problems.join('\n')}`);
  if (checked.mediaType === 'text/event-stream' && response.ok)
    checkFirstEvent(contract, response, { origin: url.origin, method, path, operation: checked.operation });
  return response;
}

if (!holder[INSTALLED]) {
  holder[INSTALLED] = realFetch;
  globalThis.fetch = checkedFetch;
}
