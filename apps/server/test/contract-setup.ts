// Every integration test of this package is also a contract test: each answer a REST route (/api/v1/…) of a local
// server gives to fetch is checked against the OpenAPI document that server serves, and an answer the document
// does not describe (status, content type, body) fails the call that received it.
import { ResponseContract, type OpenApiDocument } from './contract.js';

const realFetch = globalThis.fetch;
const contracts = new Map<string, Promise<ResponseContract | null>>();

function contractOf(origin: string): Promise<ResponseContract | null> {
  let contract = contracts.get(origin);
  if (!contract) {
    contract = realFetch(`${origin}/api/v1/openapi.json`)
      .then(async (r) => (r.ok ? new ResponseContract((await r.json()) as OpenApiDocument) : null))
      .catch(() => null);
    contracts.set(origin, contract);
  }
  return contract;
}

function isLocal(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
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
  const contract = await contractOf(url.origin);
  if (!contract) return response;
  const contentType = response.headers.get('content-type');
  const body = contentType?.includes('json') ? await response.clone().text() : undefined;
  const problems = contract.problems({
    method,
    path: url.pathname.slice('/api'.length),
    status: response.status,
    contentType,
    ...(body === undefined ? {} : { body }),
  });
  if (problems.length > 0) throw new Error(`not as the OpenAPI document says:\n${problems.join('\n')}`);
  return response;
}

globalThis.fetch = checkedFetch;
