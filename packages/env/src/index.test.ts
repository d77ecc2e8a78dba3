import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, envFields, parseEnv } from './index.js';

const schema = z.object({
  PORT: envFields.port(8080),
  DATABASE_URL: envFields.url(['postgres', 'postgresql']),
  VERBOSE: envFields.boolean(false),
});

describe('parseEnv', () => {
  it('applies defaults and coerces values', () => {
    const env = parseEnv(schema, { DATABASE_URL: 'postgres://u@h/db', VERBOSE: 'yes' });
    expect(env).toEqual({ PORT: 8080, DATABASE_URL: 'postgres://u@h/db', VERBOSE: true });
  });

  it('lists every wrong variable with its value and the reason', () => {
    let caught: unknown;
    try {
      parseEnv(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', VERBOSE: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT="eighty"'))).toBeDefined();
    expect(problems.find((p) => p.startsWith('DATABASE_URL="mysql://x"'))).toMatch(/postgres or postgresql/);
    expect(problems.find((p) => p.startsWith('VERBOSE="maybe"'))).toBeDefined();
  });

  it('names a missing required variable', () => {
    expect(() => parseEnv(schema, {})).toThrow(/DATABASE_URL: /);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgres://h/d', PORT: '' }).PORT).toBe(8080);
  });
});
