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
    const where = `${observed.method.toUpperCase()} ${observed.path} answered ${observed.status}`;
    const found = this.operationOf(observed.method, observed.path);
    if (!found) {
      // No such operation: the one answer allowed is the error body with 404 (no route) or 405 (no method).
      if (observed.status !== 404 && observed.status !== 405) return [`${where}: no such operation in the document`];
      return this.bodyProblems(where, 'openapi#/components/schemas/Error', observed);
    }
    const status = String(observed.status);
    const responses = found.operation.responses ?? {};
    const response = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!response) return [`${where}: status ${status} is not documented for ${found.template}`];
    if (!response.content || observed.status === 204 || observed.status === 304) return [];
    const mediaType = (observed.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const key = responses[status] ? status : responses[`${status[0]}XX`] ? `${status[0]}XX` : 'default';
    if (!(mediaType in response.content)) {
      if (observed.status === 302) return [];
      return [`${where}: content type ${mediaType || '(none)'} is not documented (${Object.keys(response.content)})`];
    }
    if (mediaType !== 'application/json') return [];
    const pointer = ['paths', found.template, observed.method.toLowerCase(), 'responses', key, 'content', mediaType]
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    return this.bodyProblems(where, `openapi#/${pointer}/schema`, observed);
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
