// The REST contract GET /api/v1/openapi.json serves, generated from the procedures' zod schemas (trpc-to-openapi) and
// completed by one set of rules (completeOpenApiDocument) that apply to every operation, bridged or written by hand:
// the one error body, the statuses every route can answer (credential check, body limits, path lookups), the
// headers that go with them, and what a procedure declares beyond those in its meta (`errors`, `example`).
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { APP_ERROR_CODES } from '@mad/domain/errors';
import { appRouter } from './root.js';
import type { ApiMeta } from './trpc.js';
import { REST_ANSWERS, type RestAnswer } from './rest-answers.js';

/** The name of the one error body in components.schemas. */
export const ERROR_SCHEMA = 'Error';

/**
 * The one error body of every route (errors.ts): what the REST bridge sends (tRPC's error shape with `field`,
 * `problems` and `details` spread at the top level, `data` kept for tRPC clients) and the express routes send
 * (httpErrorOf: the same keys without `data`). Nothing else is sent, so nothing else is allowed.
 */
const errorBody = {
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: {
    code: {
      type: 'string',
      enum: [...APP_ERROR_CODES, 'UNSUPPORTED_MEDIA_TYPE', 'METHOD_NOT_SUPPORTED', 'INTERNAL_SERVER_ERROR'],
      description: 'What kind of refusal, one per HTTP status (BAD_REQUEST 400, NOT_FOUND 404, CONFLICT 409, …)',
    },
    message: { type: 'string', description: 'What went wrong and where, in a sentence a person can act on' },
    field: {
      type: 'string',
      description: 'The request field, header or form field it is about, as a dotted path (params.exhaustiveness)',
    },
    problems: {
      type: 'array',
      description: 'Every field the request schema refused, with the reason',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        additionalProperties: false,
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    details: {
      description:
        'Structured extras: the quota and its limit of a 429 ({ quota, limit, current, requested, retryAfterSeconds }), the per-record errors of an upload that stored nothing',
    },
    data: {
      type: 'object',
      description: "tRPC's error data (code, httpStatus, path) with field, problems and details again",
      additionalProperties: true,
    },
  },
  example: {
    code: 'BAD_REQUEST',
    message: 'params.exhaustivness is not a parameter; did you mean exhaustiveness?',
    field: 'params.exhaustivness',
    problems: [{ field: 'params.exhaustivness', reason: 'is not a parameter; did you mean exhaustiveness?' }],
  },
} as const;

/** What each status means wherever it is answered; an operation's own description of a status wins. */
const STATUS_TEXT: Record<string, string> = {
  '400':
    'The request its schema refused (an undeclared or invalid query parameter, path parameter or body field): `field` names the first problem, `problems` every one',
  '401': 'Not signed in: no token, or an unknown, expired or revoked one',
  '403': 'The role lacks the permission the route needs',
  '404': 'No such resource in your organisation (the message names which)',
  '409': 'Conflicts with the current state',
  '413': 'The body is over REQUEST_MAX_BYTES',
  '415': 'A body that is not application/json',
  '422': 'Well-formed but cannot be done as asked',
  '429':
    'Too many failed attempts with this token, too many changes in the last minute (WRITE_RATE_LIMIT_PER_MINUTE) or over a quota: retry after Retry-After seconds',
  '500': 'Unexpected failure (logged with the request id)',
};

const RETRY_AFTER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer', minimum: 0 },
};

type Json = Record<string, unknown>;
interface Response {
  description?: string;
  headers?: Json;
  content?: Record<string, { schema?: unknown; example?: unknown }>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown; example?: unknown }> };
  responses?: Record<string, Response>;
}
/** What the rules read of a document: its paths and component schemas (an OpenAPIObject has both). */
export interface OpenApiDocumentLike {
  components?: object;
  paths?: object;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface Bridged {
  meta: ApiMeta;
  /** Its success answers when not a plain 200 (REST_ANSWERS). */
  answer: RestAnswer | undefined;
}

/** Each bridged procedure by `method path` as the document writes them (`post /v1/jobs/{jobId}/cancel`). */
function bridgedProcedures(): Map<string, Bridged> {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: ApiMeta } }> } })
    ._def.procedures;
  const byRoute = new Map<string, Bridged>();
  for (const [name, { _def }] of Object.entries(procedures)) {
    const openapi = _def.meta?.openapi;
    if (openapi)
      byRoute.set(`${openapi.method.toLowerCase()} ${openapi.path}`, { meta: _def.meta!, answer: REST_ANSWERS[name] });
  }
  return byRoute;
}

const errorResponse = (description: string): Response => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
});

/**
 * Applies the rules to every operation of `doc` (in place) and returns it:
 * - every error status answers the one error body (`#/components/schemas/Error`; the generator's per-code schemas go);
 * - a protected operation answers 401, 403 and 429 (the credential check and write limiter run before every route),
 *   a public one says so with `security: []`;
 * - every operation answers 400 (an undeclared query parameter is refused everywhere) and 500, one with a path
 *   parameter 404, one with a JSON body or a POST/PUT/PATCH method 413 and 415 (a bodyless POST sent a body);
 * - 429 carries Retry-After, 302 carries Location;
 * - a create answers as REST_ANSWERS says (201 Created, 202 Accepted for a job) with Location, instead of the 200;
 * - a bridged procedure adds its own statuses (`meta.errors`: 409 of a reused Idempotency-Key, 422, …), its
 *   request example (`meta.example`) and, with `meta.idempotencyKey`, the Idempotency-Key header.
 * Responses the operation already describes keep their description (the access matrix reads the 403's permission).
 */
export function completeOpenApiDocument<T extends OpenApiDocumentLike>(doc: T): T {
  const components = (doc.components ??= {}) as { schemas?: Json };
  const schemas = (components.schemas ??= {});
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  schemas[ERROR_SCHEMA] = errorBody;
  for (const item of Object.values(doc.paths ?? {})) spellOutEnumKeyedRecords(item);
  const bridged = bridgedProcedures();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Partial<Record<(typeof METHODS)[number], Operation>>)[method];
      const procedure = bridged.get(`${method} ${path}`);
      if (operation && procedure?.answer) documentSuccess(operation, procedure.answer);
      if (operation) completeOperation(operation, path, procedure?.meta, method);
    }
  }
  return doc;
}

/** The generator's one 200 becomes the statuses the route answers (same body), each with its Location. */
function documentSuccess(operation: Operation, answer: RestAnswer): void {
  const responses = (operation.responses ??= {});
  const ok = responses['200'];
  if (!ok) return;
  delete responses['200'];
  for (const [status, description] of Object.entries(answer.documented)) {
    responses[status] = {
      ...structuredClone(ok),
      description,
      ...(answer.location
        ? { headers: { Location: { description: answer.locationText, schema: { type: 'string' } } } }
        : {}),
    };
  }
}

function completeOperation(
  operation: Operation,
  path: string,
  meta: ApiMeta | undefined,
  method: (typeof METHODS)[number],
): void {
  const responses = (operation.responses ??= {});
  // The generator's own error responses (generic text, per-code schemas) are written again by the rules below.
  for (const [status, response] of Object.entries(responses)) {
    const schema = response.content?.['application/json']?.schema as { $ref?: string } | undefined;
    if (schema?.$ref?.startsWith('#/components/schemas/error.')) delete responses[status];
  }
  const add = (status: string, description?: string) => {
    responses[status] ??= errorResponse(description ?? STATUS_TEXT[status]!);
  };
  const isProtected = (operation.security?.length ?? 0) > 0;
  if (!isProtected) operation.security = [];
  if (isProtected) {
    add('401');
    add('403', meta?.access ? `The role lacks ${meta.access}` : undefined);
    add('429');
  }
  add('400');
  if (/\{[^}]+\}/.test(path)) add('404');
  const jsonBody = operation.requestBody?.content?.['application/json'];
  // A POST, PUT or PATCH may carry a body even when it takes none (cancel): over the limit a 413, not JSON a 415.
  if (operation.requestBody || method === 'post' || method === 'put' || method === 'patch') {
    add('413');
    if (meta) add('415');
  }
  for (const [status, description] of Object.entries(meta?.errors ?? {})) add(status, description);
  add('500');

  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400) {
      // Hand-written routes describe the status; the body is the one error body (the upload's 422 keeps its own).
      const json = response.content?.['application/json'];
      if (
        !json ||
        !(status === '422' && (json.schema as { required?: string[] } | undefined)?.required?.includes('molecules'))
      )
        response.content = errorResponse('').content;
    }
    if (status === '429') (response.headers ??= {})['Retry-After'] ??= RETRY_AFTER;
    if (status === '302')
      (response.headers ??= {}).Location ??= {
        description: 'The short-lived presigned URL to follow',
        schema: { type: 'string', format: 'uri' },
      };
  }
  if (meta?.idempotencyKey) {
    const parameters = (operation.parameters ??= []);
    if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'))
      parameters.push({
        in: 'header',
        name: 'Idempotency-Key',
        required: false,
        description:
          '1-200 printable ASCII characters (otherwise a 400 naming the header): a retried request with the same key and body answers the first job; the same key with another body is a 409',
        schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x20-\\x7e]+$' },
      } as { in: string; name: string });
  }
  if (meta?.example !== undefined && jsonBody && jsonBody.example === undefined) jsonBody.example = meta.example;
}

/**
 * A record keyed by an enum (`z.record(JobStatus, z.number())`) comes out of the generator as `required` keys with no
 * `properties`; written out as one property per key it says the same, and generated clients get the fields.
 */
function spellOutEnumKeyedRecords(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(spellOutEnumKeyedRecords);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json & { propertyNames?: { enum?: string[] }; properties?: Json };
  const keys = schema.propertyNames?.enum;
  if (keys && schema.additionalProperties && typeof schema.additionalProperties === 'object' && !schema.properties) {
    schema.properties = Object.fromEntries(keys.map((key) => [key, schema.additionalProperties]));
    schema.additionalProperties = false;
    delete schema.propertyNames;
  }
  Object.values(schema).forEach(spellOutEnumKeyedRecords);
}

/** The REST contract, generated from the same zod schemas as the tRPC procedures (completed by the server). */
export function openApiDocument(baseUrl: string) {
  return generateOpenApiDocument(appRouter, {
    title: 'Molecular Analysis Dashboard API',
    version: '1.0.0',
    baseUrl,
    description:
      'Docking jobs (AutoDock Vina, Smina, Gnina), molecules and results. Authenticate with `Authorization: Bearer <API token>`. Every request is strict: an undeclared field or query parameter is a 400 naming it; every error answers `{ code, message, field?, problems?: [{ field, reason }] }`.',
  });
}
