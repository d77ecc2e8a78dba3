// What goes in is what gets docked (issue 12): over HTTP, with the real server, tokens and services. Unknown or
// misspelt fields of bodies, query strings and upload forms are a 400 that names the field (and the one that was
// meant); a number sent as a string is refused in bodies, by REST and by tRPC alike, even after the REST bridge has
// served requests; pasted SMILES text keeps every line and name; every refusal has one error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { startMoleculesHarness, uploadFiles, type MoleculesHarness } from '../../test/molecules-harness.js';
import type { Listening } from '../../test/auth-http.js';

let h: MoleculesHarness;
let api: Listening;
const token = () => h.tokens.acme.scientist;

beforeAll(async () => {
  h = await startMoleculesHarness('strict_inputs');
  api = await h.serve();
});

afterAll(async () => {
  await h?.close();
});

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  problems?: { field: string; reason: string }[];
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${token()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

const job = (params: Record<string, unknown>) => ({
  receptorId: randomUUID(),
  ligands: [{ smiles: 'CCO' }],
  bindingSite: { mode: 'box', center: { x: 15, y: 53, z: 16 }, size: { x: 20, y: 20, z: 20 } },
  params,
});

/** The one error shape: string code and message, the field, and each problem with its field and reason. */
function expectErrorShape(body: ErrorBody, field: string) {
  expect(typeof body.code).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(body.field).toBe(field);
  expect(body.problems?.[0]?.field).toBe(field);
  expect(typeof body.problems?.[0]?.reason).toBe('string');
}

describe('unknown fields', () => {
  it('a misspelt docking parameter is a 400 naming it and the parameter meant, not a default run', async () => {
    const answer = await call('POST', '/api/v1/pipelines/vina/jobs', job({ exhaustivness: 1, num_modes: 1 }));
    expect(answer.status).toBe(400);
    expectErrorShape(answer.body, 'params.exhaustivness');
    expect(answer.body.message).toContain('params.exhaustivness is not a parameter; did you mean exhaustiveness?');
    expect(answer.body.problems).toEqual([
      { field: 'params.exhaustivness', reason: 'is not a parameter; did you mean exhaustiveness?' },
      { field: 'params.num_modes', reason: 'is not a parameter; did you mean numModes?' },
    ]);
  });

  it('an unknown top-level or nested field is a 400 too', async () => {
    const extra = { ...job({}), priority: 'high' };
    const top = await call('POST', '/api/v1/pipelines/vina/jobs', extra);
    expect(top.status).toBe(400);
    expectErrorShape(top.body, 'priority');
    const nested = job({});
    (nested.bindingSite as Record<string, unknown>).padding = 4;
    const inSite = await call('POST', '/api/v1/pipelines/vina/jobs', nested);
    expect(inSite.status).toBe(400);
    expectErrorShape(inSite.body, 'bindingSite.padding');
  });

  it('unknown query parameters are a 400 naming them', async () => {
    const jobs = await call('GET', '/api/v1/jobs?engine=vina');
    expect(jobs.status).toBe(400);
    expectErrorShape(jobs.body, 'engine');
    const results = await call('GET', `/api/v1/jobs/${randomUUID()}/results?format=csv`);
    expect(results.status).toBe(400);
    expectErrorShape(results.body, 'format');
    const csv = await call('GET', `/api/v1/jobs/${randomUUID()}/results.csv?sort=affinity`);
    expect(csv.status).toBe(400);
    expectErrorShape(csv.body, 'sort');
    const logs = await call('GET', `/api/v1/jobs/${randomUUID()}/logs?ligand=1`);
    expect(logs.status).toBe(400);
    expect(logs.body.message).toBe('ligand is not a parameter; did you mean ligandId?');
    const molecules = await call('GET', '/api/v1/molecules?kinds=ligand');
    expect(molecules.status).toBe(400);
    expect(molecules.body.message).toBe('kinds is not a parameter; did you mean kind?');
    // Declared query parameters still work (numbers in query strings are read as numbers).
    expect((await call('GET', '/api/v1/molecules?kind=ligand&limit=5')).status).toBe(200);
  });

  it('and on the express routes beside the bridge (upload, artifact, ligand file, event stream), before any lookup', async () => {
    const stored = await h.db.selectFrom('molecules').select('id').execute();
    const upload = await call('POST', '/api/v1/molecules/upload?kind=ligand', { kind: 'ligand', smiles: 'CCO' });
    expect(upload.status).toBe(400);
    expectErrorShape(upload.body, 'kind');
    expect(upload.body.message).toBe('kind is not a parameter');
    expect(await h.db.selectFrom('molecules').select('id').execute()).toEqual(stored);
    // Unknown ids: without the check these are a 404 (the parameter ignored).
    const artifact = await call('GET', `/api/v1/artifacts/${randomUUID()}?download=1`);
    expect(artifact.status).toBe(400);
    expectErrorShape(artifact.body, 'download');
    const file = await call('GET', `/api/v1/jobs/${randomUUID()}/ligands/ligand-1/poses.sdf?attempt=2`);
    expect(file.status).toBe(400);
    expectErrorShape(file.body, 'attempt');
    // The event stream's one parameter, misspelt: the same reason and did-you-mean as the bridge's.
    const events = await call('GET', `/api/v1/jobs/${randomUUID()}/events?afterid=3`, undefined, {
      accept: 'text/event-stream',
    });
    expect(events.status).toBe(400);
    expectErrorShape(events.body, 'afterid');
    expect(events.body.message).toBe('afterid is not a parameter; did you mean afterId?');
    // Anonymous: still a 401 first on the routes that check access before reading the query.
    const anonymous = await fetch(`${api.url}/api/v1/artifacts/${randomUUID()}?download=1`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
  });

  it('unknown fields of an upload, JSON or multipart, are a 400', async () => {
    const json = await call('POST', '/api/v1/molecules/upload', { kind: 'ligand', smiles: 'CCO', allOrNothin: true });
    expect(json.status).toBe(400);
    expectErrorShape(json.body, 'allOrNothin');
    expect(json.body.message).toContain('did you mean allOrNothing?');
    const form = await uploadFiles(api.url, token(), 'ligand', [{ name: 'a.smi', bytes: 'CCO ethanol\n' }], {
      allornothing: 'true',
    });
    expect(form.status).toBe(400);
    expect(form.body.message).toBe('allornothing is not a parameter; did you mean allOrNothing?');
  });
});

describe('no coercion of strings in bodies', () => {
  it('"exhaustiveness": "8" is refused over REST, also after the bridge has served requests', async () => {
    for (let i = 0; i < 2; i += 1) {
      const answer = await call('POST', '/api/v1/pipelines/vina/jobs', job({ exhaustiveness: '8' }));
      expect(answer.status).toBe(400);
      expectErrorShape(answer.body, 'params.exhaustiveness');
    }
  });

  it('and over tRPC (the schemas are shared with the bridge)', async () => {
    const response = await fetch(`${api.url}/trpc/jobs.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { pipelineId: 'vina', ...job({ exhaustiveness: '8', numModes: '1' }) } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: ErrorBody & { code: string } } } };
    expect(body.error.json.data.field).toBe('params.exhaustiveness');
    expect(body.error.json.data.problems?.map((p) => p.field)).toEqual(['params.exhaustiveness', 'params.numModes']);
  });
});

describe('pasted SMILES text', () => {
  it('keeps every line and its name', async () => {
    const answer = await uploadFiles(api.url, token(), 'ligand', []).catch(() => null);
    expect(answer?.status).toBe(400);
    const response = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ligand', smiles: 'CCCCCCCOCCCCCCCO heptyl-a\nCCCCCCCOCCCCCCCOC heptyl-b' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { molecules: { name: string; canonicalSmiles: string }[] };
    expect(body.molecules.map((m) => [m.name, m.canonicalSmiles])).toEqual([
      ['heptyl-a', 'CCCCCCCOCCCCCCCO'],
      ['heptyl-b', 'CCCCCCCOCCCCCCCOC'],
    ]);
  });

  it('names an unnamed SMILES by its ordinal, and refuses an array entry of several lines', async () => {
    const single = await call('POST', '/api/v1/molecules/upload', { kind: 'ligand', smiles: 'CCCCCCCCO' });
    expect(single.status).toBe(201);
    expect((single.body as unknown as { molecules: { name: string }[] }).molecules[0]?.name).toBe('SMILES #1');
    const several = await call('POST', '/api/v1/molecules/upload', { kind: 'ligand', smiles: ['CCO a\nCCCO b'] });
    expect(several.status).toBe(400);
    expect(several.body.field).toBe('smiles.0');
  });
});

// Issue 18: the jobs list paged by cursor like every list (nextCursor, limit, total), filtered by status, pipeline,
// receptor and creation time; offset still works for scripts written before. Rows written in SQL: the list is read.
describe('the jobs list', () => {
  const receptors: string[] = [];
  const minute = (n: number) => new Date(Date.UTC(2026, 11, 1, 12, n, 0, 0));

  beforeAll(async () => {
    // Two receptors of the organisation (a filter on another organisation's receptor is a 404).
    for (const path of ['vina-1iep/1iep_receptor.pdbqt', 'dockstring/targets/CYP3A4_target.pdbqt']) {
      const bytes = readFileSync(join(sharedDataDir, path));
      const uploaded = await uploadFiles(api.url, token(), 'receptor', [{ name: basename(path), bytes }]);
      receptors.push((uploaded.body.molecules[0] as { id: string }).id);
    }
    const row = (n: number, at: Date, pipeline: string, status: string, receptor: string) => ({
      id: randomUUID(),
      pipeline,
      status: status as 'PENDING',
      receptor_id: receptor,
      binding_site: '{}',
      box: '{}',
      params: '{}',
      ligand_count: n + 1,
      created_at: at,
    });
    // Two rows created in the same microsecond: the cursor orders them by id and skips neither.
    const rows = [
      row(0, minute(0), 'vina', 'COMPLETED', receptors[0]!),
      row(1, minute(1), 'smina', 'PENDING', receptors[0]!),
      row(2, minute(2), 'vina', 'FAILED', receptors[1]!),
      row(3, minute(2), 'vina', 'PENDING', receptors[1]!),
      row(4, minute(3), 'gnina', 'COMPLETED', receptors[1]!),
    ];
    await h.db.withSchema(h.orgs.acme.resultsSchema).insertInto('jobs').values(rows).execute();
    await h.db
      .withSchema(h.orgs.other.resultsSchema)
      .insertInto('jobs')
      .values(row(5, minute(4), 'vina', 'PENDING', receptors[0]!))
      .execute();
  });

  interface JobsPage {
    jobs: { jobId: string; pipeline: string; status: string; receptorId: string; createdAt: string }[];
    nextCursor: string | null;
    total: number;
  }
  const page = async (query: string) => {
    const response = await fetch(`${api.url}/api/v1/jobs?${query}`, {
      headers: { authorization: `Bearer ${token()}` },
    });
    expect(response.status, query).toBe(200);
    return (await response.json()) as JobsPage;
  };
  const all = async (query: string) => {
    const ids: string[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    do {
      const next: JobsPage = await page(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...next.jobs.map((j) => j.jobId));
      totals.add(next.total);
      cursor = next.nextCursor;
    } while (cursor);
    return { ids, totals: [...totals] };
  };

  it('pages by cursor over every job of the organisation once, newest first, with the total on every page', async () => {
    const stored = await h.db
      .withSchema(h.orgs.acme.resultsSchema)
      .selectFrom('jobs')
      .select('id')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const paged = await all('');
    expect(paged).toEqual({ ids: stored.map((r) => r.id), totals: [stored.length] });
    // offset (deprecated) reads the same rows as the cursor's second page.
    const first = await page('limit=2');
    const second = await page(`limit=2&cursor=${first.nextCursor!}`);
    expect((await page('limit=2&offset=2')).jobs).toEqual(second.jobs);
  });

  it('filters by status, pipeline, receptor and creation time, and refuses what it cannot read', async () => {
    const vinaRows = await h.db
      .withSchema(h.orgs.acme.resultsSchema)
      .selectFrom('jobs')
      .select('id')
      .where('pipeline', '=', 'vina')
      .execute();
    const pipelines = await all('pipeline=vina');
    expect(new Set(pipelines.ids)).toEqual(new Set(vinaRows.map((r) => r.id)));
    expect(pipelines.totals).toEqual([vinaRows.length]);
    const vina = await page('pipeline=vina&limit=10');
    expect(vina.jobs.every((j) => j.pipeline === 'vina')).toBe(true);
    const onReceptor = await page(`receptorId=${receptors[1]!}&status=PENDING`);
    expect(onReceptor.jobs.map((j) => [j.receptorId, j.status])).toEqual([[receptors[1], 'PENDING']]);
    const range = await page(`createdAfter=${minute(1).toISOString()}&createdBefore=${minute(3).toISOString()}`);
    expect(range.total).toBe(3);
    expect(range.jobs.map((j) => j.createdAt).sort()).toEqual(
      [minute(1), minute(2), minute(2)].map((d) => d.toISOString()),
    );
    const both = await call('GET', `/api/v1/jobs?cursor=${(await page('limit=1')).nextCursor!}&offset=1`);
    expect(both.status).toBe(400);
    expect(both.body.field).toBe('offset');
    const junk = await call('GET', '/api/v1/jobs?cursor=not-a-cursor');
    expect(junk.status).toBe(400);
    expect(junk.body.field).toBe('cursor');
    const foreign = await call('GET', `/api/v1/jobs?receptorId=${randomUUID()}`);
    expect(foreign.status).toBe(404);
    const day = await call('GET', '/api/v1/jobs?createdAfter=yesterday');
    expect(day.status).toBe(400);
    expect(day.body.field).toBe('createdAfter');
  });
});
