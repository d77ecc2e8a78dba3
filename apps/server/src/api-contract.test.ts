// project_design/API_CONTRACT.md against the code: its REST table against the OpenAPI document the server serves
// (method, path, statuses, procedure, access rule), and its tRPC table against the router (every procedure, its type,
// access rule and REST route). A new route, a changed status or a renamed procedure fails here until the doc says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appRouter } from '@mad/api';
import { servedOpenApiDocument } from './openapi.js';

const contract = readFileSync(new URL('../../../project_design/API_CONTRACT.md', import.meta.url), 'utf8');

/** The table rows between `<!-- name:begin -->` and `<!-- name:end -->`, as cells with backticks removed. */
function tableRows(name: string): string[][] {
  const start = contract.indexOf(`<!-- ${name}:begin -->`);
  const end = contract.indexOf(`<!-- ${name}:end -->`);
  expect(start, `API_CONTRACT.md lacks the <!-- ${name}:begin --> marker`).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return contract
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
}

/** The documented entries are the actual ones: none twice, none missing, none extra (each list named on failure). */
function expectSameEntries(documented: string[], actual: string[], where: string) {
  expect(
    documented.filter((entry, i) => documented.indexOf(entry) !== i),
    'listed twice in API_CONTRACT.md',
  ).toEqual([]);
  expect(
    actual.filter((entry) => !documented.includes(entry)),
    `${where} but missing from API_CONTRACT.md`,
  ).toEqual([]);
  expect(
    documented.filter((entry) => !actual.includes(entry)),
    `in API_CONTRACT.md but not ${where}`,
  ).toEqual([]);
}

interface Operation {
  operationId?: string;
  responses?: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const doc = servedOpenApiDocument('http://localhost');
const served = new Map<string, Operation>();
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const method of METHODS) {
    const operation = (item as Record<string, Operation | undefined>)[method];
    if (operation) served.set(`${method.toUpperCase()} /api${path}`, operation);
  }
}

interface ProcedureDef {
  type: string;
  meta?: { access?: string; openapi?: { method: string; path: string } };
}
const procedures = new Map(
  Object.entries(
    (appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures,
  ).map(([name, procedure]) => [name, procedure._def]),
);

/** The router's procedure `name`, after checking that the access rule the row states is the one it declares. */
function procedureWithAccess(name: string, access: string): ProcedureDef {
  const procedure = procedures.get(name);
  expect(procedure, `no procedure ${name} in the router`).toBeDefined();
  expect(access, `access rule of ${name}`).toBe(procedure!.meta?.access);
  return procedure!;
}

describe('API_CONTRACT.md REST table', () => {
  const rows = tableRows('openapi').map(([method, path, procedure, access, statuses]) => ({
    key: `${method} ${path}`,
    procedure: procedure!.replace(/^express \((.+)\)$/, '$1'),
    express: procedure!.startsWith('express'),
    access: access!,
    statuses: statuses!
      .split(',')
      .map((s) => s.trim())
      .sort(),
  }));

  it('lists every method and path of the served OpenAPI document, and no other', () => {
    expect(served.size).toBeGreaterThan(20);
    expectSameEntries(
      rows.map((row) => row.key),
      [...served.keys()],
      'served',
    );
  });

  it.each(rows.map((row) => [row.key, row]))(
    '%s: statuses, procedure and access rule as the code has them',
    (_key, row) => {
      const operation = served.get(row.key);
      expect(operation).toBeDefined();
      expect(row.statuses).toEqual(Object.keys(operation!.responses ?? {}).sort());
      // Bridged routes are the procedure's own openapi meta; express routes stand for a procedure without one.
      const meta = procedureWithAccess(row.procedure, row.access).meta?.openapi;
      if (row.express) expect(meta).toBeUndefined();
      else expect(`${meta?.method} /api${meta?.path}`).toBe(row.key);
    },
  );
});

describe('API_CONTRACT.md tRPC table', () => {
  const rows = tableRows('trpc').map(([name, type, access, rest]) => ({
    name: name!,
    type: type!,
    access: access!,
    rest: rest!,
  }));

  it('lists every procedure of the router, and no other', () => {
    expectSameEntries(
      rows.map((row) => row.name),
      [...procedures.keys()],
      'in the router',
    );
  });

  it.each(rows.map((row) => [row.name, row]))(
    '%s: type, access rule and REST route as the code has them',
    (_name, row) => {
      const procedure = procedureWithAccess(row.name, row.access);
      expect(row.type).toBe(procedure.type);
      const meta = procedure.meta?.openapi;
      if (meta) expect(row.rest.startsWith(`${meta.method} /api${meta.path}`)).toBe(true);
      else expect(row.rest).toMatch(/^(none|express (GET|POST) \/api\/v1\/)/);
    },
  );
});
