// The result cache end to end (JOBS.md "Result cache"): real Postgres, s3rver, nats-server with JetStream, the worker,
// an in-process agent and the real vina. Small ligands at exhaustiveness 1 in the 1iep box keep the docking short.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createOrganization } from '@mad/auth';
import { AGENTS_BUCKET, PREPARATION_VERSION, PROTOCOL_VERSION, TASKS_STREAM, type AgentHeartbeat } from '@mad/protocol';
import { sharedDataDir } from '@mad/test-utils';
import { parseVinaConfigBox } from '@mad/dock-agent';
import { memberWithToken } from '../../test/auth-http.js';
import { counterValue, isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');
const box = parseVinaConfigBox(readFileSync(join(vina1iep, '1iep_receptor.box.txt'), 'utf8'));
const SITE = { mode: 'box', center: box.center, size: box.size };
const PARAMS = { exhaustiveness: 1, numModes: 9, energyRange: 3, seed: 42, cpuPerTask: 1 };
const SMILES = ['CCO', 'CCN', 'CC(=O)O', 'OCCO', 'CC(C)O', 'NCC(=O)O', 'CCCO', 'CC#N', 'CCOC', 'OC=O'];
const ligands = (n: number, from = 0) => SMILES.slice(from, from + n).map((smiles) => ({ smiles, name: smiles }));

let stack: JobsStack;
let receptorId: string;
let nc: NatsConnection;

interface Created {
  jobId: string;
  status: string;
  cache?: { reusedLigands: number; computedLigands: number; fromJobs: string[]; inputSignature: string | null };
}
interface Results {
  status: string;
  ligands: {
    ligandId: string;
    name: string;
    status: string;
    bestAffinityKcalMol: number | null;
    confidenceScore: number | null;
    provenance: {
      signature: string | null;
      cacheHit: boolean;
      computedByJobId: string;
      agentId: string | null;
      engine: string;
      engineVersion: string | null;
      preparationVersion: string | null;
      seed: number;
    };
    poses: { rank: number; affinityKcalMol: number; rmsdLowerBound: number | null }[];
    files: { posesSdf: string | null };
  }[];
}

async function submit(body: Record<string, unknown>, token?: string): Promise<{ http: number; created: Created }> {
  const init = { method: 'POST', json: { receptorId, bindingSite: SITE, params: PARAMS, ...body } };
  const response = token
    ? await fetch(`${stack.url}/api/v1/pipelines/vina/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(init.json),
      })
    : await stack.api('/api/v1/pipelines/vina/jobs', init);
  const created = (await response.json()) as Created;
  if (response.status >= 300) throw new Error(`${response.status}: ${JSON.stringify(created)}`);
  return { http: response.status, created };
}

async function results(jobId: string): Promise<Results> {
  const response = await stack.api(`/api/v1/jobs/${jobId}/results?limit=100&sort=ordinal`);
  expect(response.status).toBe(200);
  return (await response.json()) as Results;
}

/** Messages ever published to the task stream (its last sequence number). */
async function taskMessages(): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(TASKS_STREAM)).state.last_seq;
}

/** mad_result_cache_ligands_total of the server (jobs looked up at creation; the worker counts deferred lookups). */
const cacheCounter = (registry: JobsStack['serverMetrics']) =>
  registry.getSingleMetric('mad_result_cache_ligands_total') as Parameters<typeof counterValue>[0];

async function finished(jobId: string) {
  const status = await waitForStatus(stack, jobId, isFinal);
  expect(status.status).toBe('COMPLETED');
}

beforeAll(async () => {
  // At most 8 new SMILES signed in the request: the jobs here stay within it, but one (dispatcher-signed jobs).
  stack = await startJobsStack(
    { LIGANDS_PER_TASK: '4' },
    { resultCache: true, serverOverrides: { JOB_SIGN_AT_CREATION_MAX_SMILES: '8' } },
  );
  receptorId = await stack.addMolecule('receptor', join(vina1iep, '1iep_receptor.pdbqt'), 'pdbqt');
  await stack.startAgent();
  nc = await connect({ servers: stack.nats.url });
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await stack?.close();
});

describe('the result cache', () => {
  let first: string;
  let firstResults: Results;

  it('stores a computed job: every result has a confidence and its provenance', async () => {
    const { http, created } = await submit({ ligands: ligands(8) });
    expect(http).toBe(202);
    expect(created.cache).toMatchObject({ reusedLigands: 0, computedLigands: 8, fromJobs: [] });
    expect(created.cache?.inputSignature).toMatch(/^[0-9a-f]{64}$/);
    first = created.jobId;
    await finished(first);
    firstResults = await results(first);
    for (const ligand of firstResults.ligands) {
      expect(ligand.status).toBe('SUCCEEDED');
      expect(ligand.confidenceScore).toBeGreaterThanOrEqual(0);
      expect(ligand.confidenceScore).toBeLessThanOrEqual(1);
      expect(ligand.provenance).toMatchObject({
        cacheHit: false,
        computedByJobId: first,
        engine: 'vina',
        preparationVersion: PREPARATION_VERSION,
        seed: 42,
      });
      expect(ligand.provenance.agentId).toBeTruthy();
      expect(ligand.provenance.engineVersion).toBeTruthy();
      expect(ligand.provenance.signature).toMatch(/^[0-9a-f]{64}$/);
    }
    const stored = await stack.db.withSchema(stack.org.resultsSchema).selectFrom('result_cache').selectAll().execute();
    expect(stored.map((r) => [r.input_signature, r.job_id])).toEqual([[created.cache?.inputSignature, first]]);
  }, 900_000);

  it('answers the same inputs 200 COMPLETED at once with the same poses, without any task reaching an agent', async () => {
    const before = await taskMessages();
    const counter = stack.serverMetrics.getSingleMetric('mad_result_cache_ligands_total') as Parameters<
      typeof counterValue
    >[0];
    const hits = await counterValue(counter, { pipeline: 'vina', outcome: 'hit' });
    const misses = await counterValue(counter, { pipeline: 'vina', outcome: 'miss' });
    const finishedCounter = stack.serverMetrics.getSingleMetric('mad_jobs_finished_total') as Parameters<
      typeof counterValue
    >[0];
    const completed = await counterValue(finishedCounter, { pipeline: 'vina', status: 'COMPLETED' });
    const { http, created } = await submit({ ligands: ligands(8), params: { ...PARAMS, cpuPerTask: 2 } });
    expect(http).toBe(200);
    expect(created.status).toBe('COMPLETED');
    expect(created.cache).toMatchObject({ reusedLigands: 8, computedLigands: 0, fromJobs: [first] });
    expect(await taskMessages()).toBe(before);
    expect(await counterValue(counter, { pipeline: 'vina', outcome: 'hit' })).toBe(hits + 8);
    expect(await counterValue(counter, { pipeline: 'vina', outcome: 'miss' })).toBe(misses);
    // Final at creation: the server counts it finished, as the worker counts a job its agents finished.
    expect(await counterValue(finishedCounter, { pipeline: 'vina', status: 'COMPLETED' })).toBe(completed + 1);
    const again = await results(created.jobId);
    expect(again.status).toBe('COMPLETED');
    expect(again.ligands.map((l) => [l.name, l.bestAffinityKcalMol, l.poses, l.confidenceScore])).toEqual(
      firstResults.ligands.map((l) => [l.name, l.bestAffinityKcalMol, l.poses, l.confidenceScore]),
    );
    for (const [i, ligand] of again.ligands.entries()) {
      expect(ligand.provenance).toEqual({ ...firstResults.ligands[i]!.provenance, cacheHit: true });
      // The files are the computing job's objects.
      const file = await stack.api(ligand.files.posesSdf!);
      expect(file.status).toBe(302);
    }
    const status = await stack.api(`/api/v1/jobs/${created.jobId}/status`);
    expect((await status.json()) as { status: string; cache: unknown }).toMatchObject({
      status: 'COMPLETED',
      cache: { reusedLigands: 8, fromJobs: [{ jobId: first, ligands: 8 }] },
    });
    const firstStatus = await stack.api(`/api/v1/jobs/${first}/status`);
    expect(((await firstStatus.json()) as { cache: unknown }).cache).toBeNull();
  });

  it('exports hostile ligand names neutralised: no formula cells in results.csv, no forged records in results.sdf', async () => {
    // Names as an attacker would give them, on the 8 SMILES docked above: the cache answers at once (no docking).
    const hostile = [
      '=HYPERLINK("http://x","y")',
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
      'evil\n$$$$\nforged\n  prog\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END',
      'x\n> <status>\nFAILED',
    ];
    const { http, created } = await submit({
      ligands: SMILES.slice(0, 8).map((smiles, i) => ({ smiles, name: hostile[i] })),
    });
    expect(http).toBe(200);
    expect(created.cache).toMatchObject({ reusedLigands: 8, computedLigands: 0 });
    const stored = await results(created.jobId);
    // Stored as given (what the exports must neutralise), and docked: every ligand has poses.
    expect(stored.ligands.map((l) => l.name)).toEqual(hostile);
    expect(stored.ligands.every((l) => l.poses.length > 0)).toBe(true);

    // results.csv read as a spreadsheet program parses it (Python's csv): one row per ligand, and no cell of any
    // column starts with a formula character; the hostile names come back with the leading apostrophe only.
    const csv = await stack.api(`/api/v1/jobs/${created.jobId}/results.csv`);
    expect(csv.status).toBe(200);
    const parsed = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))',
        ],
        { input: await csv.text(), encoding: 'utf8' },
      ),
    ) as string[][];
    const [header, ...rows] = parsed;
    expect(rows).toHaveLength(8);
    const nameColumn = header!.indexOf('name');
    expect(rows.map((row) => row[nameColumn])).toEqual(hostile.map((name, i) => (i < 6 ? `'${name}` : name)));
    for (const cell of rows.flat()) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(cell, 'a plain number only').toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
    }

    // results.sdf: exactly one record per pose (the $$$$ in a name does not split one), read by RDKit; each titled
    // with the ligand's name on one line and its tags its own (no forged status item).
    const sdf = await stack.api(`/api/v1/jobs/${created.jobId}/results.sdf`);
    expect(sdf.status).toBe(200);
    const sdfText = await sdf.text();
    const poses = stored.ligands.reduce((sum, l) => sum + l.poses.length, 0);
    expect(sdfText.split('\n').filter((line) => line === '$$$$')).toHaveLength(poses);
    const script = [
      'import json, sys',
      'from rdkit import Chem',
      'supplier = Chem.ForwardSDMolSupplier(sys.stdin.buffer, sanitize=False, removeHs=False)',
      'print(json.dumps([None if m is None else {"title": m.GetProp("_Name"), "atoms": m.GetNumAtoms(), "tags": {k: str(v) for k, v in m.GetPropsAsDict().items()}} for m in supplier]))',
    ].join('\n');
    const records = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script], { input: sdfText, encoding: 'utf8' }),
    ) as {
      title: string;
      atoms: number;
      tags: Record<string, string>;
    }[];
    expect(records).toHaveLength(poses);
    expect(records).not.toContain(null);
    const oneLine = (name: string) =>
      name
        .replace(/[\r\n]+/g, ' ')
        .replace(/\p{Cc}/gu, '')
        .trim();
    const expected = stored.ligands.flatMap((l) => l.poses.map(() => l));
    records.forEach((record, i) => {
      expect(record.atoms).toBeGreaterThan(0);
      expect(record.title).toBe(oneLine(expected[i]!.name).slice(0, 80));
      expect(record.tags).toMatchObject({ ligand_id: expected[i]!.ligandId, name: oneLine(expected[i]!.name) });
      expect(record.tags.status).toBe('SUCCEEDED');
    });
    expect(records.some((r) => r.title === 'forged')).toBe(false);
    expect(records.filter((r) => r.tags.name === 'x > <status> FAILED')).toHaveLength(stored.ligands[7]!.poses.length);
  });

  it('dispatches exactly the 2 new ligands of a 10-ligand job whose 8 others were docked before', async () => {
    const before = await taskMessages();
    const { http, created } = await submit({ ligands: ligands(10) });
    expect(http).toBe(202);
    expect(created.cache).toMatchObject({ reusedLigands: 8, computedLigands: 2, fromJobs: [first] });
    await finished(created.jobId);
    expect(await taskMessages()).toBe(before + 1); // 2 ligands, 4 per task: one task
    const rows = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('job_inputs')
      .select(['ligand_id', 'task_id', 'cached_from_job_id', 'status'])
      .where('job_id', '=', created.jobId)
      .orderBy('ordinal')
      .execute();
    expect(rows.filter((r) => r.task_id !== null).map((r) => r.ligand_id)).toEqual(['inline-9', 'inline-10']);
    expect(rows.filter((r) => r.cached_from_job_id === first)).toHaveLength(8);
    const status = await stack.api(`/api/v1/jobs/${created.jobId}/status`);
    expect(((await status.json()) as { cache: unknown }).cache).toEqual({
      reusedLigands: 8,
      fromJobs: [{ jobId: first, ligands: 8 }],
    });
    expect(rows.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    const answer = await results(created.jobId);
    expect(answer.ligands.filter((l) => l.provenance.cacheHit)).toHaveLength(8);
    expect(answer.ligands.filter((l) => !l.provenance.cacheHit).map((l) => l.provenance.computedByJobId)).toEqual([
      created.jobId,
      created.jobId,
    ]);
  }, 900_000);

  it('signs a job with more new SMILES than a request canonicalises in the dispatcher: hits reused, only misses dispatched', async () => {
    const before = await taskMessages();
    // The 10 docked before, each written differently, and 2 new ones: 12 SMILES this server has not seen (> 8).
    const respelled = ['OCC', 'NCC', 'OC(C)=O', 'C(O)CO', 'OC(C)C', 'OC(=O)CN', 'OCCC', 'N#CC', 'COCC', 'O=CO'];
    const fresh = ['CCCN', 'CCCC'];
    const body = [...respelled, ...fresh].map((smiles) => ({ smiles, name: smiles }));
    const serverCache = cacheCounter(stack.serverMetrics);
    const workerCache = stack.worker().metrics.jobs.cacheLigands;
    const serverHits = await counterValue(serverCache, { pipeline: 'vina', outcome: 'hit' });
    const workerHits = await counterValue(workerCache, { pipeline: 'vina', outcome: 'hit' });
    const workerMisses = await counterValue(workerCache, { pipeline: 'vina', outcome: 'miss' });
    const { http, created } = await submit({ ligands: body });
    expect(http).toBe(202);
    expect(created.status).toBe('PENDING');
    expect(created.cache).toMatchObject({ lookupDeferred: true, reusedLigands: 0, inputSignature: null });
    // Not counted at creation (nothing was looked up): the worker counts the lookup once it has made it.
    expect(await counterValue(serverCache, { pipeline: 'vina', outcome: 'hit' })).toBe(serverHits);
    const db = stack.db.withSchema(stack.org.resultsSchema);
    // The dispatcher signs, reuses and makes tasks for the misses only (then the agent docks them).
    for (let i = 0; i < 600; i++) {
      const job = await db.selectFrom('jobs').select(['task_count']).where('id', '=', created.jobId).executeTakeFirst();
      if ((job?.task_count ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // task_count is written before the tasks are published; the worker counts the dispatch's lookup once dispatchJob
    // has returned (runtime.ts, countDispatch), so the counters are read after that (asserted exactly below).
    for (let i = 0; i < 600; i++) {
      if ((await counterValue(workerCache, { pipeline: 'vina', outcome: 'hit' })) !== workerHits) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await db
      .selectFrom('job_inputs')
      .select(['ligand_id', 'name', 'smiles', 'task_id', 'cached_from_job_id', 'signature'])
      .where('job_id', '=', created.jobId)
      .orderBy('ordinal')
      .execute();
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.signature ?? ''))).toBe(true);
    expect(rows.filter((r) => r.cached_from_job_id !== null).map((r) => r.name)).toEqual(respelled);
    expect(rows.filter((r) => r.task_id !== null).map((r) => r.name)).toEqual(fresh);
    // The agent is sent the SMILES as written.
    expect(rows.map((r) => r.smiles)).toEqual([...respelled, ...fresh]);
    // The same signatures as a job signed in the request: 'OCC' is the 'CCO' of the first job.
    const firstSignature = await db
      .selectFrom('job_inputs')
      .select('signature')
      .where('job_id', '=', first)
      .where('ligand_id', '=', 'inline-1')
      .executeTakeFirstOrThrow();
    expect(rows[0]!.signature).toBe(firstSignature.signature);
    const job = await db
      .selectFrom('jobs')
      .select(['input_signature', 'task_count'])
      .where('id', '=', created.jobId)
      .executeTakeFirstOrThrow();
    expect(job.input_signature).toMatch(/^[0-9a-f]{64}$/);
    expect(job.task_count).toBe(1); // 2 misses, 4 per task
    expect(await counterValue(workerCache, { pipeline: 'vina', outcome: 'hit' })).toBe(workerHits + 10);
    expect(await counterValue(workerCache, { pipeline: 'vina', outcome: 'miss' })).toBe(workerMisses + 2);
    // RDKit's answers are kept for the HTTP server, a process of its own in production.
    const kept = await db.selectFrom('canonical_smiles').select(['smiles', 'canonical']).execute();
    expect(kept).toEqual(
      expect.arrayContaining([
        { smiles: 'OCC', canonical: 'CCO' },
        { smiles: 'CCCN', canonical: 'CCCN' },
      ]),
    );
    const status = await stack.api(`/api/v1/jobs/${created.jobId}/status`);
    expect(((await status.json()) as { cache: { reusedLigands: number } }).cache.reusedLigands).toBe(10);
    await finished(created.jobId);
    expect(await taskMessages()).toBe(before + 1);
    // Submitted again, every SMILES is known and every result stored: 200 COMPLETED in the request, as before.
    const again = await submit({ ligands: body });
    expect(again.http).toBe(200);
    expect(again.created.cache).toMatchObject({ reusedLigands: body.length, computedLigands: 0 });
    expect(again.created.cache).not.toHaveProperty('lookupDeferred');
  }, 900_000);

  it('recomputes when a signature field changes (seed, exhaustiveness, box, receptor), not for cpuPerTask or how a SMILES is written', async () => {
    const receptorH = await stack.addMolecule('receptor', join(vina1iep, '1iep_receptorH.pdb'), 'pdb');
    const variants: Record<string, unknown>[] = [
      { params: { ...PARAMS, seed: 43 } },
      { params: { ...PARAMS, exhaustiveness: 2 } },
      { bindingSite: { ...SITE, center: { ...box.center, x: box.center.x + 0.5 } } },
      { receptorId: receptorH },
      { useCache: false },
    ];
    for (const variant of variants) {
      const { http, created } = await submit({ ligands: ligands(1), ...variant });
      expect(http, JSON.stringify(variant)).toBe(202);
      expect(created.cache?.reusedLigands, JSON.stringify(variant)).toBe(0);
      await stack.api(`/api/v1/jobs/${created.jobId}/cancel`, { method: 'POST', json: {} });
    }
    const cpu = await submit({ ligands: ligands(1), params: { ...PARAMS, cpuPerTask: 3 } });
    expect(cpu.http).toBe(200);
    expect(cpu.created.cache?.reusedLigands).toBe(1);
    // A SMILES is signed by its canonical isomeric SMILES: 'OCC' is the 'CCO' docked before.
    const reordered = await submit({ ligands: [{ smiles: 'OCC', name: 'ethanol written backwards' }] });
    expect(reordered.http).toBe(200);
    expect(reordered.created.cache).toMatchObject({ reusedLigands: 1, fromJobs: [first] });
  });

  it('recomputes when the fleet runs another engine version, and does not cache a result of other versions', async () => {
    // Two more agents advertise Vina 1.2.99: the majority's toolchain is what the signature is made with.
    const kv = await new Kvm(nc).open(AGENTS_BUCKET);
    const beat = (agentId: string): AgentHeartbeat => ({
      v: PROTOCOL_VERSION,
      agentId,
      hostname: 'elsewhere',
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      state: 'running',
      slots: 0,
      busySlots: 0,
      engines: [{ name: 'vina', version: '1.2.99', path: 'vina' }],
      preparationVersion: PREPARATION_VERSION,
      capabilities: { obabel: 'x', rdkit: 'y', cpuCores: 1, gpus: [] },
      currentTasks: [],
    });
    await kv.put('fake-1', JSON.stringify(beat('fake-1')));
    await kv.put('fake-2', JSON.stringify(beat('fake-2')));
    try {
      const { http, created } = await submit({ ligands: ligands(1) });
      expect(http).toBe(202);
      expect(created.cache?.reusedLigands).toBe(0);
      await finished(created.jobId); // run by the real agent (its own versions)
      const stored = await stack.db
        .withSchema(stack.org.resultsSchema)
        .selectFrom('task_results')
        .select('signature')
        .where('job_id', '=', created.jobId)
        .execute();
      expect(stored).toEqual([]);
    } finally {
      await kv.delete('fake-1');
      await kv.delete('fake-2');
    }
  }, 900_000);

  it('honours the TTL and the confidence threshold (request and organisation settings)', async () => {
    const db = stack.db.withSchema(stack.org.resultsSchema);
    const stored = await db
      .selectFrom('task_results')
      .select(['signature', 'confidence_score'])
      .where('job_id', '=', first)
      .where('ligand_id', '=', 'inline-1')
      .executeTakeFirstOrThrow();
    const confidence = stored.confidence_score!;
    const one = { ligands: ligands(1) };
    const reused = async (body: Record<string, unknown>) => {
      const { created } = await submit({ ...one, ...body });
      if (created.status !== 'COMPLETED')
        await stack.api(`/api/v1/jobs/${created.jobId}/cancel`, { method: 'POST', json: {} });
      return created.cache?.reusedLigands;
    };
    // Threshold below and above the stored result's confidence.
    expect(await reused({ cacheMinConfidence: Math.max(0, confidence - 0.01) })).toBe(1);
    expect(await reused({ cacheMinConfidence: Math.min(1, confidence + 0.01) })).toBe(confidence >= 0.99 ? 1 : 0);
    // A result two days old: fresh for a 3-day TTL, expired for a 1-day one.
    await db
      .updateTable('task_results')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('signature', '=', stored.signature)
      .execute();
    expect(await reused({ cacheMaxAgeDays: 3 })).toBe(1);
    expect(await reused({ cacheMaxAgeDays: 1 })).toBe(0);
    // The organisation's settings are the defaults: TTL 1 day, then 0 (never reuse), then a high threshold.
    const admin = await memberWithToken(stack.db, stack.org.id, 'admin@cache.example.org', 'admin');
    const settings = (body: Record<string, unknown>) =>
      fetch(`${stack.url}/api/v1/orgs/current/settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await settings({ cacheTtlDays: 1 })).status).toBe(200);
    expect(await reused({})).toBe(0);
    expect((await settings({ cacheTtlDays: 3 })).status).toBe(200);
    expect(await reused({})).toBe(1);
    expect((await settings({ cacheTtlDays: 0 })).status).toBe(200);
    expect(await reused({})).toBe(0);
    expect((await settings({ cacheTtlDays: null, cacheMinConfidence: Math.min(1, confidence + 0.01) })).status).toBe(
      200,
    );
    expect(await reused({})).toBe(confidence >= 0.99 ? 1 : 0);
    expect((await settings({ cacheMinConfidence: null })).status).toBe(200);
    expect(await reused({})).toBe(1);
    // Clearing the organisation's cache: a scientist may not, an admin may; nothing is reused after it.
    expect((await stack.api('/api/v1/orgs/current/cache', { method: 'DELETE' })).status).toBe(403);
    const cleared = await fetch(`${stack.url}/api/v1/orgs/current/cache`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as { resultsDeleted: number }).resultsDeleted).toBeGreaterThanOrEqual(10);
    expect(await reused({})).toBe(0);
  });

  it('never reuses another organisation’s results', async () => {
    const other = await createOrganization(stack.db, { slug: 'cache-other', name: 'Other lab' });
    const member = await memberWithToken(stack.db, other.id, 'chemist@other.example.org', 'scientist');
    const form = new FormData();
    form.set('kind', 'receptor');
    form.set('file', new Blob([readFileSync(join(vina1iep, '1iep_receptor.pdbqt'))]), '1iep_receptor.pdbqt');
    const upload = await fetch(`${stack.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}` },
      body: form,
    });
    expect(upload.status).toBeLessThan(300);
    const otherReceptor = ((await upload.json()) as { molecules: { id: string }[] }).molecules[0]!.id;
    const response = await fetch(`${stack.url}/api/v1/pipelines/vina/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ receptorId: otherReceptor, ligands: ligands(1), bindingSite: SITE, params: PARAMS }),
    });
    expect(response.status).toBe(202);
    const created = (await response.json()) as Created;
    // Same inputs, same signature, but the other organisation's cache is its own (empty).
    expect(created.cache?.reusedLigands).toBe(0);
    expect(created.cache?.computedLigands).toBe(1);
    await fetch(`${stack.url}/api/v1/jobs/${created.jobId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
  });
});
