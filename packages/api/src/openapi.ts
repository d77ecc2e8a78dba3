import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './root.js';

/** The one error body of every route (errors.ts), as the document describes each `error.<CODE>` response. */
function errorBodySchema(code: string) {
  return {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: [code] },
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
          properties: { field: { type: 'string' }, reason: { type: 'string' } },
        },
      },
      details: { description: 'Structured extras (the per-record errors of an upload that stored nothing)' },
    },
  };
}

/** The REST contract, generated from the same zod schemas as the tRPC procedures. */
export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Molecular Analysis Dashboard API',
    version: '1.0.0',
    baseUrl,
    description:
      'Docking jobs (AutoDock Vina, Smina, Gnina), molecules and results. Authenticate with `Authorization: Bearer <API token>`. Every request is strict: an undeclared field or query parameter is a 400 naming it; every error answers `{ code, message, field?, problems?: [{ field, reason }] }`.',
  });
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(schemas))
    if (name.startsWith('error.')) schemas[name] = errorBodySchema(name.slice('error.'.length));
  return doc;
}
