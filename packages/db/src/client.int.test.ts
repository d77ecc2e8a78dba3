// A pool outlives its connections being cut (what a Postgres restart does): an idle connection and one checked out
// in a transaction are terminated by the server; the process keeps running, the error is told, the next query works;
// isConnectionError tells those errors (and a refused connection) from a wrong statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, testEnv, type TestDatabase } from '@mad/test-utils';
import { createDatabase, createPool, isConnectionError } from './client.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('mad_pool');
});
afterAll(async () => {
  await database?.drop();
});

async function terminateAll(name: string) {
  const admin = new pg.Client({ connectionString: testEnv.databaseUrl });
  await admin.connect();
  try {
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
  } finally {
    await admin.end();
  }
}

describe('createPool', () => {
  it('survives idle and checked-out connections being terminated', async () => {
    const errors: Error[] = [];
    const db = createDatabase(
      createPool({ connectionString: database.url, maxConnections: 2, onConnectionError: (e) => errors.push(e) }),
    );
    try {
      await sql`select 1`.execute(db);
      await terminateAll(database.name);
      await new Promise((r) => setTimeout(r, 300));
      expect(errors.length).toBeGreaterThan(0);

      const inTransaction = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await terminateAll(database.name);
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 2`.execute(trx);
      });
      const broken = await inTransaction.then(
        () => null,
        (error: unknown) => error,
      );
      expect(isConnectionError(broken), String(broken)).toBe(true);
      const { rows } = await sql<{ n: number }>`select 3 as n`.execute(db);
      expect(rows).toEqual([{ n: 3 }]);
      // A wrong statement is not a connection error; a refused connection is.
      const wrong = await sql`select * from no_such_table`.execute(db).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isConnectionError(wrong)).toBe(false);
      const refused = createDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/none', maxConnections: 1 });
      const unreachable = await sql`select 1`.execute(refused).then(
        () => null,
        (error: unknown) => error,
      );
      await refused.destroy();
      expect(isConnectionError(unreachable), String(unreachable)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
