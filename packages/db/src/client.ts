import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';

// bigint columns (counts, sizes) come back as JS numbers; they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  connectionString: string;
  maxConnections?: number;
  applicationName?: string;
}

export function createPool(options: DatabaseOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'mad',
    connectionTimeoutMillis: 5_000,
  });
}

export function createDatabase(options: DatabaseOptions | pg.Pool): Database {
  const pool = options instanceof pg.Pool ? options : createPool(options);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
