// What is stored, as one digest per table: the row count and an MD5 over the sorted MD5s of every row (its jsonb text,
// keys in jsonb's canonical order, the excluded columns left out), for every table of the public schema and of every
// organisation's results schema (org_*; a partitioned table read through its parent). The whole-surface fuzzer
// compares it before and after each request it sends (issue 12: "nothing stored changes on a refused request"), so it
// has to be fast: one round trip, a select of one scalar subquery per table (and of the tables' names, so a table
// created or dropped is seen), prepared on a connection of its own: about 2 ms for the 47 tables of two
// organisations on a quiet machine; unprepared, the same select plans for 10-70 ms, and a union of per-table selects
// took 55-145 ms.
import pg from 'pg';

/** Columns left out of the digest, per schema.table (each with the reason, for whoever reads the failure). */
export type ExcludedColumns = Record<string, { columns: string[]; reason: string }>;

export interface TableDigest {
  rows: number;
  /** MD5 over the sorted MD5s of the rows ('' for no rows). */
  md5: string;
}

/** schema.table -> its digest (a table created or dropped since shows as one more or one less key). */
export type Digests = Record<string, TableDigest>;

export interface TableDigester {
  /** The digest of every table, read on this digester's connection (inside its transaction, if one is open). */
  digest(): Promise<Digests>;
  /** The digester's own connection: a test of the digest changes rows inside a transaction on it, then rolls back. */
  client: pg.Client;
  close(): Promise<void>;
}

const TABLES = `
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition
    and (n.nspname = 'public' or n.nspname like 'org\\_%')`;
const CATALOGUE = `select n.nspname || '.' || c.relname as name, n.nspname as schema, c.relname as table ${TABLES} order by 1`;
/** The tables' names, in the digest's own select: a table created or dropped since it was prepared shows in it. */
const CATALOGUE_KEY = `(select string_agg(n.nspname || '.' || c.relname, ',' order by n.nspname || '.' || c.relname) ${TABLES}) as catalogue`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function digestQuery(tables: { name: string; schema: string; table: string }[], exclude: ExcludedColumns): string {
  const columns = tables.map(({ name, schema, table }, i) => {
    const excluded = exclude[name]?.columns ?? [];
    const row = excluded.length
      ? `(to_jsonb(t) - array[${excluded.map(literal).join(', ')}]::text[])::text`
      : 'to_jsonb(t)::text';
    return (
      `(select jsonb_build_array(count(*), coalesce(md5(string_agg(h, '' order by h)), '')) ` +
      `from (select md5(${row}) as h from ${quote(schema)}.${quote(table)} t) s) as t${i}`
    );
  });
  return `select ${CATALOGUE_KEY},\n${columns.join(',\n')}`;
}

/** A digester on a connection of its own to `connectionString`, `exclude` left out of every row. */
export async function tableDigester(connectionString: string, exclude: ExcludedColumns = {}): Promise<TableDigester> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let prepared: { catalogue: string; name: string; text: string; tables: string[] } | null = null;
  let statements = 0;
  return {
    client,
    async digest() {
      for (let attempt = 0; ; attempt += 1) {
        if (prepared) {
          const statement = { name: prepared.name, text: prepared.text };
          // A table dropped since it was prepared fails the statement: prepared again (once) from the catalogue.
          const rows = await client.query<{ catalogue: string } & Record<string, [number, string]>>(statement).then(
            (r) => r.rows,
            (error: unknown) => (attempt > 0 ? Promise.reject(error) : []),
          );
          const row = rows[0];
          if (row && row.catalogue === prepared.catalogue)
            return Object.fromEntries(
              prepared.tables.map((table, i) => {
                const [count = 0, md5 = ''] = row[`t${i}`] ?? [];
                return [table, { rows: Number(count), md5 }];
              }),
            );
          if (attempt > 1) throw new Error(`the tables changed while they were digested: ${row?.catalogue}`);
        }
        // First, or a table created or dropped since: a statement of its own (a prepared statement's columns are
        // fixed), then read again.
        const { rows: tables } = await client.query<{ name: string; schema: string; table: string }>(CATALOGUE);
        statements += 1;
        prepared = {
          catalogue: tables.map((t) => t.name).join(','),
          name: `table-digest-${statements}`,
          text: digestQuery(tables, exclude),
          tables: tables.map((t) => t.name),
        };
      }
    },
    close: () => client.end(),
  };
}

/** What differs between two digests, one line per table ("public.jobs_meta rows 3 -> 4", "... (3 rows) changed"). */
export function digestChanges(before: Digests, after: Digests): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: string[] = [];
  for (const name of names) {
    const a = before[name];
    const b = after[name];
    if (!a) changes.push(`${name} created`);
    else if (!b) changes.push(`${name} dropped`);
    else if (a.rows !== b.rows) changes.push(`${name} rows ${a.rows} -> ${b.rows}`);
    else if (a.md5 !== b.md5) changes.push(`${name} (${a.rows} rows) changed`);
  }
  return changes;
}
