// The pushed feeds the dashboard lives on, over real SSE (tRPC httpSubscription wire format), with real Postgres,
// nats-server, s3rver, the worker, in-process agents and vina: agents.onChanges follows agents joining and leaving,
// jobs.onListChanges follows every job of the organisation, jobs.onEvents sends the latest `tail` events on a first
// connect and resumes after lastEventId, and jobs.events pages backwards with beforeId. Last, the REST contract's
// coverage: every operation of the served OpenAPI document answered a success this file checked against it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { RESULTS_CSV_COLUMNS } from '@mad/domain';
import {
  startJobsStack,
  waitForStatus,
  isFinal,
  jobEvents,
  type JobsStack,
  type StatusBody,
} from '../../test/stack.js';
import { memberWithToken } from '../../test/auth-http.js';
import { contractCoverage } from '../../test/contract-record.js';
import { servedOpenApiDocument } from '../openapi.js';

let stack: JobsStack;
let cyp3a4: string;
const CYP3A4_BOX = { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 30, y: 30, z: 30 } };

beforeAll(async () => {
  // Private networks allowed: the coverage test's webhook sends its test delivery to a receiver on 127.0.0.1.
  const webhooks = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1', ...webhooks }, { serverOverrides: webhooks });
  cyp3a4 = await stack.addMolecule('receptor', join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'), 'pdbqt');
});

afterAll(async () => {
  await stack?.close();
});

interface Frame {
  id?: string;
  event?: string;
  data: unknown;
}

/** An SSE subscription's data frames (pings and control frames skipped), as they arrive. */
async function* frames(response: Response): AsyncGenerator<Frame> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Partial<Frame> & { lines: string[] } = { lines: [] };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const text = rest.join(':').replace(/^ /, '');
        if (field === 'id') frame.id = text;
        else if (field === 'event') frame.event = text;
        else if (field === 'data') frame.lines.push(text);
      }
      if (frame.event === 'serialized-error') throw new Error(`subscription error: ${frame.lines.join('\n')}`);
      if (frame.event || frame.lines.length === 0) continue;
      yield { id: frame.id, data: (JSON.parse(frame.lines.join('\n')) as { json: unknown }).json };
    }
  }
}

function subscribe(path: string, input: unknown, signal: AbortSignal) {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return stack.api(`/trpc/${path}${query}`, { headers: { accept: 'text/event-stream' }, signal });
}

/** Reads frames until one satisfies `accept`; returns every frame read. */
async function until<T>(stream: AsyncGenerator<Frame>, accept: (data: T) => boolean): Promise<T[]> {
  const seen: T[] = [];
  // next() rather than for-await: leaving a for-await loop would close the stream for the next call.
  for (let frame = await stream.next(); !frame.done; frame = await stream.next()) {
    seen.push(frame.value.data as T);
    if (accept(frame.value.data as T)) return seen;
  }
  throw new Error(`the stream ended first; saw ${JSON.stringify(seen).slice(0, 2000)}`);
}

type Fleet = { agents: { agentId: string; state: string }[] };
type Status = { jobId: string; status: string; progress: number };
type Event = { id: number; kind: string };

describe('agents.onChanges', () => {
  it('sends the fleet on connect, then again when an agent joins and when it leaves', async () => {
    const abort = new AbortController();
    try {
      const stream = frames(await subscribe('agents.onChanges', undefined, abort.signal));
      expect(await until<Fleet>(stream, () => true)).toEqual([{ agents: [] }]);
      const agent = await stack.startAgent({ AGENT_ID: 'feed-agent', AGENT_HEARTBEAT_MS: '1000' });
      await until<Fleet>(stream, (fleet) => fleet.agents.some((a) => a.agentId === 'feed-agent'));
      await agent.stop(0);
      await until<Fleet>(stream, (fleet) => fleet.agents.length === 0);
    } finally {
      abort.abort();
    }
  });
});

describe('jobs.onListChanges, jobs.onEvents and jobs.events', () => {
  let jobId: string;

  it("pushes each change of the organisation's jobs, from dispatch to completion", async () => {
    await stack.startAgent();
    const abort = new AbortController();
    try {
      const stream = frames(await subscribe('jobs.onListChanges', undefined, abort.signal));
      const created = await stack.api('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: {
          receptorId: cyp3a4,
          ligands: [
            { smiles: 'CCO', name: 'ethanol' },
            { smiles: 'CCN', name: 'ethylamine' },
          ],
          bindingSite: CYP3A4_BOX,
          params: { exhaustiveness: 1, seed: 1 },
        },
      });
      jobId = ((await created.json()) as { jobId: string }).jobId;
      const seen = await until<Status>(stream, (s) => s.jobId === jobId && s.status === 'COMPLETED');
      const ours = seen.filter((s) => s.jobId === jobId);
      expect(ours.length).toBeGreaterThan(1);
      expect(ours.at(-1)!.progress).toBe(1);
      // Progress only grows along the feed.
      expect(ours.map((s) => s.progress)).toEqual([...ours.map((s) => s.progress)].sort((a, b) => a - b));
    } finally {
      abort.abort();
    }
  });

  it('sends only the latest `tail` events on a first connect, and resumes after lastEventId', async () => {
    await waitForStatus(stack, jobId, isFinal);
    const all = (await jobEvents(stack, jobId)) as unknown as Event[];
    expect(all.length).toBeGreaterThan(4);

    const tail = await collect('jobs.onEvents', { jobId, tail: 3 });
    expect(tail.map((f) => (f.data as Event).id)).toEqual(all.slice(-3).map((e) => e.id));
    expect(tail.map((f) => f.id)).toEqual(all.slice(-3).map((e) => String(e.id))); // tracked ids: the resume point

    const resumed = await collect('jobs.onEvents', { jobId, lastEventId: all[1]!.id });
    expect(resumed.map((f) => (f.data as Event).id)).toEqual(all.slice(2).map((e) => e.id));
  });

  it('pages backwards with jobs.events beforeId, oldest first', async () => {
    const all = (await jobEvents(stack, jobId)) as unknown as Event[];
    const before = all.at(-2)!.id;
    const response = await stack.api(`/api/v1/jobs/${jobId}/events?beforeId=${before}&limit=2`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { events: Event[] };
    expect(page.events.map((e) => e.id)).toEqual(all.slice(-4, -2).map((e) => e.id));
  });
});

describe('GET /api/v1/jobs/{jobId}: the job resource, and waiting for the end over REST', () => {
  it('answers a long-poll (?wait=60) once the job is final, with the same body as its status', async () => {
    const agent = await stack.startAgent();
    onTestFinished(() => agent.stop());
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligands: [{ smiles: 'CCCO', name: 'propanol' }],
        bindingSite: CYP3A4_BOX,
        params: { exhaustiveness: 1, seed: 1 },
      },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    // A script's whole wait loop: each call returns when the job is final, or after 60 s with its current state.
    const answers: (StatusBody & { jobId: string })[] = [];
    do {
      const response = await stack.api(`/api/v1/jobs/${jobId}?wait=60`);
      expect(response.status).toBe(200);
      answers.push((await response.json()) as StatusBody & { jobId: string });
    } while (!isFinal(answers.at(-1)!) && answers.length < 10);
    expect(answers.at(-1)).toMatchObject({ jobId, status: 'COMPLETED', progress: 1 });
    // Every answer but the last is an expired wait (never a busy loop of immediate answers).
    expect(answers.slice(0, -1).every((answer) => !isFinal(answer))).toBe(true);

    const resource = (await (await stack.api(`/api/v1/jobs/${jobId}`)).json()) as Record<string, unknown>;
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status?wait=5`)).json()) as Record<string, unknown>;
    expect(resource).toEqual(status);
    expect(resource).toMatchObject({ pipeline: 'vina', status: 'COMPLETED', ligands: { total: 1, SUCCEEDED: 1 } });

    // The whole job as one CSV: the same numbers as the JSON results, a header naming every column.
    const csv = await stack.api(`/api/v1/jobs/${jobId}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csvText = await csv.text();
    const [header, ...lines] = csvText.trimEnd().split('\n');
    expect(header!.split(',')).toEqual([...RESULTS_CSV_COLUMNS]);
    expect(lines).toHaveLength(1);
    const row = Object.fromEntries(header!.split(',').map((column, i) => [column, lines[0]!.split(',')[i]]));
    const json = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as {
      ligands: {
        ligandId: string;
        ordinal: number;
        bestAffinityKcalMol: number;
        poses: unknown[];
        confidenceScore: number | null;
      }[];
    };
    const ligand = json.ligands[0]!;
    expect(row).toMatchObject({
      ordinal: String(ligand.ordinal),
      ligand_id: ligand.ligandId,
      name: 'propanol',
      status: 'SUCCEEDED',
    });
    expect(Number(row.best_affinity_kcal_mol)).toBe(ligand.bestAffinityKcalMol);
    expect(Number(row.poses)).toBe(ligand.poses.length);
    expect(row.confidence_score).toBe(ligand.confidenceScore === null ? '' : String(ligand.confidenceScore));
    expect((await stack.api(`/api/v1/jobs/${crypto.randomUUID()}/results.csv`)).status).toBe(404);

    // The poses as one SD file that RDKit reads: one record per pose, each with the JSON results' numbers as tags.
    const sdf = await stack.api(`/api/v1/jobs/${jobId}/results.sdf`);
    expect(sdf.status).toBe(200);
    expect(sdf.headers.get('content-type')).toBe('chemical/x-mdl-sdfile');
    const sdfText = await sdf.text();
    const read = rdkitRecords(sdfText);
    const poses = (ligand as unknown as { poses: { rank: number; affinityKcalMol: number }[] }).poses;
    expect(read).toHaveLength(poses.length);
    read.forEach((record, i) => {
      expect(record.atoms).toBeGreaterThan(0);
      expect(record.title).toBe('propanol');
      expect(record.tags).toMatchObject({
        ligand_id: ligand.ligandId,
        ordinal: String(ligand.ordinal),
        name: 'propanol',
        smiles: 'CCCO',
        status: 'SUCCEEDED',
        pose_rank: String(i + 1),
      });
      expect(Number(record.tags.affinity_kcal_mol)).toBe(poses[i]!.affinityKcalMol);
    });
    const top = await stack.api(`/api/v1/jobs/${jobId}/results.sdf?poses=top`);
    expect(rdkitRecords(await top.text()).map((r) => r.tags.pose_rank)).toEqual(['1']);
    const wrong = await stack.api(`/api/v1/jobs/${jobId}/results.sdf?poses=best`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ field: 'poses' });
    expect((await stack.api(`/api/v1/jobs/${jobId}/results.sdf?sort=affinity`)).status).toBe(400);
    expect((await stack.api(`/api/v1/jobs/${crypto.randomUUID()}/results.sdf`)).status).toBe(404);

    // Every file in one zip (read by Python's zipfile): the CSV and SDF as their routes send them, the ligand's
    // stored files under its ordinal, and the manifest last with the job, provenance and every file's SHA-256.
    const zip = await stack.api(`/api/v1/jobs/${jobId}/results.zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toBe(`attachment; filename="job-${jobId}-results.zip"`);
    const entries = unzipped(Buffer.from(await zip.arrayBuffer()));
    const folder = `ligands/${String(ligand.ordinal).padStart(6, '0')}`;
    expect(entries.map((e) => e.name)).toEqual([
      'results.csv',
      'results.sdf',
      `${folder}/engine.log`,
      `${folder}/poses.pdbqt`,
      `${folder}/complex.pdb`,
      `${folder}/poses.sdf`,
      'manifest.json',
    ]);
    const entry = (name: string) => entries.find((e) => e.name === name)!.text;
    expect(entry('results.csv')).toBe(csvText);
    // The complex: the receptor's atoms, TER, the best pose as HETATM LIG (its coordinates those of MODEL 1), END.
    const complex = entry(`${folder}/complex.pdb`).trimEnd().split('\n');
    const ligandAtoms = complex.filter((line) => line.startsWith('HETATM') && line.slice(17, 20) === 'LIG');
    const model1 = entry(`${folder}/poses.pdbqt`)
      .split('ENDMDL')[0]!
      .split('\n')
      .filter((l) => /^(ATOM|HETATM)/.test(l));
    expect(ligandAtoms.map((l) => l.slice(30, 54))).toEqual(model1.map((l) => l.slice(30, 54)));
    expect(complex.filter((line) => line.startsWith('ATOM')).length).toBeGreaterThan(1000);
    expect(complex.at(-1)).toBe('END');
    expect(entry('results.sdf')).toBe(sdfText);
    const posesFile = await stack.api(`/api/v1/jobs/${jobId}/ligands/${ligand.ligandId}/poses.sdf`);
    expect(posesFile.status).toBe(302);
    expect(entry(`${folder}/poses.sdf`)).toBe(await (await fetch(posesFile.headers.get('location')!)).text());
    expect(entry(`${folder}/engine.log`)).toMatch(/vina/i);
    const manifest = JSON.parse(entry('manifest.json')) as {
      format: string;
      job: Record<string, unknown>;
      receptor: { id: string };
      engines: { engineVersion: string | null; tasks: number }[];
      files: { path: string; bytes: number; sha256: string; ligandId?: string }[];
    };
    expect(manifest).toMatchObject({
      format: 'mad-results-zip/1',
      job: { jobId, status: 'COMPLETED', pipeline: 'vina', params: { exhaustiveness: 1, seed: 1 } },
      receptor: { id: cyp3a4 },
      engines: [{ engineVersion: expect.stringMatching(/\d+\.\d+/), tasks: 1 }],
    });
    expect(manifest.files.map((f) => f.path)).toEqual(entries.slice(0, -1).map((e) => e.name));
    for (const file of manifest.files) {
      const bytes = Buffer.from(entry(file.path));
      expect({ path: file.path, bytes: file.bytes, sha256: file.sha256 }).toEqual({
        path: file.path,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    expect(manifest.files.find((f) => f.path === `${folder}/poses.sdf`)?.ligandId).toBe(ligand.ligandId);
    expect((await stack.api(`/api/v1/jobs/${jobId}/results.zip?poses=all`)).status).toBe(400);
    expect((await stack.api(`/api/v1/jobs/${crypto.randomUUID()}/results.zip`)).status).toBe(404);

    // A POST without a body (curl -X POST …/cancel) is the empty object, not a 415; a finished job stays as it is.
    const cancelled = await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ jobId, status: 'COMPLETED' });
    const wrongType = await stack.api(`/api/v1/jobs/${jobId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'cancel',
    });
    expect(wrongType.status).toBe(415);
  });

  it('refuses a wait outside 0-60 s, naming the parameter', async () => {
    const response = await stack.api(`/api/v1/jobs/${crypto.randomUUID()}?wait=61`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('wait');
  });
});

/** Each record of an SD file as RDKit reads it (the system python's RDKit): title, heavy-atom count, data items. */
function rdkitRecords(text: string): { title: string; atoms: number; tags: Record<string, string> }[] {
  const script = [
    'import json, sys',
    'from rdkit import Chem',
    'supplier = Chem.ForwardSDMolSupplier(sys.stdin.buffer, sanitize=False, removeHs=False)',
    'print(json.dumps([None if m is None else {"title": m.GetProp("_Name"), "atoms": m.GetNumAtoms(), "tags": m.GetPropsAsDict()} for m in supplier]))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' });
  const records = JSON.parse(out) as ({ title: string; atoms: number; tags: Record<string, unknown> } | null)[];
  expect(records).not.toContain(null);
  return records.map((r) => ({
    ...r!,
    tags: Object.fromEntries(Object.entries(r!.tags).map(([k, v]) => [k, String(v)])),
  }));
}

/** The entries of a zip as Python's zipfile reads them (CRCs checked), in archive order, as UTF-8 text. */
function unzipped(archive: Buffer): { name: string; text: string }[] {
  const script = [
    'import io, json, sys, zipfile',
    'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
    'assert z.testzip() is None',
    'print(json.dumps([{"name": i.filename, "text": z.read(i).decode("utf-8")} for i in z.infolist()]))',
  ].join('\n');
  // Each ligand's complex.pdb holds the whole receptor: more than execFileSync's default 1 MiB of output.
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: archive,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out) as {
    name: string;
    text: string;
  }[];
}

/** A finished job's subscription ends by itself: all its frames. */
async function collect(path: string, input: unknown): Promise<Frame[]> {
  const list: Frame[] = [];
  for await (const frame of frames(await subscribe(path, input, AbortSignal.timeout(60_000)))) list.push(frame);
  return list;
}

describe('GET /api/v1/jobs/{jobId}/results filtered by the molecules’ properties (issue 18)', () => {
  it('answers exactly the uploaded ligands in each range, pages them by cursor with the right total, and refuses bad ranges', async () => {
    // Five uploaded ligands whose RDKit (JS) descriptors differ (MW, cLogP, HBD, HBA, TPSA, rotatable bonds), and one
    // inline SMILES, which has no stored molecule and so matches no property range. No agent: nothing is docked.
    const library = [
      { name: 'ethanol', smiles: 'CCO' }, // MW 46.1, cLogP 0.0, HBD 1, HBA 1, TPSA 20.2, rot 0
      { name: 'benzoic acid', smiles: 'OC(=O)c1ccccc1' }, // 122.1, 1.38, 1, 1, 37.3, 1
      { name: 'glucose', smiles: 'OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O' }, // 180.2, -3.22, 5, 6, 110.4, 1
      { name: 'hexadecane', smiles: 'CCCCCCCCCCCCCCCC' }, // 226.4, 6.49, 0, 0, 0.0, 13
      { name: 'caffeine', smiles: 'Cn1cnc2c1c(=O)n(C)c(=O)n2C' }, // 194.2, -1.03, 0, 3, 61.8, 0
    ];
    const upload = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'ligand', smiles: library },
    });
    expect(upload.status).toBe(201);
    const { molecules } = (await upload.json()) as { molecules: { id: string; name: string }[] };
    expect(molecules.map((m) => m.name)).toEqual(library.map((l) => l.name));
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligandIds: molecules.map((m) => m.id),
        ligands: [{ smiles: 'CCN', name: 'inline ethylamine' }],
        bindingSite: CYP3A4_BOX,
        params: { exhaustiveness: 1, seed: 1 },
      },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    onTestFinished(async () => {
      await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    });
    interface Page {
      total: number;
      nextCursor: string | null;
      ligands: { name: string }[];
    }
    /** Every page of a query (limit 1, by cursor): the names in order and each page's total. */
    const walk = async (query: string) => {
      const names: string[] = [];
      const totals = new Set<number>();
      let cursor: string | null = null;
      do {
        const response = await stack.api(
          `/api/v1/jobs/${jobId}/results?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.status).toBe(200);
        const page = (await response.json()) as Page;
        names.push(...page.ligands.map((l) => l.name));
        totals.add(page.total);
        cursor = page.nextCursor;
      } while (cursor && names.length < 10);
      return { names, totals: [...totals] };
    };
    const all = (await (await stack.api(`/api/v1/jobs/${jobId}/results?sort=ordinal`)).json()) as Page;
    expect(all.total).toBe(6);
    expect(await walk('sort=ordinal&molecularWeightMax=150')).toEqual({
      names: ['ethanol', 'benzoic acid'],
      totals: [2],
    });
    expect(await walk('sort=ordinal&clogPMax=5&hbdMax=4')).toEqual({
      names: ['ethanol', 'benzoic acid', 'caffeine'],
      totals: [3],
    });
    expect(await walk('sort=ordinal&molecularWeightMin=150&molecularWeightMax=200&hbaMin=3')).toEqual({
      names: ['glucose', 'caffeine'],
      totals: [2],
    });
    expect(await walk('sort=name&tpsaMin=30')).toEqual({
      names: ['benzoic acid', 'caffeine', 'glucose'],
      totals: [3],
    });
    expect(await walk('sort=ordinal&rotatableBondsMin=10&heavyAtomsMin=16')).toEqual({
      names: ['hexadecane'],
      totals: [1],
    });
    expect(await walk('sort=ordinal&formalChargeMin=1')).toEqual({ names: [], totals: [0] });

    // A cursor made for other property ranges, an unknown filter, a minimum above its maximum: 400s naming them.
    const first = (await (
      await stack.api(`/api/v1/jobs/${jobId}/results?sort=ordinal&clogPMax=5&limit=1`)
    ).json()) as Page;
    const other = await stack.api(
      `/api/v1/jobs/${jobId}/results?sort=ordinal&clogPMax=4&limit=1&cursor=${first.nextCursor}`,
    );
    expect(other.status).toBe(400);
    expect(((await other.json()) as { message: string }).message).toMatch(/made for other clogPMax/);
    // A cursor with an offset above 0 is a conflict (API_CONTRACT "Pagination"): a 400 naming offset, never one
    // silently winning; offset=0, the default, skips nothing and goes with the cursor.
    const both = await stack.api(
      `/api/v1/jobs/${jobId}/results?sort=ordinal&clogPMax=5&limit=1&offset=1&cursor=${first.nextCursor}`,
    );
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ field: 'offset', message: 'pass cursor or offset, not both' });
    const second = await stack.api(
      `/api/v1/jobs/${jobId}/results?sort=ordinal&clogPMax=5&limit=1&offset=0&cursor=${first.nextCursor}`,
    );
    expect(((await second.json()) as Page).ligands.map((l) => l.name)).toEqual(['benzoic acid']);
    const unknown = await stack.api(`/api/v1/jobs/${jobId}/results?mwMax=500`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('mwMax');
    const inverted = await stack.api(`/api/v1/jobs/${jobId}/results?hbdMin=3&hbdMax=2`);
    expect(inverted.status).toBe(400);
    expect(await inverted.json()).toMatchObject({ message: expect.stringMatching(/hbdMin is above hbdMax/) });
    expect((await stack.api(`/api/v1/jobs/${jobId}/results?affinityMin=-5&affinityMax=-9`)).status).toBe(400);
    expect((await stack.api(`/api/v1/jobs/${jobId}/results?tpsaMax=lots`)).status).toBe(400);
  });
});

describe('results.csv, results.sdf and results.zip take the results list’s filters (issue 18)', () => {
  it('export exactly the ligands the filtered list pages through, and refuse what the list refuses', async () => {
    const agent = await stack.startAgent();
    onTestFinished(() => agent.stop());
    // Docked for real (affinities, confidence, poses), uploaded (properties), and one inline SMILES (no properties).
    const library = [
      { name: 'ethanol', smiles: 'CCO' }, // MW 46.1, HBD 1, TPSA 20.2
      { name: 'benzoic acid', smiles: 'OC(=O)c1ccccc1' }, // 122.1, 1, 37.3
      { name: 'caffeine', smiles: 'Cn1cnc2c1c(=O)n(C)c(=O)n2C' }, // 194.2, 0, 61.8
      { name: 'toluene', smiles: 'Cc1ccccc1' }, // 92.1, 0, 0.0
      { name: 'phenol', smiles: 'Oc1ccccc1' }, // 94.1, 1, 20.2
    ];
    const upload = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'ligand', smiles: library },
    });
    expect(upload.status).toBe(201);
    const { molecules } = (await upload.json()) as { molecules: { id: string }[] };
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligandIds: molecules.map((m) => m.id),
        ligands: [{ smiles: 'CCN', name: 'inline ethylamine' }],
        bindingSite: CYP3A4_BOX,
        params: { exhaustiveness: 1, seed: 1 },
        useCache: false,
      },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const final = await waitForStatus(stack, jobId, isFinal, 600_000);
    expect(final).toMatchObject({ status: 'COMPLETED', ligands: { total: 6, SUCCEEDED: 6 } });

    interface Listed {
      ligandId: string;
      bestAffinityKcalMol: number | null;
      poses: unknown[];
    }
    /** The filtered list, every page (limit 2, by cursor), in ordinal order. */
    const listed = async (query: string) => {
      const ligands: Listed[] = [];
      let cursor: string | null = null;
      do {
        const response = await stack.api(
          `/api/v1/jobs/${jobId}/results?sort=ordinal&limit=2${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.status, query).toBe(200);
        const page = (await response.json()) as { ligands: Listed[]; nextCursor: string | null };
        ligands.push(...page.ligands);
        cursor = page.nextCursor;
      } while (cursor && ligands.length < 20);
      return ligands;
    };
    const exported = async (file: string, query: string) => {
      const response = await stack.api(`/api/v1/jobs/${jobId}/${file}${query ? `?${query}` : ''}`);
      expect(response.status, `${file}?${query}`).toBe(200);
      return response;
    };
    const csvIds = async (query: string) => {
      const [header, ...lines] = (await (await exported('results.csv', query)).text()).trimEnd().split('\n');
      const column = header!.split(',').indexOf('ligand_id');
      return lines.map((line) => line.split(',')[column]);
    };
    const sdfIds = async (query: string) => [
      ...new Set(rdkitRecords(await (await exported('results.sdf', query)).text()).map((r) => r.tags.ligand_id)),
    ];

    const all = await listed('');
    expect(all).toHaveLength(6);
    const affinities = all.map((l) => l.bestAffinityKcalMol!).sort((a, b) => a - b);
    const middle = affinities[2]!; // three at or below, three above
    const queries = [
      '',
      'status=SUCCEEDED',
      'status=FAILED',
      `affinityMax=${middle}`,
      `affinityMin=${affinities[1]}&affinityMax=${affinities[4]}`,
      'molecularWeightMax=100',
      'hbdMin=1&tpsaMax=30',
      `molecularWeightMin=90&affinityMin=${middle}`,
      'confidenceMin=0',
    ];
    const sizes: number[] = [];
    for (const query of queries) {
      const expected = await listed(query);
      sizes.push(expected.length);
      expect(await csvIds(query), `results.csv?${query}`).toEqual(expected.map((l) => l.ligandId));
      expect(await sdfIds(query), `results.sdf?${query}`).toEqual(
        expected.filter((l) => l.poses.length > 0).map((l) => l.ligandId),
      );
    }
    // The filters do narrow (the property ranges by the descriptors above; the affinity ones as the list counts them).
    const within = (min: number, max: number) =>
      all.filter((l) => l.bestAffinityKcalMol! >= min && l.bestAffinityKcalMol! <= max).length;
    expect([sizes[0], sizes[1], sizes[2], sizes[5], sizes[6]]).toEqual([6, 6, 0, 3, 2]);
    expect(sizes[3]).toBe(within(-Infinity, middle));
    expect(sizes[4]).toBe(within(affinities[1]!, affinities[4]!));
    expect(sizes[3]).toBeGreaterThan(0);
    expect(sizes[3]).toBeLessThan(6);
    // The zip's CSV and SDF and its ligand folders are the filtered ones, and its manifest says which filter.
    const query = `affinityMax=${middle}`;
    const entries = unzipped(Buffer.from(await (await exported('results.zip', query)).arrayBuffer()));
    const entry = (name: string) => entries.find((e) => e.name === name)!.text;
    expect(entry('results.csv')).toBe(await (await exported('results.csv', query)).text());
    expect(entry('results.sdf')).toBe(await (await exported('results.sdf', query)).text());
    const ordinals = (await listed(query)).map((l) => (l as unknown as { ordinal: number }).ordinal);
    expect([...new Set(entries.filter((e) => e.name.startsWith('ligands/')).map((e) => e.name.split('/')[1]))]).toEqual(
      ordinals.map((o) => String(o).padStart(6, '0')),
    );
    expect(JSON.parse(entry('manifest.json'))).toMatchObject({ filter: { affinityMax: middle } });

    // What the list refuses, the exports refuse the same way: unknown fields, wrong types, inverted ranges.
    for (const file of ['results.csv', 'results.sdf', 'results.zip']) {
      const unknown = await stack.api(`/api/v1/jobs/${jobId}/${file}?mwMax=500`);
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ field: 'mwMax', message: expect.stringMatching(/mwMax/) });
      const sorted = await stack.api(`/api/v1/jobs/${jobId}/${file}?sort=name`);
      expect(sorted.status).toBe(400);
      expect(await sorted.json()).toMatchObject({ field: 'sort' });
      const inverted = await stack.api(`/api/v1/jobs/${jobId}/${file}?hbdMin=3&hbdMax=2`);
      expect(inverted.status).toBe(400);
      expect(await inverted.json()).toMatchObject({ message: expect.stringMatching(/hbdMin is above hbdMax/) });
      const typed = await stack.api(`/api/v1/jobs/${jobId}/${file}?tpsaMax=lots`);
      expect(typed.status).toBe(400);
      expect(await typed.json()).toMatchObject({ field: 'tpsaMax' });
      expect((await stack.api(`/api/v1/jobs/${jobId}/${file}?status=DONE`)).status).toBe(400);
    }
    expect((await stack.api(`/api/v1/jobs/${jobId}/results.sdf?poses=top&status=SUCCEEDED`)).status).toBe(200);
  });
});

describe('the REST contract: every operation of the served OpenAPI document (issue 18)', () => {
  // test/contract-setup.ts checks every REST answer of this file against the document the server serves
  // (GET /api/v1/openapi.json) and records it: the operation (method + path template), the status, the media type
  // and what was compared (a JSON body with that status's schema, a CSV/SDF/zip's content type, a redirect's status,
  // an event stream's first event with the schema of the events its JSON answer lists). This test makes a success
  // call of each operation on what the tests above made (their finished jobs: nothing new is docked; job creation's
  // 202 is theirs), then asks the record which operations of the document lack one. Redirects count only because the
  // document declares 302 as their one success answer; a 302 from an operation that documents a 2xx would not.
  it('received a success of every operation, each as the document describes it', async () => {
    const { token: admin } = await memberWithToken(stack.db, stack.org.id, 'contract-admin@example.org', 'admin');
    /** A call as the organisation's admin (every permission), redirects not followed; asserts a success. */
    const call = async (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${stack.url}/api/v1${path}`, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${admin}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      const success = (response.status >= 200 && response.status < 300) || response.status === 302;
      if (!success) expect.fail(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    const read = async <T>(method: string, path: string, json?: unknown) =>
      (await (await call(method, path, json)).json()) as T;
    const redirected = async (path: string) => {
      const response = await call('GET', path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get('location'), path).toMatch(/^http/);
    };

    // The server, the caller, the organisation, its settings and its cache.
    expect(await read<{ apiVersion: string }>('GET', '/version')).toMatchObject({ apiVersion: 'v1' });
    expect(await read<{ role: string }>('GET', '/me')).toMatchObject({ role: 'admin' });
    expect(await read<{ id: string }>('GET', '/org')).toMatchObject({ id: stack.org.id });
    await read('GET', '/orgs/current/quotas');
    const { settings } = await read<{ settings: { logsRetentionDays: number | null } }>(
      'GET',
      '/orgs/current/settings',
    );
    await read('PATCH', '/orgs/current/settings', { logsRetentionDays: settings.logsRetentionDays });
    await read('DELETE', '/orgs/current/cache');

    // Members, tokens and identity providers: each made here, changed and removed (providers have no delete).
    await read('GET', '/members');
    const member = await read<{ userId: string }>('POST', '/members', {
      email: 'coverage@example.org',
      role: 'viewer',
    });
    await read('PATCH', `/members/${member.userId}`, { role: 'scientist' });
    await read('DELETE', `/members/${member.userId}`);
    await read('GET', '/tokens');
    const token = await read<{ id: string }>('POST', '/tokens', { name: 'coverage', role: 'viewer', expiresInDays: 1 });
    await read('DELETE', `/tokens/${token.id}`);
    await read('GET', '/providers');
    // No client secret: the provider needs no secret reference to be created, changed and listed.
    const provider = await read<{ id: string }>('POST', '/providers', {
      displayName: 'Coverage SSO',
      issuer: 'https://sso.example.org',
      clientId: 'coverage',
    });
    await read('PATCH', `/providers/${provider.id}`, { enabled: false });

    // The platform: pipelines, the fleet, the operations overview.
    await read('GET', '/pipelines');
    await read('GET', '/agents');
    await read('GET', '/operations');

    // A webhook whose test delivery goes to a receiver here, rotated, then deleted.
    const receiver: Server = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const hook = await read<{ id: string }>('POST', '/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/mad`,
      events: ['job.completed'],
      description: 'contract coverage',
    });
    await read('GET', '/webhooks');
    await read('GET', `/webhooks/${hook.id}`);
    await read('PATCH', `/webhooks/${hook.id}`, { description: 'contract coverage, renamed' });
    expect((await call('POST', `/webhooks/${hook.id}/test`)).status).toBe(202);
    await read('GET', `/webhooks/${hook.id}/deliveries`);
    await read('POST', `/webhooks/${hook.id}/rotate-secret`);
    await read('DELETE', `/webhooks/${hook.id}`);

    // A molecule uploaded here: listed, read, its file downloaded (302), deleted (no job uses it).
    const uploaded = await read<{ molecules: { id: string }[] }>('POST', '/molecules/upload', {
      kind: 'ligand',
      smiles: [{ smiles: 'CCCCO', name: 'butanol' }],
    });
    const moleculeId = uploaded.molecules[0]!.id;
    await read('GET', '/molecules');
    const molecule = await read<{ artifactId: string }>('GET', `/molecules/${moleculeId}`);
    await redirected(`/artifacts/${molecule.artifactId}`);

    // A project and a ligand set of that molecule: made, listed, read, changed and removed (issue 17).
    const project = await read<{ id: string }>('POST', '/projects', { name: 'Contract coverage' });
    await read('GET', '/projects');
    await read('GET', `/projects/${project.id}`);
    await read('PATCH', `/projects/${project.id}`, { description: 'contract coverage, described' });
    const set = await read<{ id: string }>('POST', '/ligand-sets', {
      name: 'butanol',
      projectId: project.id,
      source: { kind: 'ids', moleculeIds: [moleculeId] },
    });
    await read('GET', '/ligand-sets');
    await read('GET', `/ligand-sets/${set.id}`);
    await read('GET', `/ligand-sets/${set.id}/members`);
    await read('DELETE', `/ligand-sets/${set.id}`);
    await read('DELETE', `/projects/${project.id}`);
    await read('DELETE', `/molecules/${moleculeId}`);

    // The newest finished job of the tests above: every read of it, its files and exports, then its deletion.
    const { jobs } = await read<{ jobs: { jobId: string }[] }>('GET', '/jobs?status=COMPLETED&limit=2');
    expect(jobs).toHaveLength(2);
    const job = `/jobs/${jobs[0]!.jobId}`;
    // The two newest finished jobs side by side (issue 17 'job comparison').
    await read('GET', `${job}/compare/${jobs[1]!.jobId}`);
    await read('GET', job);
    await read('GET', `${job}/status`);
    const results = await read<{ ligands: { ligandId: string; poses: unknown[] }[] }>(
      'GET',
      `${job}/results?sort=ordinal`,
    );
    const ligand = results.ligands.find((l) => l.poses.length > 0)!;
    await read('GET', `${job}/results/summary?x=clogP`);
    await read('GET', `${job}/ligands/${ligand.ligandId}`);
    await redirected(`${job}/ligands/${ligand.ligandId}/poses.sdf`);
    await redirected(`${job}/logs`);
    for (const file of ['results.csv', 'results.sdf', 'results.zip'])
      await (await call('GET', `${job}/${file}`)).arrayBuffer();
    // The events, as the JSON page and as Server-Sent Events. The stream of a finished job sends every event and
    // `end`, then closes; contract-setup.ts checks its content type and its first event against the schema of the
    // page's events[] (from a copy of the body), and here that first event is the page's first one.
    const page = await read<{ events: { id: number }[] }>('GET', `${job}/events`);
    const stream = await call('GET', `${job}/events`, undefined, { accept: 'text/event-stream' });
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await stream.text();
    const first = /^id: (\d+)\ndata: (.+)$/m.exec(text);
    expect(JSON.parse(first![2]!)).toEqual(page.events[0]);
    expect(text).toMatch(/event: end\ndata: .*"status":"COMPLETED"/);
    await read('POST', `${job}/cancel`);
    expect(await read('DELETE', job)).toMatchObject({ jobId: jobs[0]!.jobId, deleted: true });

    const coverage = await contractCoverage(stack.url);
    console.log(
      `REST contract: ${coverage.covered.length} of ${coverage.operations.length} operations of the served ` +
        `document answered a validated success (${coverage.answers} answers checked in this file)\n  ` +
        coverage.table.join('\n  '),
    );
    expect(coverage.problems, 'answers that broke the document').toEqual([]);
    expect(coverage.missing, 'operations without a validated success answer').toEqual([]);
    expect([...coverage.covered].sort()).toEqual([...coverage.operations].sort());
    // The served document is the one the code builds, whole (the list above was read from it).
    const built = servedOpenApiDocument(stack.url).paths ?? {};
    expect(coverage.operations.length).toBe(
      Object.values(built).flatMap((item) =>
        Object.keys(item as object).filter((k) => /^(get|post|put|patch|delete)$/.test(k)),
      ).length,
    );
  });
});
