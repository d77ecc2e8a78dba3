// Every procedure's input schema, walked. Two users: the test that proves every object a request can carry refuses
// unknown keys (strict-inputs.test.ts), and `lockCoercion`, which keeps the REST bridge from switching on string
// coercion: trpc-to-openapi sets `def.coerce = true` on every number, boolean, bigint and date of an input schema
// (bodies included) on each request, which would make `"exhaustiveness": "8"` pass, for tRPC callers too since the
// schemas are shared. Explicit `z.coerce.*` (query-string numbers) keeps its coercion.
import type { AnyRouter } from '@trpc/server';
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export interface ProcedureInput {
  /** The procedure's path, e.g. `pipelines.createJob`. */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The REST route when the procedure has one. */
  openapi: { method: string; path: string } | null;
  schema: Schema | null;
}

/** The input schema of every procedure of `router` (null for a procedure without input). */
export function procedureInputs(router: AnyRouter): ProcedureInput[] {
  const procedures = router._def.procedures as Record<
    string,
    { _def: { type: ProcedureInput['type']; inputs: Schema[]; meta?: { openapi?: { method: string; path: string } } } }
  >;
  return Object.entries(procedures).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    openapi: procedure._def.meta?.openapi ?? null,
    schema: procedure._def.inputs[0] ?? null,
  }));
}

/** The schemas directly inside `schema` (wrappers, elements, options, shapes), with the key path to each. */
function children(schema: Schema): { key: string | null; schema: Schema }[] {
  const def = defOf(schema);
  const one = (value: unknown, key: string | null = null) => (value ? [{ key, schema: value as Schema }] : []);
  switch (def.type) {
    case 'object':
      return [
        ...Object.entries(def.shape as Record<string, Schema>).map(([key, child]) => ({ key, schema: child })),
        ...one(def.catchall, '*'),
      ];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
      return one(def.innerType);
    case 'array':
      return one(def.element, '[]');
    case 'set':
      return one(def.valueType, '[]');
    case 'union':
      return (def.options as Schema[]).map((option) => ({ key: null, schema: option }));
    case 'intersection':
      return [...one(def.left), ...one(def.right)];
    case 'pipe':
      return [...one(def.in), ...one(def.out)];
    case 'record':
    case 'map':
      return [...one(def.keyType), ...one(def.valueType, '*')];
    case 'tuple':
      return [...(def.items as Schema[]).map((item, i) => ({ key: String(i), schema: item })), ...one(def.rest, '*')];
    case 'lazy':
      return one((def.getter as () => Schema)());
    default:
      return [];
  }
}

/** Every schema reachable from `schema`, once each, with the request path where it sits (`params`, `ligands.[]`). */
export function walkSchema(schema: Schema, visit: (schema: Schema, path: string) => void): void {
  const seen = new Set<Schema>();
  const go = (current: Schema, path: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    visit(current, path);
    for (const child of children(current))
      go(child.schema, child.key === null ? path : path ? `${path}.${child.key}` : child.key);
  };
  go(schema, '');
}

/** The paths of the objects inside `schema` that accept keys they do not declare (strip or passthrough). */
export function openObjectsIn(schema: Schema): string[] {
  const open: string[] = [];
  walkSchema(schema, (current, path) => {
    const def = defOf(current);
    if (def.type !== 'object') return;
    const catchall = def.catchall as Schema | undefined;
    if (!catchall || defOf(catchall).type !== 'never') open.push(path || '(the input)');
  });
  return open;
}

const COERCIBLE = new Set(['number', 'boolean', 'bigint', 'date']);

/**
 * Fixes `coerce` of every number, boolean, bigint and date inside each procedure's input at what the schema says
 * (false unless declared with `z.coerce`): the REST bridge's writes are ignored. Idempotent; call once per router.
 */
export function lockCoercion(router: AnyRouter): void {
  for (const { schema } of procedureInputs(router)) {
    if (!schema) continue;
    walkSchema(schema, (current) => {
      const def = defOf(current);
      if (!COERCIBLE.has(def.type)) return;
      const declared = Boolean(def.coerce);
      const descriptor = Object.getOwnPropertyDescriptor(def, 'coerce');
      if (descriptor && !descriptor.configurable) return;
      Object.defineProperty(def, 'coerce', {
        get: () => declared,
        set: () => undefined,
        enumerable: true,
        configurable: false,
      });
    });
  }
}
