// The results workspace's server side (issue 17 "A results workspace"), with real Postgres, nats-server, s3rver, the
// worker, an in-process agent and vina: the molecule's properties and Lipinski/Veber flags on every ligand, sorting by
// a property, the confidence or the ligand efficiency (cursor pages, the ligands without the value last), the rule
// flags, ligand-efficiency and selection (ordinals) filters in the list and the exports, the plots' counts
// (jobs.resultsSummary), and strict inputs (400 naming the field).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { startJobsStack, waitForStatus, isFinal, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let cyp3a4: string;
const CYP3A4_BOX = { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 30, y: 30, z: 30 } };

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  cyp3a4 = await stack.addMolecule('receptor', join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'), 'pdbqt');
});

afterAll(async () => {
  await stack?.close();
});

interface Properties {
  molecularWeight: number | null;
  heavyAtoms: number | null;
  clogP: number | null;
  rotatableBonds: number | null;
  lipinski: boolean | null;
  veber: boolean | null;
}
interface Listed {
  ligandId: string;
  ordinal: number;
  name: string;
  bestAffinityKcalMol: number | null;
  confidenceScore: number | null;
  properties: Properties | null;
}
interface Page {
  total: number;
  nextCursor: string | null;
  ligands: Listed[];
}

async function createJob(library: { name: string; smiles: string }[], inline: { name: string; smiles: string }) {
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
      ligands: [inline],
      bindingSite: CYP3A4_BOX,
      params: { exhaustiveness: 1, seed: 1 },
      useCache: false,
    },
  });
  expect(created.status).toBe(202);
  return ((await created.json()) as { jobId: string }).jobId;
}

/** Every page of a query (limit 2, by cursor): the names in order and each page's total. */
async function walk(jobId: string, query: string) {
  const ligands: Listed[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  do {
    const response = await stack.api(
      `/api/v1/jobs/${jobId}/results?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(response.status, query).toBe(200);
    const page = (await response.json()) as Page;
    ligands.push(...page.ligands);
    totals.add(page.total);
    cursor = page.nextCursor;
  } while (cursor && ligands.length < 20);
  return { names: ligands.map((l) => l.name), totals: [...totals], ligands };
}

const csvNames = async (jobId: string, query: string) => {
  const response = await stack.api(`/api/v1/jobs/${jobId}/results.csv?${query}`);
  expect(response.status, query).toBe(200);
  const [header, ...lines] = (await response.text()).trimEnd().split('\n');
  const column = header!.split(',').indexOf('name');
  return lines.map((line) => line.split(',')[column]);
};

describe('properties, rule flags, sorts and the selection filter (no docking)', () => {
  it('answers the stored descriptors and flags, sorts by a property with the missing ones last, filters by the rules and by ordinals', async () => {
    const library = [
      { name: 'ethanol', smiles: 'CCO' }, // MW 46.1, cLogP -0.0, rot 0: both rules pass
      { name: 'hexadecane', smiles: 'CCCCCCCCCCCCCCCC' }, // 226.4, cLogP 6.5 (one Lipinski violation), rot 13 (Veber fails)
      { name: 'triacontane', smiles: 'C'.repeat(30) }, // 422.8, cLogP 12 ... and 40 atoms: MW ok, cLogP > 5
      { name: 'tetracontane', smiles: 'C'.repeat(40) }, // 563.1 > 500 and cLogP > 5: two violations, Lipinski fails
      { name: 'caffeine', smiles: 'Cn1cnc2c1c(=O)n(C)c(=O)n2C' }, // 194.2, cLogP -1.0, rot 0
    ];
    const jobId = await createJob(library, { name: 'inline ethylamine', smiles: 'CCN' });
    onTestFinished(async () => {
      await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    });
    const all = await walk(jobId, 'sort=ordinal');
    expect(all.names).toEqual([...library.map((l) => l.name), 'inline ethylamine']);
    const byName = new Map(all.ligands.map((l) => [l.name, l]));
    expect(byName.get('ethanol')!.properties).toMatchObject({
      molecularWeight: expect.closeTo(46.07, 1),
      heavyAtoms: 3,
      rotatableBonds: 0,
      lipinski: true,
      veber: true,
    });
    expect(byName.get('hexadecane')!.properties).toMatchObject({ heavyAtoms: 16, lipinski: true, veber: false });
    expect(byName.get('tetracontane')!.properties).toMatchObject({ heavyAtoms: 40, lipinski: false, veber: false });
    expect(byName.get('inline ethylamine')!.properties).toBeNull();

    // Sorted by a property, paged by cursor: ascending and descending by the value, the inline SMILES last in both.
    const weight = (name: string) => byName.get(name)!.properties?.molecularWeight ?? Infinity;
    const ascending = [...all.names].sort((a, b) => weight(a) - weight(b));
    expect((await walk(jobId, 'sort=molecularWeight')).names).toEqual(ascending);
    expect((await walk(jobId, 'sort=molecularWeight&order=desc')).names).toEqual([
      ...ascending.slice(0, -1).reverse(),
      'inline ethylamine',
    ]);
    expect((await walk(jobId, 'sort=heavyAtoms&order=desc&clogPMin=5')).names).toEqual([
      'tetracontane',
      'triacontane',
      'hexadecane',
    ]);
    // With offsets too (the dashboard's table asks for the rows it scrolls to).
    const offset = (await (
      await stack.api(`/api/v1/jobs/${jobId}/results?sort=molecularWeight&offset=2&limit=2`)
    ).json()) as Page;
    expect(offset.ligands.map((l) => l.name)).toEqual(ascending.slice(2, 4));

    // The rules: a ligand without stored properties matches neither value.
    expect(await walk(jobId, 'sort=ordinal&lipinski=false')).toMatchObject({ names: ['tetracontane'], totals: [1] });
    expect((await walk(jobId, 'sort=ordinal&lipinski=true')).names).toEqual([
      'ethanol',
      'hexadecane',
      'triacontane',
      'caffeine',
    ]);
    expect((await walk(jobId, 'sort=ordinal&veber=true')).names).toEqual(['ethanol', 'caffeine']);
    expect((await walk(jobId, 'sort=ordinal&veber=false&lipinski=true')).names).toEqual(['hexadecane', 'triacontane']);

    // The selection: by ordinal, in the list and in the exports.
    expect(await walk(jobId, 'sort=ordinal&ordinals=5,1,6')).toMatchObject({
      names: ['ethanol', 'caffeine', 'inline ethylamine'],
      totals: [3],
    });
    expect(await csvNames(jobId, 'ordinals=2,4')).toEqual(['hexadecane', 'tetracontane']);
    expect(await csvNames(jobId, 'ordinals=2,4&veber=true')).toEqual([]);
    expect(await csvNames(jobId, 'lipinski=false')).toEqual(['tetracontane']);

    // Strict: every new input refused with a 400 naming it.
    const refused = async (path: string, field: string) => {
      const response = await stack.api(path);
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ field, message: expect.stringContaining(field) });
    };
    const results = `/api/v1/jobs/${jobId}/results`;
    await refused(`${results}?sort=mw`, 'sort');
    await refused(`${results}?lipinski=yes`, 'lipinski');
    await refused(`${results}?veber=1`, 'veber');
    await refused(`${results}?ordinals=0`, 'ordinals');
    await refused(`${results}?ordinals=1,,2`, 'ordinals');
    await refused(`${results}?ordinals=${Array.from({ length: 1_001 }, (_, i) => i + 1).join(',')}`, 'ordinals');
    await refused(`${results}?ligandEfficiencyMin=0.5&ligandEfficiencyMax=0.2`, 'ligandEfficiencyMin');
    await refused(`/api/v1/jobs/${jobId}/results.csv?ordinals=one`, 'ordinals');
    await refused(`/api/v1/jobs/${jobId}/results.sdf?lipinski=maybe`, 'lipinski');
    await refused(`${results}/summary?x=affinity`, 'x');
    await refused(`${results}/summary?bins=10`, 'bins');
    // A cursor made for another sort is refused.
    const first = (await (await stack.api(`${results}?sort=clogP&limit=1`)).json()) as Page;
    const other = await stack.api(`${results}?sort=tpsa&limit=1&cursor=${first.nextCursor}`);
    expect(other.status).toBe(400);
    // Nothing docked: the plots have nothing to count.
    const summary = await stack.api(`${results}/summary`);
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ docked: 0, affinity: null, affinityVsProperty: null });
  });
});

describe('docked: the ligand-efficiency and confidence sorts, the efficiency filter and the plots’ counts', () => {
  it('sorts and filters by the computed values and counts every docked ligand in each plot', async () => {
    const agent = await stack.startAgent();
    onTestFinished(() => agent.stop());
    const library = [
      { name: 'ethanol', smiles: 'CCO' },
      { name: 'benzoic acid', smiles: 'OC(=O)c1ccccc1' },
      { name: 'caffeine', smiles: 'Cn1cnc2c1c(=O)n(C)c(=O)n2C' },
      { name: 'toluene', smiles: 'Cc1ccccc1' },
      { name: 'phenol', smiles: 'Oc1ccccc1' },
    ];
    const jobId = await createJob(library, { name: 'inline ethylamine', smiles: 'CCN' });
    const final = await waitForStatus(stack, jobId, isFinal, 600_000);
    expect(final).toMatchObject({ status: 'COMPLETED', ligands: { total: 6, SUCCEEDED: 6 } });
    const all = (await walk(jobId, 'sort=ordinal')).ligands;
    const efficiency = (l: Listed) =>
      l.properties?.heavyAtoms ? -l.bestAffinityKcalMol! / l.properties.heavyAtoms : null;
    const byEfficiency = [...all].sort(
      (a, b) => (efficiency(b) ?? -Infinity) - (efficiency(a) ?? -Infinity) || a.ordinal - b.ordinal,
    );
    // Descending: the most efficient first; the inline ligand (no stored heavy atoms) last.
    expect((await walk(jobId, 'sort=ligandEfficiency&order=desc')).names).toEqual(byEfficiency.map((l) => l.name));
    expect((await walk(jobId, 'sort=ligandEfficiency&order=desc')).names.at(-1)).toBe('inline ethylamine');
    const byConfidence = [...all].sort((a, b) => a.confidenceScore! - b.confidenceScore! || a.ordinal - b.ordinal);
    expect((await walk(jobId, 'sort=confidence')).names).toEqual(byConfidence.map((l) => l.name));
    const middle = efficiency(byEfficiency[2]!)!;
    expect((await walk(jobId, `sort=ordinal&ligandEfficiencyMin=${middle}`)).names).toEqual(
      all.filter((l) => (efficiency(l) ?? -Infinity) >= middle).map((l) => l.name),
    );

    // The plots: every docked ligand in the histogram, the uploaded ones (with properties) in the grids.
    const summary = (await (await stack.api(`/api/v1/jobs/${jobId}/results/summary?x=clogP`)).json()) as {
      docked: number;
      affinity: { min: number; max: number; counts: number[] };
      affinityVsProperty: { x: { min: number; max: number }; bins: number; cells: [number, number, number][] };
      efficiencyVsHeavyAtoms: { x: { min: number; max: number }; cells: [number, number, number][] };
    };
    const affinities = all.map((l) => l.bestAffinityKcalMol!);
    expect(summary.docked).toBe(6);
    expect(summary.affinity.min).toBe(Math.min(...affinities));
    expect(summary.affinity.max).toBe(Math.max(...affinities));
    expect(summary.affinity.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(summary.affinityVsProperty.cells.reduce((a, c) => a + c[2], 0)).toBe(5);
    expect(summary.efficiencyVsHeavyAtoms.cells.reduce((a, c) => a + c[2], 0)).toBe(5);
    expect(summary.efficiencyVsHeavyAtoms.x).toEqual({ min: 3, max: 14 });
    // Filtered as the list is.
    const filtered = (await (await stack.api(`/api/v1/jobs/${jobId}/results/summary?heavyAtomsMin=7`)).json()) as {
      docked: number;
    };
    expect(filtered.docked).toBe(all.filter((l) => (l.properties?.heavyAtoms ?? 0) >= 7).length);
    // tRPC answers the same.
    const input = encodeURIComponent(JSON.stringify({ json: { jobId, x: 'clogP' } }));
    const viaTrpc = (await (await stack.api(`/trpc/jobs.resultsSummary?input=${input}`)).json()) as {
      result: { data: { json: unknown } };
    };
    expect(viaTrpc.result.data.json).toEqual(summary);
  });
});
