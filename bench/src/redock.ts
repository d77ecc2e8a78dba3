// Benchmark 5, redocking: every complex of ../shared/data/redock docked back into its receptor, the ligand from its
// SMILES and from the crystal SDF, (a) through the platform as a script would (REST: receptor PDB and ligand SDF
// uploaded, one job per complex, poses downloaded), or (b) through dockBatch in this process (the agent's code
// without NATS/S3, for experiments), and (c) with `vina` directly on an Open Babel preparation (the reference).
// Per complex: top-pose RMSD to the crystal ligand (heavy atoms, symmetry-aware, no realignment), the rank of the
// first pose within 2 Å, affinities, time, which prepared variant won; then the success rates.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dockBatch, type LigandOutcome } from '@mad/dock-agent';
import { restClient } from './api.js';
import type { Benchmark, BenchContext } from './context.js';
import type { VinaParams } from './direct.js';
import { JOB_ROUTES, uploadReceptor, waitForJobs } from './platform.js';
import { firstRankWithin, poseRmsds, redockCases, SUCCESS_ANGSTROM, type RedockCase } from './redock-cases.js';
import type { Measurement, SectionResult } from './report.js';
import { MissingPieceError, startStack } from './stack.js';
import { missingRoutes } from './api.js';

const run = promisify(execFile);
const NAME = 'redock';

export type RedockRoute = 'platform' | 'agent' | 'direct';
export type RedockInput = 'smiles' | 'crystal';

export interface RedockRow {
  case: string;
  route: RedockRoute;
  input: RedockInput;
  topAffinityKcalMol: number | null;
  topRmsd: number | null;
  /** 1-based rank of the first pose within 2 Å (null: none). */
  firstRankWithin2: number | null;
  poses: number;
  wallSeconds: number;
  /** Engine seconds of the real runs (cache hits count with the time of the run that filled the cache). */
  engineSeconds: number | null;
  cachedEngineRuns: number;
  notes: string[];
  error?: string;
}

export interface RedockOptions {
  cases: RedockCase[];
  routes: RedockRoute[];
  params: VinaParams;
  outDir: string;
  /** bench/bin/vina-cached.mjs's cache (VINA_CACHE_DIR); null: the real vina every time. */
  vinaCache: string | null;
  /** The agent route's preparation options (experiments: strategy, numConformers, ...). */
  preparation?: Record<string, unknown>;
}

/** Success counts per route and input: top pose within 2 Å. */
export function successCounts(rows: readonly RedockRow[]): Map<string, { within: number; total: number }> {
  const counts = new Map<string, { within: number; total: number }>();
  for (const row of rows) {
    const key = `${row.route} ${row.input}`;
    const count = counts.get(key) ?? { within: 0, total: 0 };
    count.total += 1;
    if (row.topRmsd !== null && row.topRmsd < SUCCESS_ANGSTROM) count.within += 1;
    counts.set(key, count);
  }
  return counts;
}

const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

/** One Markdown row per case: RMSD / affinity / rank for each (route, input) column. */
export function redockTable(rows: readonly RedockRow[]): string {
  const columns = [...new Set(rows.map((r) => `${r.route} ${r.input}`))];
  const cases = [...new Set(rows.map((r) => r.case))];
  const cell = (row: RedockRow | undefined) => {
    if (!row) return '';
    if (row.error) return `error: ${row.error.slice(0, 60)}`;
    const ok = row.topRmsd !== null && row.topRmsd < SUCCESS_ANGSTROM;
    const rmsd = `${fixed(row.topRmsd, 2)} Å`;
    return `${ok ? rmsd : `**${rmsd}**`} (${fixed(row.topAffinityKcalMol, 2)}; rank ${row.firstRankWithin2 ?? '—'}; ${row.wallSeconds.toFixed(0)} s)`;
  };
  const lines = [
    `| complex | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...cases.map(
      (name) =>
        `| ${name} | ${columns.map((column) => cell(rows.find((r) => r.case === name && `${r.route} ${r.input}` === column))).join(' | ')} |`,
    ),
  ];
  const counts = successCounts(rows);
  lines.push(
    `| within ${SUCCESS_ANGSTROM} Å | ${columns.map((column) => `${counts.get(column)?.within ?? 0} of ${counts.get(column)?.total ?? 0}`).join(' | ')} |`,
  );
  return lines.join('\n');
}

// ── engine time from the vina cache's call log ───────────────────────────────────────────────────────────────────

interface CacheCall {
  hit: boolean;
  wallSeconds: number;
  out: string;
}

async function cacheCalls(cacheDir: string | null): Promise<CacheCall[]> {
  if (!cacheDir) return [];
  const text = await readFile(join(cacheDir, 'calls.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CacheCall);
}

/** Engine seconds and cache hits of the vina runs that wrote under `dir` since the log had `from` lines. */
async function engineTime(cacheDir: string | null, from: number, dir: string) {
  const calls = (await cacheCalls(cacheDir)).slice(from).filter((call) => call.out.startsWith(dir));
  if (!cacheDir) return { engineSeconds: null, cachedEngineRuns: 0 };
  return {
    engineSeconds: calls.reduce((sum, call) => sum + call.wallSeconds, 0),
    cachedEngineRuns: calls.filter((call) => call.hit).length,
  };
}

/** A directory holding `vina` -> the caching wrapper, to put first on an agent's PATH. */
async function cachedVinaDir(context: BenchContext, cacheDir: string): Promise<string> {
  const dir = join(cacheDir, 'bin');
  await mkdir(dir, { recursive: true });
  const link = join(dir, 'vina');
  if (!existsSync(link)) await symlink(join(context.repoRoot, 'bench/bin/vina-cached.mjs'), link);
  return dir;
}

// ── (c) direct vina on an Open Babel preparation ─────────────────────────────────────────────────────────────────

const hasHydrogens = (text: string, isPdb: boolean) =>
  isPdb
    ? text.split('\n').some((l) => /^(ATOM|HETATM)/.test(l) && /^\s*[HD]\s*$/.test(l.slice(76, 78)))
    : /^\s+-?\d+\.\d+\s+-?\d+\.\d+\s+-?\d+\.\d+\s+H\s/m.test(text);

/** The reference: receptor and crystal ligand through Open Babel alone (pH 7.4 hydrogens where the file has none). */
async function directRun(c: RedockCase, options: RedockOptions, vina: string): Promise<RedockRow> {
  const dir = join(options.outDir, 'direct', c.name);
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const pdb = await readFile(c.receptorPdb, 'utf8');
  // As the platform: waters and alternate locations other than A dropped (the redock files have no waters).
  const clean = pdb
    .split('\n')
    .filter((line) => !/^(ATOM|HETATM)/.test(line) || line[16] === ' ' || line[16] === 'A' || line[16] === undefined)
    .join('\n');
  await writeFile(join(dir, 'receptor_clean.pdb'), clean);
  const receptor = join(dir, 'receptor.pdbqt');
  const ligand = join(dir, 'ligand.pdbqt');
  const receptorH = hasHydrogens(clean, true) ? [] : ['-p', '7.4'];
  await run('obabel', ['-ipdb', join(dir, 'receptor_clean.pdb'), '-xr', ...receptorH, '-opdbqt', '-O', receptor]);
  const ligandH = hasHydrogens(await readFile(c.ligandSdf, 'utf8'), false) ? [] : ['-p', '7.4'];
  await run('obabel', ['-isdf', c.ligandSdf, ...ligandH, '-opdbqt', '-O', ligand, '--partialcharge', 'gasteiger']);
  const out = join(dir, 'poses.pdbqt');
  const { center, size } = c.box;
  const from = (await cacheCalls(options.vinaCache)).length;
  await run(
    vina,
    [
      ...['--receptor', receptor, '--ligand', ligand],
      ...['--center_x', center.x, '--center_y', center.y, '--center_z', center.z].map(String),
      ...['--size_x', size.x, '--size_y', size.y, '--size_z', size.z].map(String),
      ...['--exhaustiveness', options.params.exhaustiveness, '--num_modes', options.params.numModes].map(String),
      ...['--energy_range', options.params.energyRange, '--seed', options.params.seed, '--cpu', 2].map(String),
      ...['--out', out],
    ],
    { maxBuffer: 10 * 1024 * 1024, env: { ...process.env, VINA_CACHE_DIR: options.vinaCache ?? '' } },
  );
  const text = await readFile(out, 'utf8');
  const affinities = [...text.matchAll(/^REMARK VINA RESULT:\s+(\S+)/gm)].map((m) => Number(m[1]));
  const rmsds = await poseRmsds(c.ligandSdf, out);
  return {
    case: c.name,
    route: 'direct',
    input: 'crystal',
    topAffinityKcalMol: affinities[0] ?? null,
    topRmsd: rmsds[0] ?? null,
    firstRankWithin2: firstRankWithin(rmsds),
    poses: affinities.length,
    wallSeconds: (performance.now() - started) / 1000,
    ...(await engineTime(options.vinaCache, from, dir)),
    notes: [`obabel receptor ${receptorH.length ? '-p 7.4' : '(hydrogens kept)'}, ligand ${ligandH.join(' ')}`],
  };
}

// ── (b) dockBatch in this process ────────────────────────────────────────────────────────────────────────────────

async function outcomeRow(
  c: RedockCase,
  route: RedockRoute,
  input: RedockInput,
  outcome: LigandOutcome | undefined,
  seconds: number,
  engine: { engineSeconds: number | null; cachedEngineRuns: number },
): Promise<RedockRow> {
  const empty = { topAffinityKcalMol: null, topRmsd: null, firstRankWithin2: null, poses: 0 };
  if (!outcome || outcome.status !== 'succeeded')
    return {
      case: c.name,
      route,
      input,
      ...empty,
      wallSeconds: seconds,
      ...engine,
      notes: [],
      error: outcome && outcome.status === 'failed' ? `${outcome.stage}: ${outcome.reason}` : 'no outcome',
    };
  const rmsds = await poseRmsds(c.ligandSdf, outcome.posesSdfPath);
  return {
    case: c.name,
    route,
    input,
    topAffinityKcalMol: outcome.poses[0]?.affinityKcalMol ?? null,
    topRmsd: rmsds[0] ?? null,
    firstRankWithin2: firstRankWithin(rmsds),
    poses: outcome.poses.length,
    wallSeconds: seconds,
    ...engine,
    notes: outcome.notes,
  };
}

async function agentRun(c: RedockCase, options: RedockOptions, vina: string): Promise<RedockRow[]> {
  const workDir = join(options.outDir, 'agent', c.name);
  await mkdir(workDir, { recursive: true });
  const from = (await cacheCalls(options.vinaCache)).length;
  const started = new Map<string, number>();
  const finished = new Map<string, number>();
  process.env.VINA_CACHE_DIR = options.vinaCache ?? '';
  const output = await dockBatch({
    engine: 'vina',
    receptor: { path: c.receptorPdb, format: 'pdb' },
    ligands: [
      { ligandId: 'smiles', name: c.name, source: { kind: 'smiles', smiles: c.smiles } },
      { ligandId: 'crystal', name: c.name, source: { kind: 'file', path: c.ligandSdf, format: 'sdf' } },
    ],
    box: c.box,
    params: { ...options.params, cpu: 0 },
    workDir,
    timeoutMs: 6 * 3_600_000,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (!event.ligandId) return;
      if (event.stage === 'preparing') started.set(event.ligandId, performance.now());
      if (event.stage === 'ligand_done') finished.set(event.ligandId, performance.now());
    },
    ...(options.preparation ? { preparation: options.preparation } : {}),
    tools: { vina },
  });
  return Promise.all(
    (['smiles', 'crystal'] as const).map(async (input, index) =>
      outcomeRow(
        c,
        'agent',
        input,
        output.outcomes[index],
        ((finished.get(input) ?? performance.now()) - (started.get(input) ?? performance.now())) / 1000,
        await engineTime(options.vinaCache, from, join(workDir, 'ligands', input)),
      ),
    ),
  );
}

// ── (a) through the platform (REST) ──────────────────────────────────────────────────────────────────────────────

interface LigandResultsAnswer {
  ligands: {
    ligandId: string;
    name: string;
    status: string;
    bestAffinityKcalMol: number | null;
    poses?: { affinityKcalMol: number }[];
    notes?: string[] | null;
    error?: { stage: string | null; reason: string } | null;
    files?: { posesSdf?: string | null };
  }[];
}

async function platformRuns(context: BenchContext, options: RedockOptions): Promise<RedockRow[]> {
  const binDir = options.vinaCache ? await cachedVinaDir(context, options.vinaCache) : null;
  const stack = await startStack({
    repoRoot: context.repoRoot,
    agents: 1,
    env: {
      AGENT_SLOTS: '2',
      ...(binDir ? { PATH: `${binDir}:${process.env.PATH ?? ''}`, VINA_CACHE_DIR: options.vinaCache ?? '' } : {}),
    },
  });
  const rows: RedockRow[] = [];
  try {
    const missing = await missingRoutes(stack.baseUrl, JOB_ROUTES);
    if (missing.length) throw new MissingPieceError(`the server has no ${missing.join(', ')}`);
    if (!stack.token) throw new MissingPieceError('no API token: apps/server/dist/cli.js bootstrap does not exist');
    const api = restClient(stack.baseUrl, stack.token);
    for (const c of options.cases) {
      const dir = join(options.outDir, 'platform', c.name);
      await mkdir(dir, { recursive: true });
      const receptorId = await uploadReceptor(api, c.receptorPdb);
      const ligandId = await uploadLigand(api, c.ligandSdf);
      const from = (await cacheCalls(options.vinaCache)).length;
      const started = performance.now();
      const created = await api.post<{ jobId: string }>('/v1/pipelines/vina/jobs', {
        receptorId,
        ligandIds: [ligandId],
        ligands: [{ smiles: c.smiles, name: `${c.name} (SMILES)` }],
        bindingSite: { mode: 'box', center: c.box.center, size: c.box.size },
        params: {
          exhaustiveness: options.params.exhaustiveness,
          numModes: options.params.numModes,
          energyRange: options.params.energyRange,
          seed: options.params.seed,
        },
      });
      await waitForJobs(api, [created.jobId], 6 * 3_600_000, 2_000);
      const seconds = (performance.now() - started) / 1000;
      const results = await api.get<LigandResultsAnswer>(`/v1/jobs/${created.jobId}/results?limit=10`);
      const engine = await engineTime(options.vinaCache, from, '/');
      for (const ligand of results.ligands) {
        const input: RedockInput = ligand.name.endsWith('(SMILES)') ? 'smiles' : 'crystal';
        const row: RedockRow = {
          case: c.name,
          route: 'platform',
          input,
          topAffinityKcalMol: ligand.bestAffinityKcalMol,
          topRmsd: null,
          firstRankWithin2: null,
          poses: ligand.poses?.length ?? 0,
          wallSeconds: seconds,
          ...engine,
          notes: ligand.notes ?? [],
        };
        const link = ligand.files?.posesSdf;
        if (ligand.status !== 'SUCCEEDED' || !link)
          row.error = ligand.error ? `${ligand.error.stage ?? ''}: ${ligand.error.reason}` : `status ${ligand.status}`;
        else {
          const response = await fetch(`${stack.baseUrl}${link}`, {
            headers: { authorization: `Bearer ${stack.token}` },
          });
          if (!response.ok) throw new Error(`GET ${link}: ${response.status}`);
          const posesPath = join(dir, `${input}_poses.sdf`);
          await writeFile(posesPath, Buffer.from(await response.arrayBuffer()));
          const rmsds = await poseRmsds(c.ligandSdf, posesPath);
          row.topRmsd = rmsds[0] ?? null;
          row.firstRankWithin2 = firstRankWithin(rmsds);
        }
        rows.push(row);
      }
      context.log(`redock: platform ${c.name} ${rows.slice(-2).map(rowSummary).join(', ')}`);
    }
  } finally {
    await stack.stop();
  }
  return rows;
}

async function uploadLigand(api: ReturnType<typeof restClient>, path: string): Promise<string> {
  const answer = await api.upload<{ molecules: { id: string }[] }>(
    '/v1/molecules/upload',
    { field: 'file', name: 'ligand.sdf', content: new Uint8Array(await readFile(path)) },
    { kind: 'ligand' },
  );
  const id = answer.molecules[0]?.id;
  if (!id) throw new Error(`molecules upload of ${path} answered no id`);
  return id;
}

const rowSummary = (row: RedockRow) =>
  `${row.input} ${row.error ? `error ${row.error}` : `${fixed(row.topRmsd, 2)} Å ${fixed(row.topAffinityKcalMol, 2)}`}`;

// ── the section ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function redockRows(context: BenchContext, options: RedockOptions): Promise<RedockRow[]> {
  const vina = options.vinaCache ? join(context.repoRoot, 'bench/bin/vina-cached.mjs') : 'vina';
  if (options.vinaCache) await mkdir(options.vinaCache, { recursive: true });
  const rows: RedockRow[] = [];
  const save = () => writeFile(join(options.outDir, 'rows.json'), `${JSON.stringify(rows, null, 1)}\n`);
  await mkdir(options.outDir, { recursive: true });
  for (const route of options.routes) {
    if (route === 'platform') {
      rows.push(...(await platformRuns(context, options)));
      await save();
      continue;
    }
    for (const c of options.cases) {
      const done = route === 'direct' ? [await directRun(c, options, vina)] : await agentRun(c, options, vina);
      rows.push(...done);
      await save();
      context.log(`redock: ${route} ${c.name} ${done.map(rowSummary).join(', ')}`);
    }
  }
  await writeFile(join(options.outDir, 'table.md'), `${redockTable(rows)}\n`);
  return rows;
}

export const redock: Benchmark = async (context) => {
  const { sizes } = context;
  const cases = redockCases(context.sharedDataDir, sizes.redockCases);
  const params: VinaParams = {
    exhaustiveness: sizes.redockExhaustiveness,
    numModes: 9,
    energyRange: 3,
    seed: sizes.redockSeed,
  };
  const options: RedockOptions = {
    cases,
    routes: sizes.redockRoutes,
    params,
    outDir: sizes.redockDir,
    vinaCache: sizes.vinaCache,
    ...(sizes.redockPreparation ? { preparation: sizes.redockPreparation } : {}),
  };
  const parameters = {
    cases: cases.map((c) => c.name).join(' '),
    routes: options.routes.join(','),
    ...params,
    outDir: options.outDir,
    vinaCache: options.vinaCache ?? 'none',
    ...(options.preparation ? { preparation: JSON.stringify(options.preparation) } : {}),
  };
  let rows: RedockRow[];
  try {
    rows = await redockRows(context, options);
  } catch (error) {
    if (error instanceof MissingPieceError)
      return { ...emptySection(parameters), status: 'skipped', reason: error.message };
    throw error;
  }
  const counts = successCounts(rows);
  const measurements: Measurement[] = [...counts].map(([key, count]) => ({
    metric: `${key}: top pose within ${SUCCESS_ANGSTROM} Å`,
    value: count.within,
    unit: `of ${count.total}`,
    ...(key.endsWith('smiles') && count.total === 15 ? { target: { op: '>=' as const, value: 13 } } : {}),
    ...(key.endsWith('crystal') && !key.startsWith('direct') && count.total === 15
      ? { target: { op: '>=' as const, value: 14 } }
      : {}),
  }));
  const engineSeconds = rows.reduce((sum, r) => sum + (r.engineSeconds ?? 0), 0);
  measurements.push({ metric: 'engine time (all runs)', value: engineSeconds, unit: 's', note: 'vina wall seconds' });
  const result: SectionResult = {
    name: NAME,
    status: rows.some((r) => r.error) ? 'failed' : 'ran',
    parameters,
    measurements,
    notes: [`table (${join(options.outDir, 'table.md')}):`, ...redockTable(rows).split('\n')],
  };
  if (result.status === 'failed')
    result.reason = rows
      .filter((r) => r.error)
      .map((r) => `${r.case} ${r.input}: ${r.error}`)
      .join('; ');
  return result;
};

function emptySection(parameters: Record<string, unknown>): SectionResult {
  return { name: NAME, status: 'ran', parameters, measurements: [], notes: [] };
}
