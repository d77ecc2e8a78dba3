// Strict inputs, as a property of the whole router: every object any procedure's input can hold refuses keys it does
// not declare (a misspelt `exhaustivness` is a 400, never dropped), no number, boolean or date of an input coerces a
// string unless it is declared z.coerce (query strings), and the 400 names the field and the one that was meant.
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from './root.js';
import { openObjectsIn, procedureInputs, walkSchema } from './input-schemas.js';
import { errorData, inputError } from './errors.js';
import { CreateJobInput } from '@mad/domain';

describe('every procedure input', () => {
  const inputs = procedureInputs(appRouter);

  it('covers the whole router', () => {
    expect(inputs.length).toBeGreaterThan(30);
    expect(inputs.map((i) => i.path)).toContain('pipelines.createJob');
  });

  it('has no object that accepts unknown keys', () => {
    const open = inputs.flatMap(({ path, schema }) =>
      schema ? openObjectsIn(schema).map((at) => `${path}: ${at}`) : [],
    );
    expect(open).toEqual([]);
  });

  it('keeps numbers, booleans and dates strict after the REST bridge has tried to coerce them', () => {
    // What trpc-to-openapi does to every input schema on each request (coerceSchema): set def.coerce.
    for (const { schema } of inputs)
      if (schema)
        walkSchema(schema, (s) => {
          const def = (s as unknown as { _zod: { def: { type: string; coerce?: boolean } } })._zod.def;
          if (['number', 'boolean', 'bigint', 'date'].includes(def.type)) def.coerce = true;
        });
    const parsed = CreateJobInput.safeParse({
      pipelineId: 'vina',
      receptorId: '00000000-0000-4000-8000-000000000000',
      ligands: [{ smiles: 'CCO' }],
      bindingSite: { mode: 'box', center: { x: 0, y: 0, z: 0 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustiveness: '8' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['params', 'exhaustiveness'], code: 'invalid_type' });
  });
});

describe('the 400 of an unknown key', () => {
  it('names the field and the parameter that was meant', () => {
    const parsed = CreateJobInput.safeParse({
      pipelineId: 'vina',
      receptorId: '00000000-0000-4000-8000-000000000000',
      ligands: [{ smiles: 'CCO' }],
      bindingSite: { mode: 'box', center: { x: 0, y: 0, z: 0 }, size: { x: 20, y: 20, z: 20 } },
      params: { exhaustivness: 1, num_modes: 1 },
    });
    expect(parsed.success).toBe(false);
    const data = errorData(new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error }));
    expect(data.problems).toEqual([
      { field: 'params.exhaustivness', reason: 'is not a parameter; did you mean exhaustiveness?' },
      { field: 'params.num_modes', reason: 'is not a parameter; did you mean numModes?' },
    ]);
    expect(data.field).toBe('params.exhaustivness');
    expect(inputError(parsed.error!).message).toBe(
      'params.exhaustivness is not a parameter; did you mean exhaustiveness? (and 1 more problem)',
    );
  });
});

describe('the OpenAPI document', () => {
  it('describes the one error body, with the field and each problem', async () => {
    const { completeOpenApiDocument, openApiDocument, ERROR_SCHEMA } = await import('./openapi.js');
    const schemas = completeOpenApiDocument(openApiDocument('http://localhost/api')).components?.schemas as Record<
      string,
      { properties: Record<string, unknown>; required: string[] }
    >;
    const body = schemas[ERROR_SCHEMA]!;
    expect(body.required).toEqual(['code', 'message']);
    expect(Object.keys(body.properties)).toEqual(['code', 'message', 'field', 'problems', 'details', 'data']);
    expect(Object.keys(schemas).filter((name) => name.startsWith('error.'))).toEqual([]);
  });
});
