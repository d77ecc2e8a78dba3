// A seeded, deterministic generator of bad requests from JSON Schemas (the served OpenAPI document's, or a tRPC
// procedure's input as z.toJSONSchema gives it): a plausible value first, then that value with wrong types, missing
// and extra fields, control characters, huge and empty strings, boundary and non-finite numbers. Pure: the fuzzer
// (src/security/whole-surface.fuzz.int.test.ts) sends what it makes.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: Json[];
  const?: Json;
  default?: Json;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  additionalProperties?: boolean | JsonSchema;
}

/** mulberry32: a small seeded generator, so a failure is found again by the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Placeholders replaced in the serialised JSON: numbers JSON cannot spell (1e999 parses as Infinity; NaN is no JSON). */
export const NON_FINITE = { inf: '\u{10FFFF}INF', negInf: '\u{10FFFF}NEGINF', nan: '\u{10FFFF}NAN' } as const;

/** JSON text of a value, with the non-finite placeholders written as the numbers they stand for. */
export function toJsonText(value: Json | undefined): string {
  return JSON.stringify(value ?? null)
    .replaceAll(JSON.stringify(NON_FINITE.inf), '1e999')
    .replaceAll(JSON.stringify(NON_FINITE.negInf), '-1e999')
    .replaceAll(JSON.stringify(NON_FINITE.nan), 'NaN');
}

export const HUGE_STRING_CHARS = 70_000;

/** Strings no text field should store as given. */
export const BAD_STRINGS: string[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'bell\u0007',
  'esc\u001b[31m',
  'del\u007f',
  'x'.repeat(HUGE_STRING_CHARS),
  '\ud800lone surrogate',
  "' OR 1=1 --",
  '../../../etc/passwd',
  'é漢字🙂',
  '%00',
];

/** Numbers at the edges: zero, negative, fractional, past int32 and the safe integers, the doubles' ends, non-finite. */
export const BAD_NUMBERS: (number | string)[] = [
  0,
  -1,
  -0,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  5e-324,
  NON_FINITE.inf,
  NON_FINITE.negInf,
  NON_FINITE.nan,
];

/** Values of the wrong type for any field. */
export const WRONG_TYPES: Json[] = ['text', 12_345, true, null, [], {}, [1, 'a'], { nested: { deeper: [] } }];

/** Ids and path segments that are not ids (each safe to put in a URL path as written). */
export const BAD_IDS: string[] = [
  'not-an-id',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%00',
  '%E0%A4%A',
  '-1',
  '1e309',
  'NaN',
  '%20',
  'x'.repeat(2_000),
  '..%2F..%2F',
  '%F0%9F%99%82',
];

/** Query values: empty, control characters, non-finite and odd number spellings, malformed percent-encoding, cursors. */
export const BAD_QUERY_VALUES: string[] = [
  '',
  '%00',
  '%07',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '1e309',
  '0x10',
  '1.5',
  '%ZZ',
  'x'.repeat(4_000),
  'true',
  Buffer.from('{"x":1}').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  '!!!not-a-cursor!!!',
];

/** JSON nested `depth` levels (an array of arrays), as text: what a recursive parser or walker chokes on. */
export const deeplyNested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

export class SchemaSampler {
  constructor(
    private readonly random: () => number,
    private readonly resolveRef: (ref: string) => JsonSchema,
    /** A real id for a field name (receptorId, ligandIds…), else null for a random UUID. */
    private readonly idFor: (name: string) => string | null,
  ) {}

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)] as T;
  }

  /** Up to `count` of `values`, in a seeded order. */
  some<T>(values: readonly T[], count: number): T[] {
    const copy = [...values];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, count);
  }

  uuid(): string {
    const hex = () => Math.floor(this.random() * 16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  }

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let i = 0; current.$ref && i < 20; i += 1)
      current = { ...this.resolveRef(current.$ref), ...current, $ref: undefined };
    if (current.allOf) {
      const merged: JsonSchema = { ...current, allOf: undefined };
      for (const part of current.allOf) {
        const resolved = this.resolve(part);
        Object.assign(merged, resolved, {
          properties: { ...merged.properties, ...resolved.properties },
          required: [...(merged.required ?? []), ...(resolved.required ?? [])],
        });
      }
      return merged;
    }
    return current;
  }

  /** A value the schema would accept, as far as a sampler can tell (ids of the named things when known). */
  sample(input: JsonSchema, name = '', depth = 0): Json {
    const schema = this.resolve(input);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum?.length) return schema.enum[0] as Json;
    if (schema.default !== undefined) return schema.default;
    const options = schema.anyOf ?? schema.oneOf;
    if (options?.length) {
      const concrete = options.filter((o) => this.resolve(o).type !== 'null');
      return this.sample(concrete[0] ?? options[0]!, name, depth + 1);
    }
    const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
    switch (type) {
      case 'object': {
        const value: Record<string, Json> = {};
        if (depth > 8) return value;
        for (const [key, child] of Object.entries(schema.properties ?? {}))
          value[key] = this.sample(child, key, depth + 1);
        return value;
      }
      case 'array': {
        if (depth > 8) return [];
        const item = schema.items ?? schema.prefixItems?.[0] ?? {};
        const count = Math.max(1, schema.minItems ?? 1);
        return Array.from({ length: Math.min(count, 3) }, () => this.sample(item, name.replace(/s$/, ''), depth + 1));
      }
      case 'string':
        return this.sampleString(schema, name);
      case 'integer':
      case 'number': {
        const low = schema.minimum ?? (schema.exclusiveMinimum === undefined ? 1 : schema.exclusiveMinimum + 1);
        const high = schema.maximum ?? (schema.exclusiveMaximum === undefined ? low + 10 : schema.exclusiveMaximum - 1);
        return Math.max(low, Math.min(high, Math.max(low, 1)));
      }
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return 'value';
    }
  }

  private sampleString(schema: JsonSchema, name: string): string {
    if (schema.format === 'uuid' || /id$/i.test(name)) return this.idFor(name) ?? this.uuid();
    if (schema.format === 'email') return 'fuzz@example.org';
    if (schema.format === 'uri' || schema.format === 'url' || /issuer|url/i.test(name))
      return 'https://sso.example.org';
    if (schema.format === 'date-time') return '2026-12-03T10:00:00.000Z';
    if (/smiles/i.test(name)) return 'CCO';
    const length = Math.max(schema.minLength ?? 1, 4);
    return 'fuzz'.padEnd(Math.min(length, schema.maxLength ?? length), 'z');
  }

  /** Every leaf of a sampled value with its path (objects and arrays walked; at most `limit`). */
  leaves(value: Json, limit = 40): { path: (string | number)[]; value: Json }[] {
    const found: { path: (string | number)[]; value: Json }[] = [];
    const walk = (node: Json, path: (string | number)[]) => {
      if (found.length >= limit) return;
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      else found.push({ path, value: node });
    };
    walk(value, []);
    return found;
  }

  /** Objects inside a sampled value (the root included) with their paths: where to drop and add keys. */
  objects(value: Json): { path: (string | number)[]; keys: string[] }[] {
    const found: { path: (string | number)[]; keys: string[] }[] = [];
    const walk = (node: Json, path: (string | number)[]) => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
      else if (node && typeof node === 'object') {
        found.push({ path, keys: Object.keys(node) });
        for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      }
    };
    walk(value, []);
    return found;
  }
}

/** A copy of `value` with `path` replaced by `replacement` (or removed when it is undefined). */
export function withPath(value: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(value) as Record<string, Json> | Json[];
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string] as Json;
  const last = path[path.length - 1] as string;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, Json>)[last];
  } else (node as Record<string, Json>)[last] = replacement;
  return copy;
}

export interface BodyVariant {
  label: string;
  /** The JSON text sent (JSON or deliberately not). */
  text: string;
}

/**
 * The bodies of one operation: the sampled value, then structural breakage (not JSON, deep nesting, wrong top-level
 * types), then per-field breakage in a seeded order; at most `limit` in all.
 */
export function bodyVariants(sampler: SchemaSampler, schema: JsonSchema, limit: number): BodyVariant[] {
  const valid = sampler.sample(schema);
  const structural: BodyVariant[] = [
    { label: 'sampled body', text: toJsonText(valid) },
    { label: 'empty object', text: '{}' },
    { label: 'not JSON', text: '{"unterminated": ' },
    { label: 'JSON nested 10,000 deep', text: deeplyNested(10_000) },
    { label: 'object nested 100 deep', text: `${'{"a":'.repeat(100)}1${'}'.repeat(100)}` },
    { label: 'top-level array', text: '[1,2,3]' },
    { label: 'top-level null', text: 'null' },
    { label: 'top-level NaN', text: 'NaN' },
  ];
  const fields: BodyVariant[] = [];
  for (const { path, keys } of sampler.objects(valid)) {
    const at = path.join('.') || '(root)';
    fields.push({ label: `extra key at ${at}`, text: toJsonText(withPath(valid, [...path, 'zzUnknownKey'], 1)) });
    for (const key of sampler.some(keys, 3))
      fields.push({
        label: `missing ${[...path, key].join('.')}`,
        text: toJsonText(withPath(valid, [...path, key], undefined)),
      });
  }
  for (const { path, value } of sampler.leaves(valid)) {
    const at = path.join('.');
    const pool: Json[] =
      typeof value === 'number' ? BAD_NUMBERS : typeof value === 'string' ? BAD_STRINGS : WRONG_TYPES;
    for (const bad of sampler.some(pool, 3))
      fields.push({ label: `${at} = ${describe(bad)}`, text: toJsonText(withPath(valid, path, bad)) });
    const wrong = sampler.pick(WRONG_TYPES);
    fields.push({ label: `${at} = ${describe(wrong)} (type)`, text: toJsonText(withPath(valid, path, wrong)) });
  }
  return [...structural, ...sampler.some(fields, Math.max(0, limit - structural.length))];
}

export function describe(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length > 40) return `string of ${value.length} chars`;
    return JSON.stringify(value);
  }
  return JSON.stringify(value) ?? String(value);
}
