// The binding box against the receptor at job creation (no agent runs): a box far from every receptor atom is a 422
// saying where the receptor is, nothing stored; a box at the protein's edge or far larger than the receptor is accepted
// with stored warnings the job's status shows (a 126 Å box is over the volume limit: 400). An autobox is built around
// the atoms of the very structure whose id was given, not of another structure of the same compound (issue 12). Real
// Postgres, s3rver and nats-server (test-stack).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdfAtoms } from '@mad/chem';
import { sharedDataDir } from '@mad/test-utils';
import { startJobsStack, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let receptorId: string;

beforeAll(async () => {
  stack = await startJobsStack();
  receptorId = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), 'pdb');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const submit = (bindingSite: unknown) =>
  stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite, params: { exhaustiveness: 1 } },
  });

describe('the binding box against the receptor', () => {
  it('refuses a box far from every receptor atom with a 422 that says where the receptor is; nothing is stored', async () => {
    const jobsBefore = await stack.db
      .selectFrom('jobs_meta')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    const response = await submit({ mode: 'box', center: { x: 200, y: 200, z: 200 }, size: { x: 20, y: 20, z: 20 } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(
      /^binding site: the box \(centre \(200\.0, 200\.0, 200\.0\), size \(20\.0, 20\.0, 20\.0\) Å\) contains no receptor atom; the nearest is \d+\.\d Å from its centre and the receptor spans centre \(/,
    );
    const jobsAfter = await stack.db
      .selectFrom('jobs_meta')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    expect(jobsAfter).toEqual(jobsBefore);
  });

  it('accepts a box at the edge of the protein or larger than the whole receptor, with the warnings stored', async () => {
    for (const [bindingSite, warning] of [
      [{ mode: 'box', center: { x: 45.1, y: 54, z: 17.1 }, size: { x: 20, y: 20, z: 20 } }, /only \d+ receptor heavy/],
      [
        { mode: 'box', center: { x: 12.6, y: 52, z: 22.6 }, size: { x: 72, y: 62, z: 82 } },
        /larger than the whole receptor/,
      ],
    ] as const) {
      const response = await submit(bindingSite);
      expect(response.status).toBe(202);
      const created = (await response.json()) as { jobId: string; warnings: string[] };
      expect(created.warnings).toEqual(expect.arrayContaining([expect.stringMatching(warning)]));
      const status = (await (await stack.api(`/api/v1/jobs/${created.jobId}/status`)).json()) as { warnings: string[] };
      expect(status.warnings).toEqual(created.warnings);
    }
    // A 126 Å box is over the volume limit (JOB_MAX_BOX_VOLUME): refused before it is compared with the receptor.
    expect(
      (await submit({ mode: 'box', center: { x: 15, y: 54, z: 17 }, size: { x: 126, y: 126, z: 126 } })).status,
    ).toBe(400);
    // The pocket box of the crystal ligand has nothing to warn about.
    const pocket = await submit({
      mode: 'box',
      center: { x: 15.19, y: 53.903, z: 16.917 },
      size: { x: 20, y: 20, z: 20 },
    });
    expect(pocket.status).toBe(202);
    expect(((await pocket.json()) as { warnings: string[] }).warnings).toEqual([]);
  });
});

describe('autobox around an uploaded ligand', () => {
  /** The centre of the atoms' bounding box, as an autobox has it. */
  const centreOf = (sdf: string) => {
    const atoms = sdfAtoms(sdf);
    const mid = (axis: 'x' | 'y' | 'z') =>
      (Math.min(...atoms.map((a) => a[axis])) + Math.max(...atoms.map((a) => a[axis]))) / 2;
    return { x: mid('x'), y: mid('y'), z: mid('z') };
  };
  const upload = async (name: string, content: string) => {
    const response = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'ligand', files: [{ name, content }] },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { molecules: { id: string; inchikey: string; deduplicated: boolean }[] })
      .molecules[0]!;
  };
  const boxOf = async (ligandId: string) => {
    const created = await submit({ mode: 'autobox', ligandId, paddingAngstrom: 4 });
    expect(created.status, await created.clone().text()).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status`)).json()) as {
      box: { center: { x: number; y: number; z: number } };
    };
    return status.box.center;
  };

  it("uses that structure's own atoms: 1iep's ligand moved +6 Å in x gives a box centred 6 Å further in x", async () => {
    const original = await readFile(join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), 'utf8');
    // The same compound, every atom 6 Å further along x (the V2000 atom block's first column, 10 wide).
    const moved = original
      .split('\n')
      .map((line) =>
        /^\s*-?\d+\.\d{4}\s+-?\d+\.\d{4}\s+-?\d+\.\d{4}\s+[A-Z][a-z]?\s/.test(line)
          ? `${(Number(line.slice(0, 10)) + 6).toFixed(4).padStart(10)}${line.slice(10)}`
          : line,
      )
      .join('\n');
    const from = centreOf(original);
    const to = centreOf(moved);
    expect(to.x - from.x).toBeCloseTo(6, 3);
    expect(sdfAtoms(moved)).toHaveLength(sdfAtoms(original).length);

    const first = await upload('1iep_ligand.sdf', original);
    const second = await upload('1iep_ligand-moved-6A.sdf', moved);
    expect(second).toMatchObject({ inchikey: first.inchikey, deduplicated: false });
    expect(second.id).not.toBe(first.id);

    // The moved structure's id: its own centre (x ≈ 21.1 in 1iep's frame), not the first upload's (x ≈ 15.1).
    const movedBox = await boxOf(second.id);
    for (const axis of ['x', 'y', 'z'] as const) expect(movedBox[axis]).toBeCloseTo(to[axis], 2);
    expect(movedBox.x - from.x).toBeCloseTo(6, 2);
    // And the first structure's id: the crystal pose's centre, still.
    const originalBox = await boxOf(first.id);
    for (const axis of ['x', 'y', 'z'] as const) expect(originalBox[axis]).toBeCloseTo(from[axis], 2);
  });
});
