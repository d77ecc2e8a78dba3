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
  /** Told of each connection that broke (Postgres restarted, the network dropped); default: nothing. */
  onConnectionError?: (error: Error) => void;
}

/**
 * A node-postgres pool that outlives its database going away. A connection that breaks emits 'error': on the pool
 * while idle, on the client while checked out (pg-pool takes its own listener off then, and Kysely adds none), and
 * either one with nothing listening ends the process. Both are listened to here: the statement in flight rejects
 * with the error anyway, the pool drops the broken client when it comes back, and the next query connects anew.
 */
export function createPool(options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'mad',
    connectionTimeoutMillis: 5_000,
  });
  const onError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function createDatabase(options: DatabaseOptions | pg.Pool): Database {
  const pool = options instanceof pg.Pool ? options : createPool(options);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

// SQLSTATE classes and codes of a lost or refused connection: 08 (connection exception), 57P01-57P03 (the server is
// shutting down, crashed or is starting).
const CONNECTION_SQLSTATES = /^(08...|57P0[1-3])$/;
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|connection (ended|closed)/i;

/**
 * Whether an error says the database could not be reached or the connection broke (a restart, a failover), not that
 * a statement was wrong: work that failed so can be tried again once Postgres is back.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (CONNECTION_SQLSTATES.test(code) || CONNECTION_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}
