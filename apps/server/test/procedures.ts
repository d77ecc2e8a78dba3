// The app router's procedure table, read from the router itself (never a hand-kept list): what the access matrix and
// the whole-surface fuzzer iterate, so a procedure added tomorrow is covered the day it is added.
import type { z } from 'zod';
import type { AccessRule } from '@mad/api';

export type AnyRouter = {
  _def: {
    procedures: Record<
      string,
      {
        _def: {
          type: string;
          meta?: { access?: AccessRule; openapi?: { method: string; path: string } };
          inputs?: unknown[];
        };
      }
    >;
  };
};

export interface ProcedureRow {
  /** `pipelines.createJob` */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The declared access rule (undefined when it declares none). */
  access: AccessRule | undefined;
  /** The REST route when the procedure has one. */
  openapi: { method: string; path: string } | null;
  input: z.ZodType | undefined;
}

/** Every procedure of a router with its type, declared access rule, REST route and input schema. */
export function procedureTable(source: AnyRouter): ProcedureRow[] {
  return Object.entries(source._def.procedures).map(([path, p]) => ({
    path,
    type: p._def.type as ProcedureRow['type'],
    access: p._def.meta?.access,
    openapi: p._def.meta?.openapi ?? null,
    input: p._def.inputs?.[0] as z.ZodType | undefined,
  }));
}
