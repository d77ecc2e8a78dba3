// pgBackRest with WAL archiving and point-in-time recovery, against a real Postgres cluster this test starts (initdb
// on a free port in a temporary folder), with infra/pgbackrest/pgbackrest.conf and postgresql.archive.conf (only the
// paths and the port overridden): stanza-create, check, a full backup, writes, a recorded moment, more writes (and a
// dropped table), then a restore to that moment into a new folder: the rows of before are there, the later ones not.
// The times of the backup and of the restore are printed for DEPLOYMENT_PLAN_CLOUD.md.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@mad/test-utils';
import { repoRoot } from './paths.js';

const asRoot = process.getuid?.() === 0;
const bin = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], {
  encoding: 'utf8',
}).stdout.trim();
const root = mkdtempSync(join(tmpdir(), 'mad-pgbackrest-'));
const paths = {
  data: join(root, 'data'),
  restored: join(root, 'restored'),
  repo: join(root, 'repo'),
  log: join(root, 'log'),
  spool: join(root, 'spool'),
  lock: join(root, 'lock'),
  config: join(root, 'pgbackrest.conf'),
};
let port: number;

/** Runs a command as the postgres user when root (Postgres and pgBackRest refuse to run as root). */
function run(command: string, args: string[]) {
  const [cmd, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
  const result = spawnSync(cmd, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** infra's configuration with this test's folders and port (the rest exactly as shipped). */
function testConfig(pgPath: string): string {
  return readFileSync(join(repoRoot, 'infra/pgbackrest/pgbackrest.conf'), 'utf8')
    .replace(/^repo1-path=.*$/m, `repo1-path=${paths.repo}`)
    .replace(/^spool-path=.*$/m, `spool-path=${paths.spool}`)
    .replace(/^log-path=.*$/m, `log-path=${paths.log}`)
    .replace(/^lock-path=.*$/m, `lock-path=${paths.lock}`)
    .replace(/^pg1-path=.*$/m, `pg1-path=${pgPath}`)
    .replace(/^pg1-port=.*$/m, `pg1-port=${port}`)
    .replace(/^pg1-socket-path=.*$/m, `pg1-socket-path=${pgPath}`);
}

const pgbackrest = (...args: string[]) => run('pgbackrest', [`--config=${paths.config}`, '--stanza=mad', ...args]);
const psql = (sql: string, dataDir = paths.data) =>
  run(join(bin, 'psql'), [
    '-h',
    dataDir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-tAc',
    sql,
  ]).trim();
const pgCtl = (dataDir: string, action: 'start' | 'stop') => {
  try {
    return pgCtlRun(dataDir, action);
  } catch (error) {
    // The server's own log says why it did not start (a recovery target it could not reach, a setting, …).
    const log = join(paths.log, `postgres-${action}.log`);
    throw new Error(`${String(error)}\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : ''}`, {
      cause: error,
    });
  }
};
const pgCtlRun = (dataDir: string, action: 'start' | 'stop') =>
  run(join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    join(paths.log, `postgres-${action}.log`),
    '-w',
    '-t',
    '120',
    ...(action === 'start' ? ['-o', `-p ${port} -k ${dataDir} -c listen_addresses=''`] : ['-m', 'fast']),
    action,
  ]);

beforeAll(async () => {
  port = await freePort();
  chmodSync(root, 0o755);
  for (const dir of [paths.repo, paths.log, paths.spool, paths.lock]) mkdirSync(dir, { mode: 0o750 });
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', root]);
  run(join(bin, 'initdb'), ['-D', paths.data, '-U', 'postgres', '--auth=trust', '--no-instructions']);
  writeFileSync(paths.config, testConfig(paths.data));
  if (asRoot) spawnSync('chown', ['postgres:postgres', paths.config]);
  const archive = readFileSync(join(repoRoot, 'infra/pgbackrest/postgresql.archive.conf'), 'utf8').replace(
    "archive_command = 'pgbackrest --stanza=mad archive-push %p'",
    `archive_command = 'pgbackrest --config=${paths.config} --stanza=mad archive-push %p'`,
  );
  writeFileSync(
    join(paths.data, 'postgresql.conf'),
    `${readFileSync(join(paths.data, 'postgresql.conf'), 'utf8')}\n${archive}`,
  );
  pgCtl(paths.data, 'start');
}, 120_000);

afterAll(() => {
  for (const dir of [paths.restored, paths.data]) {
    try {
      pgCtl(dir, 'stop');
    } catch {
      // not running
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe('pgBackRest: WAL archiving and point-in-time recovery', () => {
  let target = '';

  it('creates the stanza, checks archiving and takes a full backup', () => {
    pgbackrest('stanza-create');
    pgbackrest('check');
    psql('create table results (id int primary key, note text)');
    psql("insert into results select g, 'before the backup' from generate_series(1, 1000) g");
    const started = Date.now();
    pgbackrest('--type=full', 'backup');
    console.log(`pgbackrest full backup of a fresh cluster: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const info = JSON.parse(pgbackrest('--output=json', 'info')) as [{ backup: { type: string }[] }];
    expect(info[0].backup.map((b) => b.type)).toEqual(['full']);
  });

  it('restores to a moment between two sets of writes: the rows of before are there, the later ones are not', async () => {
    psql("insert into results select g, 'after the backup' from generate_series(1001, 1500) g");
    await new Promise((r) => setTimeout(r, 1_100));
    target = psql('select now()::text');
    await new Promise((r) => setTimeout(r, 1_100));
    psql("insert into results select g, 'too late' from generate_series(1501, 2000) g");
    psql('create table mistake (x int)');
    psql('drop table results');
    psql('select pg_switch_wal()');
    // The WAL holding the moment must be in the repository before the restore can reach it.
    pgbackrest('check');
    pgCtl(paths.data, 'stop');

    mkdirSync(paths.restored, { mode: 0o700 });
    if (asRoot) spawnSync('chown', ['postgres:postgres', paths.restored]);
    const started = Date.now();
    pgbackrest(
      `--pg1-path=${paths.restored}`,
      '--type=time',
      `--target=${target}`,
      '--target-action=promote',
      'restore',
    );
    // The backup copied the original's socket lock file (its socket directory is its data folder): stale here.
    for (const entry of readdirSync(paths.restored))
      if (entry.startsWith('.s.PGSQL.')) rmSync(join(paths.restored, entry), { force: true });
    pgCtl(paths.restored, 'start');
    for (let i = 0; i < 120 && psql('select pg_is_in_recovery()', paths.restored) === 't'; i++)
      await new Promise((r) => setTimeout(r, 500));
    console.log(`pgbackrest point-in-time restore and recovery: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(psql('select pg_is_in_recovery()', paths.restored)).toBe('f');
    expect(psql('select count(*) from results', paths.restored)).toBe('1500');
    expect(psql("select count(*) from results where note = 'too late'", paths.restored)).toBe('0');
    expect(psql("select count(*) from pg_tables where tablename = 'mistake'", paths.restored)).toBe('0');
  });
});
