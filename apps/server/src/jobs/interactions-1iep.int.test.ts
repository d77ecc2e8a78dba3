// Interactions end to end (issue 17 "Interactions", issue 18 "interaction with a residue"): the prepared imatinib of
// the Vina 1iep tutorial docked by a real agent with the real vina (exhaustiveness 4, seed 42) and profiled by the real
// plipcmd; through REST and tRPC the top pose has the hinge hydrogen bond to MET318, interactsWith=MET318 finds the
// ligand and GLY999 does not, bad values are 400s naming their field, and each pose's interactions are stored once.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;

beforeAll(async () => {
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '30000' });
  await stack.startAgent();
});

afterAll(async () => {
  await stack?.close();
});

interface Interaction {
  type: string;
  residue: { name: string; number: number; chain: string };
  ligandAtoms: { index: number; name: string }[];
  proteinAtoms: { serial: number; name: string }[];
  distance: number;
  angle: number | null;
}
interface Results {
  total: number;
  ligands: {
    ligandId: string;
    provenance: { interactionProfiler: string | null };
    poses: {
      rank: number;
      interactions: Interaction[] | null;
      interactionsReason: string | null;
      interactionProfiler: { name: string; version: string } | null;
    }[];
  }[];
}

it('docks 1iep, finds the MET318 hydrogen bond and filters by it', async () => {
  const receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  const ligand = await stack.addMolecule('ligand', join(sharedDataDir, 'vina-1iep/1iep_ligand.pdbqt'), 'pdbqt');
  const [box] = (await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.box.txt'), 'utf8')).split('\n\n');
  const value = (name: string) => Number(new RegExp(`${name}\\s*=\\s*(-?[\\d.]+)`).exec(box ?? '')?.[1]);
  const created = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      ligandIds: [ligand],
      bindingSite: {
        mode: 'box',
        center: { x: value('center_x'), y: value('center_y'), z: value('center_z') },
        size: { x: value('size_x'), y: value('size_y'), z: value('size_z') },
      },
      params: { exhaustiveness: 4, seed: 42, cpuPerTask: 2 },
    },
  });
  expect(created.status).toBe(202);
  const { jobId } = (await created.json()) as { jobId: string };
  const status = await waitForStatus(stack, jobId, isFinal, 1_200_000);
  expect(status.status).toBe('COMPLETED');

  const results = async (query: string) => {
    const response = await stack.api(`/api/v1/jobs/${jobId}/results${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Results;
  };
  const all = await results('');
  expect(all.total).toBe(1);
  const [docked] = all.ligands;
  const top = docked!.poses[0]!;
  expect(top.interactionProfiler).toEqual({ name: 'plip', version: '2.2.2' });
  expect(docked!.provenance.interactionProfiler).toBe('plip 2.2.2');
  expect(top.interactionsReason).toBeNull();
  const hinge = top.interactions!.find(
    (i) => i.type === 'hydrogen_bond' && i.residue.name === 'MET' && i.residue.number === 318,
  );
  expect(hinge, JSON.stringify(top.interactions)).toBeDefined();
  expect(hinge).toMatchObject({ residue: { chain: 'A' }, proteinAtoms: [{ name: 'N' }] });
  expect(hinge!.distance).toBeLessThan(4.1);
  console.log(
    `1iep top pose interactions: ${top.interactions!.map((i) => `${i.type} ${i.residue.name}${i.residue.number} ${i.distance}`).join('; ')}`,
  );
  // Only the best 3 poses are profiled; the others say so (never an empty list read as "no interactions").
  for (const pose of docked!.poses.slice(3)) {
    expect(pose.interactions).toBeNull();
    expect(pose.interactionsReason).toMatch(/^not profiled: only the best 3/);
  }

  expect((await results('?interactsWith=MET318')).ligands.map((l) => l.ligandId)).toEqual([docked!.ligandId]);
  expect((await results('?interactsWith=A:MET318&interactionType=hydrogen_bond')).total).toBe(1);
  expect((await results('?interactsWith=met318')).total).toBe(1);
  const none = await results('?interactsWith=GLY999');
  expect(none).toMatchObject({ total: 0, ligands: [] });
  expect((await results('?interactsWith=B:MET318')).total).toBe(0);
  expect((await results('?interactsWith=MET318&interactionType=halogen_bond')).total).toBe(0);

  for (const [query, field] of [
    ['interactsWith=MET', 'interactsWith'],
    ['interactsWith=318', 'interactsWith'],
    ['interactionType=hbond', 'interactionType'],
  ] as const) {
    const refused = await stack.api(`/api/v1/jobs/${jobId}/results?${query}`);
    expect(refused.status, query).toBe(400);
    expect(JSON.stringify(await refused.json()), query).toContain(field);
  }

  // tRPC answers the same with the same schema.
  const input = encodeURIComponent(JSON.stringify({ json: { jobId, interactsWith: 'MET318' } }));
  const trpc = (await (await stack.api(`/trpc/jobs.results?input=${input}`)).json()) as {
    result: { data: { json: Results } };
  };
  expect(trpc.result.data.json.ligands.map((l) => l.ligandId)).toEqual([docked!.ligandId]);
  const badInput = encodeURIComponent(JSON.stringify({ json: { jobId, interactsWith: 'GLY' } }));
  expect((await stack.api(`/trpc/jobs.results?input=${badInput}`)).status).toBe(400);

  // Written once: one row per pose, the keys beside the JSON.
  const rows = await sql<{ pose_rank: number; keys: string[] | null; n: string | number }>`
    select pose_rank, interaction_keys as keys, count(*) over (partition by pose_rank) as n
    from ${sql.table(`${stack.org.resultsSchema}.docking_results`)} where job_id = ${jobId} order by pose_rank`.execute(
    stack.db,
  );
  expect(rows.rows.map((r) => Number(r.n))).toEqual(rows.rows.map(() => 1));
  expect(rows.rows[0]!.keys).toEqual(expect.arrayContaining(['MET318', 'A:MET318', 'hydrogen_bond@A:MET318']));

  // The CSV carries the best pose's interactions.
  const csv = await (await stack.api(`/api/v1/jobs/${jobId}/results.csv`)).text();
  expect(csv).toMatch(/hydrogen_bond A:MET318 \d\.\d\d/);
}, 1_500_000);
