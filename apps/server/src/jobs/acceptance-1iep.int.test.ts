// The 1iep acceptance through REST, seed 42, exhaustiveness 8, one job with two ligands, both uploaded through the
// upload route, the crystal SDF first: the prepared PDBQT of the same compound must be stored as its own structure
// and docked as given, whatever was uploaded before it (issue 12; it used to come back as the SDF, -14.10):
// - the prepared crystal ligand (1iep_ligand.pdbqt, the very file of runs-here/1iep_ex8_seed42.log) must land within
//   0.3 kcal/mol of vina run directly on it (-13.36): same prepared files, same seed, so the platform adds nothing;
// - imatinib from the crystal SDF (prepared by the agent) must put its top pose within 2 Å of the crystal ligand.
// Both top poses are compared with the crystal with obrms (symmetry-corrected). The PDBQT's stored bytes, its top
// pose's atoms and the job's provenance (vina's version, seed, parameters, the structure's hash) are checked too.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { TASKS_STREAM } from '@mad/protocol';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const run = promisify(execFile);
let stack: JobsStack;
let scratch: string;
/** The first submission's request and answer, for the resubmission (the result cache). */
let request: Record<string, unknown>;
let first: { jobId: string; ligands: unknown[] };

beforeAll(async () => {
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '30000' }, { resultCache: true });
  await stack.startAgent();
  scratch = await mkdtemp(join(tmpdir(), 'mad-1iep-'));
});

afterAll(async () => {
  await stack?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function directVinaTop(): Promise<number> {
  const log = await readFile(join(sharedDataDir, 'vina-1iep/runs-here/1iep_ex8_seed42.log'), 'utf8');
  const mode1 = /^\s+1\s+(-?\d+\.\d+)/m.exec(log);
  if (!mode1?.[1]) throw new Error('no mode 1 in the reference log');
  return Number(mode1[1]);
}

it('matches direct vina within 0.3 kcal/mol and the crystal pose within 2 Å', async () => {
  const receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  const upload = async (file: string) => {
    const response = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: {
        kind: 'ligand',
        files: [{ name: file, content: await readFile(join(sharedDataDir, 'vina-1iep', file), 'utf8') }],
      },
    });
    expect(response.status).toBe(201);
    const { molecules } = (await response.json()) as {
      molecules: {
        id: string;
        artifactId: string;
        sourceFormat: string;
        deduplicated: boolean;
        sameCompound: string[];
      }[];
    };
    return molecules[0]!;
  };
  const sdfStructure = await upload('1iep_ligand.sdf');
  const pdbqtStructure = await upload('1iep_ligand.pdbqt');
  expect(pdbqtStructure).toMatchObject({ sourceFormat: 'pdbqt', deduplicated: false, sameCompound: [sdfStructure.id] });
  const crystalSdf = sdfStructure.id;
  const preparedCrystal = pdbqtStructure.id;
  const [box] = (await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.box.txt'), 'utf8')).split('\n\n');
  const value = (name: string) => Number(new RegExp(`${name}\\s*=\\s*(-?[\\d.]+)`).exec(box ?? '')?.[1]);
  request = {
    receptorId: receptor,
    ligandIds: [preparedCrystal, crystalSdf],
    bindingSite: {
      mode: 'box',
      center: { x: value('center_x'), y: value('center_y'), z: value('center_z') },
      size: { x: value('size_x'), y: value('size_y'), z: value('size_z') },
    },
    params: { exhaustiveness: 8, seed: 42, cpuPerTask: 2 },
  };
  const response = await stack.api('/api/v1/pipelines/vina/jobs', { method: 'POST', json: request });
  expect(response.status).toBe(202);
  const { jobId } = (await response.json()) as { jobId: string };
  const status = await waitForStatus(stack, jobId, isFinal, 1_500_000);
  expect(status.status).toBe('COMPLETED');

  const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results?sort=ordinal`)).json()) as {
    ligands: {
      moleculeId: string;
      bestAffinityKcalMol: number;
      files: { posesSdf: string; posesPdbqt: string | null };
      provenance: {
        engine: string;
        engineVersion: string | null;
        seed: number;
        cacheHit: boolean;
        computedByJobId: string;
      };
    }[];
  };
  first = { jobId, ligands: results.ligands };
  const fromPdbqt = results.ligands.find((l) => l.moleculeId === preparedCrystal)!;
  const fromSdf = results.ligands.find((l) => l.moleculeId === crystalSdf)!;
  const reference = await directVinaTop();
  const rmsd = async (posesSdfLink: string, name: string) => {
    // The link is our route; it answers 302 to a presigned URL of the file.
    const poses = await (await fetch((await stack.api(posesSdfLink)).headers.get('location')!)).text();
    const topPose = join(scratch, `${name}.sdf`);
    await writeFile(topPose, `${poses.split('$$$$')[0]!.replace(/^\n+/, '')}$$$$\n`);
    const { stdout } = await run('obrms', [join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), topPose]);
    return Number(/RMSD\s+\S+\s+(\d+\.?\d*)/.exec(stdout)?.[1]);
  };
  const rmsdPdbqt = await rmsd(fromPdbqt.files.posesSdf, 'from-pdbqt');
  const rmsdSdf = await rmsd(fromSdf.files.posesSdf, 'from-sdf');
  console.log(
    `1iep through the platform: prepared crystal PDBQT top ${fromPdbqt.bestAffinityKcalMol} kcal/mol (direct vina ${reference}), RMSD ${rmsdPdbqt} Å; crystal SDF prepared by the agent top ${fromSdf.bestAffinityKcalMol} kcal/mol, RMSD ${rmsdSdf} Å`,
  );
  expect(Math.abs(fromPdbqt.bestAffinityKcalMol - reference)).toBeLessThanOrEqual(0.3);

  // What went in is what was docked: the stored bytes are the uploaded file's, byte for byte; the top pose has that
  // structure's atoms (vina writes its input's atoms, names and AutoDock types in the input's order); the job names
  // what ran (engine and version, the parameters, the structure's id and hash).
  const uploaded = await readFile(join(sharedDataDir, 'vina-1iep/1iep_ligand.pdbqt'));
  const stored = await (
    await fetch(
      (await stack.api(`/api/v1/artifacts/${pdbqtStructure.artifactId}`, { redirect: 'manual' })).headers.get(
        'location',
      )!,
    )
  ).arrayBuffer();
  expect(Buffer.from(stored).equals(uploaded)).toBe(true);
  const molecule = (await (await stack.api(`/api/v1/molecules/${preparedCrystal}`)).json()) as {
    contentSha256: string;
    sourceFormat: string;
  };
  expect(molecule).toMatchObject({
    contentSha256: createHash('sha256').update(uploaded).digest('hex'),
    sourceFormat: 'pdbqt',
  });
  const atomsOf = (pdbqt: string) =>
    pdbqt
      .split('\n')
      .filter((line) => /^(ATOM|HETATM)/.test(line))
      .map((line) => `${line.slice(12, 16).trim()} ${line.trim().split(/\s+/).at(-1)}`);
  const posesLink = (await stack.api(fromPdbqt.files.posesPdbqt!, { redirect: 'manual' })).headers.get('location')!;
  const topPose = (await (await fetch(posesLink)).text()).split('ENDMDL')[0]!;
  expect(atomsOf(topPose)).toEqual(atomsOf(uploaded.toString('utf8')));
  const { stdout: vinaVersion } = await run('vina', ['--version']);
  expect(fromPdbqt.provenance).toMatchObject({ engine: 'vina', seed: 42, cacheHit: false, computedByJobId: jobId });
  expect(vinaVersion).toContain(fromPdbqt.provenance.engineVersion!);
  const job = (await (await stack.api(`/api/v1/jobs/${jobId}`)).json()) as {
    params: Record<string, unknown>;
    receptorId?: string;
  };
  expect(job.params).toMatchObject({ exhaustiveness: 8, seed: 42, cpuPerTask: 2 });
  expect(rmsdPdbqt).toBeLessThan(2);
  expect(rmsdSdf).toBeLessThan(2);
}, 1_600_000);

it('answers the same submission 200 COMPLETED with the same poses and affinities, no task reaching an agent', async () => {
  expect(first).toBeDefined();
  const nc = await connect({ servers: stack.nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(TASKS_STREAM)).state.last_seq;
    const response = await stack.api('/api/v1/pipelines/vina/jobs', { method: 'POST', json: request });
    expect(response.status).toBe(200);
    const created = (await response.json()) as { jobId: string; status: string; cache: { fromJobs: string[] } };
    expect(created.status).toBe('COMPLETED');
    expect(created.cache.fromJobs).toEqual([first.jobId]);
    expect((await jsm.streams.info(TASKS_STREAM)).state.last_seq).toBe(before);
    const again = (await (await stack.api(`/api/v1/jobs/${created.jobId}/results?sort=ordinal`)).json()) as {
      ligands: { moleculeId: string; bestAffinityKcalMol: number; poses: unknown[]; provenance: unknown }[];
    };
    const essentials = (ligands: unknown[]) =>
      (ligands as { moleculeId: string; bestAffinityKcalMol: number; poses: unknown[] }[]).map((l) => [
        l.moleculeId,
        l.bestAffinityKcalMol,
        l.poses,
      ]);
    expect(essentials(again.ligands)).toEqual(essentials(first.ligands));
  } finally {
    await nc.close();
  }
});
