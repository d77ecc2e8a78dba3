// project_design/ERD.md against a migrated database: every table of the metadata schema and of a provisioned results
// schema, each column with its type and nullability, the primary and foreign keys, and the mermaid diagrams. A new
// migration fails here until ERD.md describes what it changed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@mad/test-utils';
import { createDatabase, type Database } from './client.js';
import { migrateUp, provisionResultsSchema } from './migrate.js';

const ORG_SCHEMA = 'org_erd';
const erd = readFileSync(new URL('../../../project_design/ERD.md', import.meta.url), 'utf8');

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}
interface Key {
  table: string;
  kind: 'p' | 'f';
  columns: string[];
  references: string | null;
}
interface Catalogue {
  columns: Column[];
  keys: Key[];
}

async function catalogue(db: Database, schema: string): Promise<Catalogue> {
  const columns = await sql<{ table: string; column: string; type: string; nullable: boolean }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition and a.attnum > 0 and not a.attisdropped and c.relname not like 'kysely_migration%'
    order by c.relname, a.attnum`.execute(db);
  const keys = await sql<{ table: string; kind: 'p' | 'f'; columns: string[]; references: string | null }>`
    select c.relname as table, k.contype as kind, r.relname as references,
      (select array_agg(a.attname::text order by u.ord) from unnest(k.conkey) with ordinality u(attnum, ord)
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum) as columns
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_class r on r.oid = k.confrelid
    where n.nspname = ${schema} and k.contype in ('p', 'f') and not c.relispartition and c.relname not like 'kysely_migration%'`.execute(
    db,
  );
  return {
    columns: columns.rows.map((r) => ({ ...r, type: r.type.replace('timestamp with time zone', 'timestamptz') })),
    keys: keys.rows,
  };
}

interface Documented {
  mermaid: string;
  tables: Map<string, Map<string, { type: string; nullable: boolean; key: string }>>;
}

/** One "## …" section of ERD.md: its mermaid block and its "### `table`" tables of columns. */
function documented(heading: string): Documented {
  const start = erd.indexOf(`\n## ${heading}`);
  expect(start, `ERD.md lacks the section "## ${heading}"`).toBeGreaterThan(-1);
  const next = erd.indexOf('\n## ', start + 1);
  const section = erd.slice(start, next === -1 ? undefined : next);
  const mermaid = /```mermaid\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  type Column = { type: string; nullable: boolean; key: string };
  const tables = new Map<string, Map<string, Column>>();
  let current: Map<string, Column> | undefined;
  for (const line of section.split('\n')) {
    const table = /^### `(\w+)`/.exec(line)?.[1];
    if (table) tables.set(table, (current = new Map<string, Column>()));
    const row = /^\| `(\w+)` \| ([^|]+) \| (not null|null) \| ([^|]*) \|/.exec(line);
    if (row && current)
      current.set(row[1]!, { type: row[2]!.trim(), nullable: row[3] === 'null', key: row[4]!.trim() });
  }
  return { mermaid, tables };
}

let database: TestDatabase;
let db: Database;
const schemas: { heading: string; schema: string; catalogue?: Catalogue }[] = [
  { heading: 'Metadata schema (`public`)', schema: 'public' },
  { heading: 'Results schema (`org_<slug>`', schema: ORG_SCHEMA },
];

beforeAll(async () => {
  database = await createTestDatabase('mad_erd');
  db = createDatabase({ connectionString: database.url, maxConnections: 2 });
  await migrateUp(db);
  await db.transaction().execute((trx) => provisionResultsSchema(trx, ORG_SCHEMA));
  for (const entry of schemas) entry.catalogue = await catalogue(db, entry.schema);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe.each(schemas)('ERD.md, $schema', (entry) => {
  it('describes every table, and no other', () => {
    const doc = documented(entry.heading);
    const tables = [...new Set(entry.catalogue!.columns.map((c) => c.table))].sort();
    expect(tables.length).toBeGreaterThan(0);
    expect([...doc.tables.keys()].sort()).toEqual(tables);
  });

  it('describes every column with its type, nullability and primary key, and no other', () => {
    const doc = documented(entry.heading);
    const { columns, keys } = entry.catalogue!;
    const mismatches: string[] = [];
    for (const column of columns) {
      const row = doc.tables.get(column.table)?.get(column.column);
      const where = `${column.table}.${column.column}`;
      if (!row) {
        mismatches.push(`${where}: missing`);
        continue;
      }
      if (row.type !== column.type) mismatches.push(`${where}: type ${row.type}, the database has ${column.type}`);
      if (row.nullable !== column.nullable)
        mismatches.push(`${where}: ${row.nullable ? 'null' : 'not null'} in ERD.md, the opposite in the database`);
      const primary = keys.some((k) => k.kind === 'p' && k.table === column.table && k.columns.includes(column.column));
      if (/\bPK\b/.test(row.key) !== primary) mismatches.push(`${where}: PK ${primary ? 'missing' : 'claimed'}`);
    }
    for (const [table, rows] of doc.tables) {
      for (const name of rows.keys()) {
        if (!columns.some((c) => c.table === table && c.column === name))
          mismatches.push(`${table}.${name}: in ERD.md, not in the database`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('names every foreign key on its columns and in the diagram, and no other', () => {
    const doc = documented(entry.heading);
    const foreign = entry.catalogue!.keys.filter((k) => k.kind === 'f');
    const mismatches: string[] = [];
    for (const [table, rows] of doc.tables) {
      for (const [name, row] of rows) {
        const expected = foreign
          .filter((k) => k.table === table && k.columns.includes(name))
          .map((k) => k.references!)
          .sort();
        const claimed = [...row.key.matchAll(/FK → (\w+)/g)].map((m) => m[1]!).sort();
        if (expected.join() !== claimed.join())
          mismatches.push(
            `${table}.${name}: FK → ${claimed.join(', ') || 'none'} in ERD.md, the database has ${expected.join(', ') || 'none'}`,
          );
      }
    }
    for (const key of foreign) {
      const line = new RegExp(
        `^\\s*${key.references}\\s+\\S+\\s+${key.table}\\s*:\\s*"${key.columns.join(', ')}"`,
        'm',
      );
      if (!line.test(doc.mermaid))
        mismatches.push(`diagram lacks ${key.references} → ${key.table} (${key.columns.join(', ')})`);
    }
    for (const table of doc.tables.keys()) {
      if (!new RegExp(`^\\s*${table} \\{`, 'm').test(doc.mermaid)) mismatches.push(`diagram lacks the entity ${table}`);
    }
    expect(mismatches).toEqual([]);
  });
});
