// The rules of completeOpenApiDocument hold for every operation of the generated document, and each JSON request
// body's example is a request the procedure accepts (its own input schema parses it, path parameters filled in).
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { completeOpenApiDocument, ERROR_SCHEMA, openApiDocument } from './openapi.js';
import { appRouter } from './root.js';
import type { ApiMeta } from './trpc.js';

interface Operation {
  security?: unknown[];
  requestBody?: { content?: Record<string, { example?: unknown }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: unknown }> }>;
}
const doc = completeOpenApiDocument(openApiDocument('http://localhost/api'));
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
);
const procedures = Object.values(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: { meta?: ApiMeta; inputs: ZodType[] } }> } })
    ._def.procedures,
).map((p) => p._def);

describe('completeOpenApiDocument', () => {
  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s: the one error body, the statuses of its kind, Retry-After on 429',
    (_name, { path, operation }) => {
      const statuses = Object.keys(operation.responses);
      for (const status of statuses.filter((s) => Number(s) >= 400))
        expect(operation.responses[status]!.content?.['application/json']?.schema, status).toEqual({
          $ref: `#/components/schemas/${ERROR_SCHEMA}`,
        });
      expect(statuses).toContain('500');
      if ((operation.security ?? []).length > 0)
        expect(statuses).toEqual(expect.arrayContaining(['401', '403', '429']));
      else expect(operation.security).toEqual([]);
      if (path.includes('{')) expect(statuses).toContain('404');
      if (operation.requestBody) expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (operation.responses['429']) expect(operation.responses['429'].headers).toHaveProperty('Retry-After');
    },
  );

  it('job creation documents its 404, 409 and 422 and the Idempotency-Key header', () => {
    const post = (doc.paths?.['/v1/pipelines/{pipelineId}/jobs'] as { post: Operation & { parameters: unknown[] } })
      .post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['404', '409', '422', '429']));
    expect(post.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'Idempotency-Key' }));
  });

  it('writes enum-keyed records out as properties (no required key without its property)', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"propertyNames":{"type":"string","enum"');
  });
});

describe('request examples', () => {
  const withBody = operations.filter((o) => o.operation.requestBody?.content?.['application/json']);
  it('every JSON request body has one', () => {
    expect(withBody.length).toBeGreaterThan(5);
    expect(
      withBody
        .filter((o) => o.operation.requestBody!.content!['application/json']!.example === undefined)
        .map((o) => `${o.method} ${o.path}`),
    ).toEqual([]);
  });

  it.each(withBody.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s: the example is a request its procedure accepts',
    (_name, { path, method, operation }) => {
      const procedure = procedures.find(
        (p) => p.meta?.openapi?.path === path && p.meta.openapi.method.toLowerCase() === method,
      );
      expect(procedure).toBeDefined();
      const pathParams = Object.fromEntries(
        [...path.matchAll(/\{([^}]+)\}/g)].map(([, name = '']): [string, string] => [
          name,
          name === 'pipelineId' ? 'vina' : '00000000-0000-4000-8000-000000000000',
        ]),
      );
      const example = operation.requestBody!.content!['application/json']!.example as object;
      const parsed = procedure!.inputs[0]!.safeParse({ ...pathParams, ...example });
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );
});
