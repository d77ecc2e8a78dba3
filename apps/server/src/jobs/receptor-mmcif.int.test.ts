// A receptor uploaded as PDBx/mmCIF (issue 20, "a receptor uploaded as mmCIF docks the same as its PDB"): through the
// REST upload, the job and the results, with real Postgres, s3rver, nats-server, the worker, an in-process agent
// (gemmi reads the mmCIF, Open Babel prepares it) and the real vina. The mmCIF is gemmi's own of 1iep_receptorH.pdb;
// the PDB it is compared with is gemmi's PDB of that mmCIF, so both hold the same atoms in the same order (the order
// enters Vina's sums and search path: agents/dock-agent/src/prep/receptor-mmcif.test.ts).
// The stack runs as a deployment whose users and agents reach the object store at another address than the server
// (S3_PUBLIC_ENDPOINT = a reverse proxy in front of it, issue 13): every presigned link of the server (downloads) and of
// the worker (the agent's inputs and results) goes through that address, and still verifies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');
const POCKET = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const PARAMS = { exhaustiveness: 1, seed: 42, numModes: 3, cpuPerTask: 1 };

interface Uploaded {
  id: string;
  sourceFormat: string;
  properties: Record<string, unknown> & { format: string; atoms: number };
}
interface Ligand {
  status: string;
  bestAffinityKcalMol: number | null;
  poses: { rank: number; affinityKcalMol: number }[];
}

let stack: JobsStack;
let dir = '';
let cifPath = '';
let pdbPath = '';
let imatinibId = '';

function gemmi(script: string, ...args: string[]) {
  execFileSync('/usr/bin/python3', ['-c', `import sys, gemmi; ${script}`, ...args]);
}

async function upload(kind: 'receptor' | 'ligand', path: string, name: string) {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new Blob([readFileSync(path)]), name);
  const response = await fetch(`${stack.url}/api/v1/molecules/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function dock(receptorId: string): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, ligandIds: [imatinibId], bindingSite: POCKET, params: PARAMS },
  });
  const created = (await response.json()) as { jobId: string };
  expect(response.status, JSON.stringify(created)).toBe(202);
  return created.jobId;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'receptor-mmcif-'));
  cifPath = join(dir, '1iep_receptor.cif');
  pdbPath = join(dir, '1iep_receptor_from_cif.pdb');
  gemmi(
    'st = gemmi.read_structure(sys.argv[1]); st.setup_entities(); st.make_mmcif_document().write_file(sys.argv[2])',
    join(vina1iep, '1iep_receptorH.pdb'),
    cifPath,
  );
  gemmi('gemmi.read_structure(sys.argv[1]).write_minimal_pdb(sys.argv[2])', cifPath, pdbPath);
  stack = await startJobsStack({}, { publicS3Proxy: true });
  imatinibId = await stack.addMolecule('ligand', join(vina1iep, '1iep_ligand.sdf'), 'sdf');
  await stack.startAgent({ AGENT_CPUS: '2' });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('a PDBx/mmCIF receptor', () => {
  let cif: Uploaded;
  let pdb: Uploaded;

  it('is stored as given (format mmcif), with the same receptor facts as the same structure in PDB', async () => {
    const cifAnswer = await upload('receptor', cifPath, '1iep_receptor.cif');
    const pdbAnswer = await upload('receptor', pdbPath, '1iep_receptor_from_cif.pdb');
    expect(cifAnswer.status, JSON.stringify(cifAnswer.body)).toBe(201);
    expect(pdbAnswer.status, JSON.stringify(pdbAnswer.body)).toBe(201);
    [cif] = cifAnswer.body.molecules as [Uploaded];
    [pdb] = pdbAnswer.body.molecules as [Uploaded];
    expect(cif.sourceFormat).toBe('mmcif');
    expect(cif.properties.format).toBe('mmcif');
    expect(pdb.sourceFormat).toBe('pdb');
    const facts = [
      'atoms',
      'hydrogens',
      'heavyAtoms',
      'residues',
      'chains',
      'hetGroups',
      'waters',
      'altLocAtoms',
      'models',
    ];
    const factsOf = (m: Uploaded) => Object.fromEntries(facts.map((key) => [key, m.properties[key]]));
    expect(factsOf(cif)).toEqual(factsOf(pdb));
    expect(cif.properties.atoms).toBeGreaterThan(4000);
    // The stored object is the uploaded file, byte for byte.
    const stored = await stack.db
      .selectFrom('molecules')
      .innerJoin('artifacts', 'artifacts.id', 'molecules.artifact_id')
      .select(['artifacts.s3_key', 'artifacts.format', 'artifacts.media_type'])
      .where('molecules.id', '=', cif.id)
      .executeTakeFirstOrThrow();
    expect(stored.format).toBe('mmcif');
    expect(stored.media_type).toBe('chemical/x-mmcif');
    expect(Buffer.from(await stack.storage.getObject(stored.s3_key)).equals(readFileSync(cifPath))).toBe(true);
  });

  it('is refused as a ligand, naming what a ligand can be', async () => {
    const answer = await upload('ligand', cifPath, '1iep_receptor.cif');
    // Nothing of the upload could be stored: 422 with the file's reason (API_CONTRACT "Uploads").
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toMatch(/a ligand must be .*this file is PDBx\/mmCIF/);
  });

  it('docks imatinib exactly as its PDB does (same seed: the same poses and affinities)', async () => {
    const [cifJob, pdbJob] = await Promise.all([dock(cif.id), dock(pdb.id)]);
    for (const jobId of [cifJob, pdbJob])
      expect((await waitForStatus(stack, jobId, isFinal, 900_000)).status).toBe('COMPLETED');
    const ligandOf = async (jobId: string) =>
      ((await (await stack.api(`/api/v1/jobs/${jobId}/results?limit=10`)).json()) as { ligands: Ligand[] }).ligands;
    const [fromCif] = (await ligandOf(cifJob)) as [Ligand];
    const [fromPdb] = (await ligandOf(pdbJob)) as [Ligand];
    expect(fromCif.status).toBe('SUCCEEDED');
    expect(fromCif.bestAffinityKcalMol).toBeLessThan(-8);
    expect(fromCif.poses.map((p) => p.affinityKcalMol)).toEqual(fromPdb.poses.map((p) => p.affinityKcalMol));

    // results.zip: complex.pdb of the mmCIF job holds the receptor's atoms in PDB columns, as the PDB job's does.
    const complexAtoms = async (jobId: string) => {
      const zip = Buffer.from(await (await stack.api(`/api/v1/jobs/${jobId}/results.zip`)).arrayBuffer());
      const text = execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import io, sys, zipfile; z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); ' +
            'print(next(z.read(n).decode() for n in z.namelist() if n.endswith("complex.pdb")))',
        ],
        { input: zip, encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      // Receptor atoms: name, residue, chain, number and coordinates (columns 13-54), serials left out.
      return text
        .split('\n')
        .filter((line) => /^(ATOM {2}|HETATM)/.test(line) && !line.slice(17, 26).startsWith('LIG L'))
        .map((line) => `${line.slice(0, 6)}${line.slice(12, 54)}`);
    };
    const [cifComplex, pdbComplex] = await Promise.all([complexAtoms(cifJob), complexAtoms(pdbJob)]);
    expect(cifComplex.length).toBe(cif.properties.atoms);
    expect(cifComplex).toEqual(pdbComplex);
  }, 900_000);

  it('hands out presigned links at S3_PUBLIC_ENDPOINT only: downloads and the agent’s inputs and results', async () => {
    const proxy = stack.publicS3!;
    // The docking above: the agent fetched the receptors and ligand and put its results through the public address.
    expect(proxy.seen.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(3);
    expect(proxy.seen.filter((r) => r.method === 'PUT').length).toBeGreaterThan(0);
    // A download link of the server points there too, and answers the stored bytes through it.
    const molecule = await stack.api(`/api/v1/molecules/${cif.id}`);
    const artifactId = ((await molecule.json()) as { artifactId: string }).artifactId;
    const link = await stack.api(`/api/v1/artifacts/${artifactId}`);
    expect(link.status).toBe(302);
    const location = link.headers.get('location')!;
    expect(new URL(location).origin).toBe(proxy.url);
    const before = proxy.seen.length;
    const body = await fetch(location);
    expect(body.status).toBe(200);
    expect(Buffer.from(await body.arrayBuffer()).equals(readFileSync(cifPath))).toBe(true);
    expect(proxy.seen.length).toBe(before + 1);
  });
});
