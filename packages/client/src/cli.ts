// `mad`: the everyday script from a shell. login, upload, dock (--wait: a progress bar on stderr following the job's
// event stream, then the results table), wait, status, results (table, csv or json), download (results.csv, .sdf or
// .zip, filtered, streamed to a file). Exit codes: 0 done, 1 the server refused or the job did not complete, 2 a usage
// error. What a flag does not give is not sent: the server's defaults apply and the job records them.
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createMadClient, type JobStatus, type MadClient, type MoleculeKind, type Pipeline } from './client.js';
import { resolveConfig, saveConfig } from './config.js';
import { jobRequest, UsageError, type DockFlags } from './dock-request.js';
import { ligandsDone, progressLine, resultsTable, statusSummary } from './format.js';
import { ligandCounter, type DownloadFormat } from './stream.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: mad <command> [options]

  login --url URL --token TOKEN     check the token and store both in ~/.config/mad/config.json (0600)
  upload FILE... --kind receptor|ligand
                                    upload files; prints one line per molecule: id, kind, name
  dock --receptor FILE (--ligands FILE... | --smiles 'SMILES [name]'...) SITE [PARAMS] [--wait]
      SITE: --autobox-ligand FILE [--padding Å] | --center x,y,z --size x,y,z | --blind [--padding Å]
      PARAMS: --exhaustiveness N --num-modes N --energy-range KCAL --seed N --cpu-per-task N|auto
              --cnn-scoring none|rescore|refinement|all (gnina) --no-cache --idempotency-key KEY
      --name TEXT --description TEXT: what the job is called (the jobs list shows and searches it)
      --pipeline vina|smina|gnina (vina). Prints the job id; --wait shows progress on stderr and prints the results
  wait JOB                          follow the job's events with a progress bar on stderr until it is final
  status JOB [--wait]               the job's state, ligand counts and parameters
  results JOB [--format table|csv|json]
                                    every result (table: ranked by affinity; csv: the server's results.csv)
  download JOB [--format csv|sdf|zip] [--out FILE] [--poses all|top] [FILTERS]
                                    the job's results.csv (default), .sdf or .zip streamed to FILE
                                    (default job-<JOB>-results.<format>); prints bytes and ligands written
      FILTERS: those of the results list, as --name VALUE: --status SUCCEEDED --affinity-max -8
              --confidence-min 0.5 --molecular-weight-max 500 --tpsa-min 20 … (any results filter of the server)

MAD_URL and MAD_TOKEN override what mad login stored.`;

const dockOptions = {
  receptor: { type: 'string' },
  ligands: { type: 'string', multiple: true },
  smiles: { type: 'string', multiple: true },
  'autobox-ligand': { type: 'string' },
  padding: { type: 'string' },
  center: { type: 'string' },
  size: { type: 'string' },
  blind: { type: 'boolean' },
  exhaustiveness: { type: 'string' },
  'num-modes': { type: 'string' },
  'energy-range': { type: 'string' },
  seed: { type: 'string' },
  'cpu-per-task': { type: 'string' },
  'cnn-scoring': { type: 'string' },
  'no-cache': { type: 'boolean' },
  name: { type: 'string' },
  description: { type: 'string' },
  'idempotency-key': { type: 'string' },
  pipeline: { type: 'string' },
  wait: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, positionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const write = (stream: NodeJS.WritableStream, text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);

function client(io: CliIo): MadClient {
  return createMadClient(resolveConfig(io.env));
}

async function login(args: string[], io: CliIo) {
  const { values } = parse(args, { url: { type: 'string' }, token: { type: 'string' } }, false);
  if (!values.url || !values.token) throw new UsageError('needs --url URL and --token TOKEN');
  const url = values.url.replace(/\/+$/, '');
  const me = await createMadClient({ url, token: values.token }).me();
  const file = saveConfig({ url, token: values.token }, io.env);
  write(io.stdout, `signed in to ${url} as ${me.user.email} (${me.role} in ${me.org.slug}); stored in ${file}`);
}

function readFiles(paths: string[]) {
  return paths.map((path) => {
    try {
      return { name: basename(path), content: readFileSync(path) };
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  });
}

/** Uploads files of one kind; every record must be stored (a file the server refused in part is an error). */
async function uploadAll(mad: MadClient, kind: MoleculeKind, paths: string[]) {
  const answer = await mad.upload(kind, readFiles(paths));
  if (answer.errors.length > 0) {
    const reasons = answer.errors.map(
      (error) => `${error.file ?? 'input'}${error.record ? ` record ${error.record}` : ''}: ${error.reason}`,
    );
    throw new Error(`upload of ${paths.join(', ')}: ${reasons.join('; ')}`);
  }
  return answer.molecules;
}

async function upload(args: string[], io: CliIo) {
  const { values, positionals } = parse(args, { kind: { type: 'string' } }, true);
  if (values.kind !== 'receptor' && values.kind !== 'ligand')
    throw new UsageError('needs --kind receptor or --kind ligand');
  if (positionals.length === 0) throw new UsageError('needs at least one FILE');
  const molecules = await uploadAll(client(io), values.kind, positionals);
  for (const molecule of molecules)
    write(
      io.stdout,
      `${molecule.id}\t${molecule.kind}\t${molecule.name}${molecule.deduplicated ? '\t(already stored)' : ''}`,
    );
}

/**
 * Waits for the job, drawing ligands done/total on stderr (redrawn in place on a terminal, a line per change
 * otherwise): follows the job's event stream, or long-polls where the server offers none.
 */
async function waitWithProgress(mad: MadClient, jobId: string, io: CliIo): Promise<JobStatus> {
  let last = '';
  const final = await mad.followJob(jobId, {
    // The long-poll fallback: short polls so the bar moves; the server answers at once when the job is final.
    waitSeconds: 5,
    onFallback: (reason) => write(io.stderr, `(${reason}; waiting by long-poll)`),
    onStatus: (status) => {
      const line = progressLine(status);
      if (line === last) return;
      last = line;
      if (io.stderr.isTTY) io.stderr.write(`\r${line}`);
      else write(io.stderr, line);
    },
  });
  if (io.stderr.isTTY) io.stderr.write('\n');
  return final;
}

async function printResults(mad: MadClient, jobId: string, format: string, io: CliIo) {
  if (format === 'csv') {
    io.stdout.write(await mad.resultsCsv(jobId));
    return;
  }
  const ligands = [];
  // table: ranked by affinity (the server's sort); json: as the server answers each ligand.
  for await (const ligand of mad.allResults(
    jobId,
    format === 'table' ? { sort: 'affinity', limit: 500 } : { limit: 500 },
  ))
    ligands.push(ligand);
  write(io.stdout, format === 'json' ? JSON.stringify(ligands, null, 2) : resultsTable(ligands));
}

/** 0 when the job completed, 1 when it failed or was cancelled. */
function exitCodeOf(status: JobStatus) {
  return status.status === 'COMPLETED' ? 0 : 1;
}

async function dock(args: string[], io: CliIo) {
  const { values } = parse(args, dockOptions, false);
  const flags = values as DockFlags & { pipeline?: string; wait?: boolean; 'idempotency-key'?: string };
  const pipeline = (flags.pipeline ?? 'vina') as Pipeline;
  if (!['vina', 'smina', 'gnina'].includes(pipeline)) throw new UsageError('--pipeline is vina, smina or gnina');
  if (!flags.receptor) throw new UsageError('needs --receptor FILE');
  if (!flags.ligands?.length && !flags.smiles?.length) throw new UsageError('needs --ligands FILE or --smiles SMILES');
  // Check every flag before uploading anything.
  jobRequest({ receptorId: '', ligandIds: [], autoboxLigandId: flags['autobox-ligand'] ? '' : undefined }, flags);
  const mad = client(io);
  const [receptor] = await uploadAll(mad, 'receptor', [flags.receptor]);
  const ligandIds = [];
  for (const file of flags.ligands ?? []) ligandIds.push(...(await uploadAll(mad, 'ligand', [file])).map((m) => m.id));
  const autobox = flags['autobox-ligand'] ? (await uploadAll(mad, 'ligand', [flags['autobox-ligand']]))[0] : undefined;
  const request = jobRequest({ receptorId: receptor!.id, ligandIds, autoboxLigandId: autobox?.id }, flags);
  const job = await mad.createJob(pipeline, request, flags['idempotency-key']);
  for (const warning of job.warnings) write(io.stderr, `warning: ${warning}`);
  if (!flags.wait) {
    write(io.stdout, job.jobId);
    return 0;
  }
  write(io.stderr, `job ${job.jobId} (${job.status})`);
  const final = await waitWithProgress(mad, job.jobId, io);
  write(io.stdout, `job ${final.jobId}: ${final.status}`);
  if (final.error) write(io.stderr, `error: ${final.error}`);
  if (ligandsDone(final).total > 0) await printResults(mad, final.jobId, 'table', io);
  return exitCodeOf(final);
}

async function status(args: string[], io: CliIo) {
  const { values, positionals } = parse(args, { wait: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('needs one JOB id');
  const mad = client(io);
  const answer = values.wait ? await waitWithProgress(mad, positionals[0]!, io) : await mad.status(positionals[0]!);
  write(io.stdout, statusSummary(answer));
  return values.wait ? exitCodeOf(answer) : 0;
}

async function results(args: string[], io: CliIo) {
  const { values, positionals } = parse(args, { format: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('needs one JOB id');
  const format = values.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format is table, csv or json');
  await printResults(client(io), positionals[0]!, format, io);
}

async function waitCommand(args: string[], io: CliIo) {
  const { positionals } = parse(args, {}, true);
  if (positionals.length !== 1) throw new UsageError('needs one JOB id');
  const final = await waitWithProgress(client(io), positionals[0]!, io);
  write(io.stdout, `job ${final.jobId}: ${final.status}`);
  if (final.error) write(io.stderr, `error: ${final.error}`);
  return exitCodeOf(final);
}

const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ['csv', 'sdf', 'zip'];

/**
 * download's command line: its own flags, the JOB, and every other `--name VALUE` (or `--name=VALUE`) as the filter
 * `name` in camelCase (--affinity-max -8 → affinityMax=-8; a value may start with '-'). The server knows the
 * filters: one it does not is its 400 naming it, so a filter the server gains works here unchanged.
 */
export function downloadArgs(args: string[]) {
  const own = { format: 'csv', out: undefined as string | undefined, poses: undefined as string | undefined };
  const filters: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`${arg}: not a flag`);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'format' || name === 'out' || name === 'poses') own[name] = value;
    else filters[name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  if (!(DOWNLOAD_FORMATS as readonly string[]).includes(own.format))
    throw new UsageError(`--format is ${DOWNLOAD_FORMATS.join(', ')}`);
  if (own.poses !== undefined && own.format !== 'sdf') throw new UsageError('--poses is for --format sdf');
  if (positionals.length !== 1) throw new UsageError('needs one JOB id');
  return { jobId: positionals[0]!, format: own.format as DownloadFormat, out: own.out, poses: own.poses, filters };
}

/** Streams the export to a file chunk by chunk (bounded memory), counting bytes and ligands as they pass. */
async function download(args: string[], io: CliIo) {
  const { jobId, format, out, poses, filters } = downloadArgs(args);
  const mad = client(io);
  const query = { ...filters, ...(poses ? { poses } : {}) };
  const response = await mad.exportFile(jobId, format, query);
  const file = out ?? `job-${jobId}-results.${format}`;
  const sink = createWriteStream(file);
  const counter = ligandCounter(format);
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      counter.push(chunk);
      if (!sink.write(chunk)) await once(sink, 'drain');
    }
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    // The server cut the stream (or the disk is full): no half file left behind as if it were the export.
    sink.destroy();
    rmSync(file, { force: true });
    throw error;
  }
  // A zip is not read here: its ligands are the filtered list's total (the ligands whose files it holds).
  const ligands = counter.count() ?? (await mad.results(jobId, { ...filters, limit: 1 })).total;
  write(io.stdout, `wrote ${bytes} bytes, ${ligands} ligand${ligands === 1 ? '' : 's'} to ${file}`);
}

const commands: Record<string, (args: string[], io: CliIo) => Promise<number | void>> = {
  wait: waitCommand,
  download,
  login,
  upload,
  dock,
  status,
  results,
};

/** The error and its causes (fetch's "fetch failed" says why only in its cause: connect ECONNREFUSED …). */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error && messages.length < 4; cause = cause.cause)
    messages.push(cause.message || (cause as NodeJS.ErrnoException).code || cause.name);
  return messages.join(': ');
}

/** Runs one `mad` command line; answers the exit code (errors are printed on stderr, never thrown). */
export async function run(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    write(command ? io.stdout : io.stderr, USAGE);
    return command ? 0 : 2;
  }
  const handler = commands[command];
  if (!handler) {
    write(io.stderr, `mad: unknown command ${command}\n\n${USAGE}`);
    return 2;
  }
  try {
    return (await handler(args, io)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      write(io.stderr, `mad ${command}: ${error.message}`);
      return 2;
    }
    write(io.stderr, `mad ${command}: ${describe(error)}`);
    return 1;
  }
}
