/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema, including org schemas this package has no types for */
// Migrations are SQL files in migrations/: metadata/NNNN_name.{up,down}.sql for the shared schema, and
// results/NNNN_name.{up,down}.sql applied to every organisation's results schema (the token __ORG_SCHEMA__ stands
// for the quoted schema name). Kysely's Migrator runs both, with its bookkeeping table in the schema it migrates.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export type MigrationTrack = 'metadata' | 'results';

/** The repository's migrations/ folder; MIGRATIONS_DIR overrides it where the code is installed elsewhere. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../../migrations/', import.meta.url));
}

export const ORG_SCHEMA_TOKEN = '__ORG_SCHEMA__';

/** Quotes a schema name for SQL; only names our own provisioning produces (org_[a-z0-9_]+) are accepted. */
export function quoteSchema(schema: string): string {
  if (!/^org_[a-z0-9_]{1,59}$/.test(schema)) throw new Error(`invalid results schema name: ${schema}`);
  return `"${schema}"`;
}

class SqlFileProvider implements MigrationProvider {
  constructor(
    private readonly dir: string,
    private readonly orgSchema?: string,
  ) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('.up.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = file.slice(0, -'.up.sql'.length);
      const up = await this.load(file);
      const down = await this.load(`${name}.down.sql`);
      migrations[name] = {
        up: async (db) => void (await sql.raw(up).execute(db)),
        down: async (db) => void (await sql.raw(down).execute(db)),
      };
    }
    return migrations;
  }

  private async load(file: string): Promise<string> {
    const text = await readFile(join(this.dir, file), 'utf8');
    return this.orgSchema ? text.replaceAll(ORG_SCHEMA_TOKEN, quoteSchema(this.orgSchema)) : text;
  }
}

function migrator(db: Kysely<any>, track: MigrationTrack, migrationsDir: string, orgSchema?: string): Migrator {
  return new Migrator({
    db,
    provider: new SqlFileProvider(join(migrationsDir, track), orgSchema),
    ...(orgSchema ? { migrationTableSchema: orgSchema } : {}),
  });
}

function unwrap(result: MigrationResultSet, where: string): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = messageOf(result.error);
    throw new Error(`migration ${failed?.migrationName ?? ''} failed in ${where}: ${reason}`);
  }
  return (result.results ?? []).map(
    (r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${where}/${r.migrationName}`,
  );
}

async function orgSchemas(db: Kysely<any>): Promise<string[]> {
  const exists = await sql<{
    present: boolean;
  }>`select to_regclass('public.organizations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return [];
  const rows = await sql<{
    results_schema: string;
  }>`select results_schema from organizations order by created_at`.execute(db);
  return rows.rows.map((r) => r.results_schema);
}

/** Applies every pending migration: the metadata schema first, then each organisation's results schema. */
export async function migrateUp(db: Kysely<any>, migrationsDir = defaultMigrationsDir()): Promise<string[]> {
  const log = unwrap(await migrator(db, 'metadata', migrationsDir).migrateToLatest(), 'metadata');
  for (const schema of await orgSchemas(db)) {
    log.push(...unwrap(await migrator(db, 'results', migrationsDir, schema).migrateToLatest(), schema));
  }
  return log;
}

/** Reverts one step: the newest metadata migration, or with track 'results' the newest results migration of every org. */
export async function migrateDown(
  db: Kysely<any>,
  track: MigrationTrack = 'metadata',
  migrationsDir = defaultMigrationsDir(),
): Promise<string[]> {
  if (track === 'metadata') return unwrap(await migrator(db, 'metadata', migrationsDir).migrateDown(), 'metadata');
  const log: string[] = [];
  for (const schema of await orgSchemas(db)) {
    log.push(...unwrap(await migrator(db, 'results', migrationsDir, schema).migrateDown(), schema));
  }
  return log;
}

export interface MigrationStatus {
  where: string;
  name: string;
  executedAt: Date | null;
}

export async function migrationStatus(
  db: Kysely<any>,
  migrationsDir = defaultMigrationsDir(),
): Promise<MigrationStatus[]> {
  const list = async (where: string, m: Migrator) =>
    (await m.getMigrations()).map((info) => ({ where, name: info.name, executedAt: info.executedAt ?? null }));
  const status = await list('metadata', migrator(db, 'metadata', migrationsDir));
  for (const schema of await orgSchemas(db))
    status.push(...(await list(schema, migrator(db, 'results', migrationsDir, schema))));
  return status;
}

/**
 * Creates an organisation's results schema and applies every results migration to it. Pass the transaction that
 * inserts the organisation, so that both happen or neither does.
 */
export async function provisionResultsSchema(
  trx: Kysely<any>,
  schema: string,
  migrationsDir = defaultMigrationsDir(),
): Promise<void> {
  await sql.raw(`CREATE SCHEMA ${quoteSchema(schema)}`).execute(trx);
  unwrap(await migrator(trx, 'results', migrationsDir, schema).migrateToLatest(), schema);
}
