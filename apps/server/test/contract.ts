// The contract test's one response validator: every answer of a REST route (method, path, status, content type and
// JSON body) checked against the served OpenAPI document. contract-setup.ts installs it in front of fetch for every
// integration test of this package, so each REST call those tests make is also a contract check.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiOperation {
  responses?: Record<string, OpenApiResponse>;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: Record<string, unknown>;
}

export interface ObservedResponse {
  method: string;
  /** The request path below /api (as the document's paths are written: /v1/jobs/…), no query. */
  path: string;
  status: number;
  /** The Content-Type header, parameters included (or null). */
  contentType: string | null;
  /** The body as text; only read for JSON answers. */
  body?: string;
}

/** What an answer was compared with: its JSON body with the schema, its content type, or only its status. */
export type Validation = 'schema' | 'media type' | 'status';

export interface CheckedResponse {
  /** `GET /v1/jobs/{jobId}`: the method and the document's path template; null when no operation matches. */
  operation: string | null;
  status: number;
  /** The Content-Type without parameters (or null). */
  mediaType: string | null;
  validated: Validation;
  problems: string[];
}

export interface DocumentedOperation {
  /** `GET /v1/jobs/{jobId}`. */
  operation: string;
  /** Its success statuses: the documented 2xx, or the documented 3xx when it documents no 2xx (redirects). */
  successes: string[];
  /** The media types those answers may carry (empty: no content, e.g. a redirect). */
  mediaTypes: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
}

/** Checks observed answers against one OpenAPI 3.1 document; schemas are compiled once, when first needed. */
export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ ...document, $id: 'openapi' }, 'openapi');
    this.routes = Object.keys(document.paths ?? {})
      .map((template) => ({
        template,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('')}$`,
        ),
      }))
      // A literal path (/v1/molecules/upload) wins over a template that would also match it.
      .sort((a, b) => a.params - b.params);
  }

  /** The document's path template of a request path and method, or null when none is documented. */
  operationOf(method: string, path: string): { template: string; operation: OpenApiOperation } | null {
    const m = method.toLowerCase();
    for (const route of this.routes) {
      const operation = this.document.paths?.[route.template]?.[m];
      if (operation && route.pattern.test(path)) return { template: route.template, operation };
    }
    return null;
  }

  /** What in this answer the document does not say (empty: the answer is documented). */
  problems(observed: ObservedResponse): string[] {
    return this.check(observed).problems;
  }

  /**
   * The answer checked: the operation it belongs to (`GET /v1/jobs/{jobId}`, null when none), its media type, what
   * was compared with the document (`schema`: the JSON body against the status's schema; `media type`: a documented
   * non-JSON content type; `status`: a documented status without content) and the problems found.
   */
  check(observed: ObservedResponse): CheckedResponse {
    const where = `${observed.method.toUpperCase()} ${observed.path} answered ${observed.status}`;
    const found = this.operationOf(observed.method, observed.path);
    const mediaType = (observed.contentType ?? '').split(';')[0]!.trim().toLowerCase() || null;
    const answer = (validated: Validation, problems: string[]): CheckedResponse => ({
      operation: found ? `${observed.method.toUpperCase()} ${found.template}` : null,
      status: observed.status,
      mediaType,
      validated,
      problems,
    });
    if (!found) {
      // No such operation: the one answer allowed is the error body with 404 (no route) or 405 (no method).
      if (observed.status !== 404 && observed.status !== 405)
        return answer('status', [`${where}: no such operation in the document`]);
      return this.bodyAnswer(answer, where, 'openapi#/components/schemas/Error', observed);
    }
    const status = String(observed.status);
    const responses = found.operation.responses ?? {};
    const response = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!response) return answer('status', [`${where}: status ${status} is not documented for ${found.template}`]);
    if (!response.content || observed.status === 204 || observed.status === 304) return answer('status', []);
    const key = responses[status] ? status : responses[`${status[0]}XX`] ? `${status[0]}XX` : 'default';
    if (!(mediaType !== null && mediaType in response.content)) {
      if (observed.status === 302) return answer('status', []);
      return answer('media type', [
        `${where}: content type ${mediaType ?? '(none)'} is not documented (${Object.keys(response.content)})`,
      ]);
    }
    if (mediaType !== 'application/json') return answer('media type', []);
    return this.bodyAnswer(answer, where, this.schemaRef(found.template, observed.method, key, mediaType), observed);
  }

  /**
   * Every operation of the document (`GET /v1/jobs/{jobId}`) with its success answers: the documented 2xx statuses,
   * or, for an operation that documents none (the redirects), its 3xx ones; and each media type they may carry.
   */
  operations(): DocumentedOperation[] {
    const out: DocumentedOperation[] = [];
    for (const [template, item] of Object.entries(this.document.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const statuses = Object.keys(operation.responses ?? {});
        const twoXX = statuses.filter((s) => s.startsWith('2'));
        const successes = twoXX.length > 0 ? twoXX : statuses.filter((s) => s.startsWith('3'));
        const mediaTypes = [
          ...new Set(successes.flatMap((s) => Object.keys(operation.responses?.[s]?.content ?? {}))),
        ].sort();
        out.push({ operation: `${method.toUpperCase()} ${template}`, successes, mediaTypes });
      }
    }
    return out;
  }

  /**
   * One Server-Sent Event's data (the JSON text after `data:`) against the document: the stream's description says
   * each event is "as in events[]" of the JSON answer of the same status, so it is checked against the items of that
   * answer's one array property.
   */
  eventProblems(method: string, path: string, status: number, data: string): string[] {
    const where = `${method.toUpperCase()} ${path} answered ${status} (text/event-stream)`;
    const found = this.operationOf(method, path);
    const json = found?.operation.responses?.[String(status)]?.content?.['application/json']?.schema as
      { properties?: Record<string, { type?: unknown }> } | undefined;
    const arrays = Object.entries(json?.properties ?? {}).filter(([, schema]) => schema.type === 'array');
    if (!found || arrays.length !== 1)
      return [`${where}: the document gives no JSON answer with one array to read the stream's events by`];
    const ref = `${this.schemaRef(found.template, method, String(status), 'application/json')}/properties/${arrays[0]![0]}/items`;
    return this.bodyProblems(where, ref, { method, path, status, contentType: 'application/json', body: data });
  }

  private schemaRef(template: string, method: string, status: string, mediaType: string): string {
    const pointer = ['paths', template, method.toLowerCase(), 'responses', status, 'content', mediaType]
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    return `openapi#/${pointer}/schema`;
  }

  private bodyAnswer(
    answer: (validated: Validation, problems: string[]) => CheckedResponse,
    where: string,
    ref: string,
    observed: ObservedResponse,
  ): CheckedResponse {
    if (!(observed.contentType ?? '').includes('json') || observed.body === undefined) return answer('media type', []);
    return answer('schema', this.bodyProblems(where, ref, observed));
  }

  private bodyProblems(where: string, ref: string, observed: ObservedResponse): string[] {
    if (!(observed.contentType ?? '').includes('json') || observed.body === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(observed.body);
    } catch {
      return [`${where}: the body is not JSON: ${observed.body.slice(0, 200)}`];
    }
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: body${e.instancePath} ${e.message ?? 'is invalid'}${
          e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''
        }`,
    );
  }
}
