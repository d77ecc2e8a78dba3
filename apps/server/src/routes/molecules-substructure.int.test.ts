// Substructure search of the molecule library (issue 17): GET /api/v1/molecules and molecules.list with `substructure`,
// real Postgres and RDKit in the chemistry worker. Pyridine finds imatinib and the other pyridines only, SMARTS works,
// the other filters combine, a bad query is a 400 naming the field, another organisation's molecules never match, and
// a scan bounded below the library's size pages through every match exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoleculesHarness, type MoleculesHarness } from '../../test/molecules-harness.js';
import type { Listening } from '../../test/auth-http.js';

const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
// Uploaded in this order (newest last), one request each so created_at orders them.
const ACME = [
  { smiles: IMATINIB, name: 'imatinib' },
  { smiles: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' },
  { smiles: 'CN1CCC[C@H]1c1cccnc1', name: 'nicotine' },
  { smiles: 'c1cncnc1', name: 'pyrimidine' },
  { smiles: 'Nc1ccncc1', name: '4-aminopyridine' },
  { smiles: 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C', name: 'caffeine' },
];
const PYRIDINES_NEWEST_FIRST = ['4-aminopyridine', 'nicotine', 'imatinib'];

interface Page {
  molecules: { id: string; name: string; kind: string }[];
  nextCursor: string | null;
  substructure?: { queryAs: string; scanned: number; scanLimit: number; limitReached: boolean };
}

let h: MoleculesHarness;
let api: Listening;

async function upload(token: string, entries: { smiles: string; name: string }[]) {
  for (const entry of entries) {
    const response = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ligand', smiles: [entry] }),
    });
    expect(response.status, entry.name).toBe(201);
  }
}

async function list(server: Listening, token: string, query: Record<string, string>) {
  const response = await fetch(`${server.url}/api/v1/molecules?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Page & { field?: string; message?: string } };
}

/** Every page of a substructure search, following nextCursor until null. */
async function allPages(server: Listening, query: Record<string, string>) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await list(server, h.tokens.acme.viewer, { ...query, ...(cursor ? { cursor } : {}) });
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

beforeAll(async () => {
  h = await startMoleculesHarness('mad_substructure');
  api = await h.serve();
  await upload(h.tokens.acme.scientist, ACME);
  await upload(h.tokens.other.scientist, [{ smiles: 'Cc1ccccn1', name: 'picoline of other' }]);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('substructure search of the library', () => {
  it('pyridine (c1ccncc1, as SMILES) finds imatinib and the other pyridines only, and says what it scanned', async () => {
    const { status, body } = await list(api, h.tokens.acme.viewer, { substructure: 'c1ccncc1' });
    expect(status).toBe(200);
    expect(body.molecules.map((m) => m.name)).toEqual(PYRIDINES_NEWEST_FIRST);
    expect(body.substructure).toEqual({
      queryAs: 'smiles',
      scanned: ACME.length,
      scanLimit: 10_000,
      limitReached: false,
    });
    expect(body.nextCursor).toBeNull();
    // Kekulé pyridine is the same query; without the filter the list has no `substructure`.
    const kekule = await list(api, h.tokens.acme.viewer, { substructure: 'C1=CC=NC=C1' });
    expect(kekule.body.molecules.map((m) => m.name)).toEqual(PYRIDINES_NEWEST_FIRST);
    expect((await list(api, h.tokens.acme.viewer, {})).body.substructure).toBeUndefined();
  });

  it('reads a query that is not SMILES as SMARTS', async () => {
    for (const smarts of ['[NX3;H2]c', 'c[NH2]']) {
      const { status, body } = await list(api, h.tokens.acme.viewer, { substructure: smarts });
      expect(status, smarts).toBe(200);
      expect(body.molecules.map((m) => m.name)).toEqual(['4-aminopyridine']);
      expect(body.substructure?.queryAs).toBe('smarts');
    }
  });

  it('combines with the other filters (property ranges, name, kind)', async () => {
    const heavy = await list(api, h.tokens.acme.viewer, { substructure: 'c1ccncc1', molecularWeightMin: '300' });
    expect(heavy.body.molecules.map((m) => m.name)).toEqual(['imatinib']);
    expect(heavy.body.substructure?.scanned).toBe(1);
    const named = await list(api, h.tokens.acme.viewer, { substructure: 'c1ccncc1', name: 'nico' });
    expect(named.body.molecules.map((m) => m.name)).toEqual(['nicotine']);
    const receptors = await list(api, h.tokens.acme.viewer, { substructure: 'c1ccncc1', kind: 'receptor' });
    expect(receptors.body).toMatchObject({ molecules: [], nextCursor: null, substructure: { scanned: 0 } });
  });

  it('refuses a query that is neither SMILES nor SMARTS with a 400 naming substructure (REST and tRPC)', async () => {
    for (const bad of ['[Xx', 'c1cc(', 'C C']) {
      const { status, body } = await list(api, h.tokens.acme.viewer, { substructure: bad });
      expect(status, bad).toBe(400);
      expect(body.field).toBe('substructure');
      expect(body.message).toMatch(/substructure is neither valid SMILES nor SMARTS/);
    }
    const input = encodeURIComponent(JSON.stringify({ json: { substructure: '[Xx' } }));
    const trpc = await fetch(`${api.url}/trpc/molecules.list?input=${input}`, {
      headers: { authorization: `Bearer ${h.tokens.acme.viewer}` },
    });
    expect(trpc.status).toBe(400);
    const error = ((await trpc.json()) as { error: { json: { message: string; data: { field?: string } } } }).error;
    expect(error.json.data.field).toBe('substructure');
    expect(error.json.message).toMatch(/neither valid SMILES nor SMARTS/);
    const ok = encodeURIComponent(JSON.stringify({ json: { substructure: 'c1ccncc1', limit: 2 } }));
    const found = await fetch(`${api.url}/trpc/molecules.list?input=${ok}`, {
      headers: { authorization: `Bearer ${h.tokens.acme.viewer}` },
    });
    const data = ((await found.json()) as { result: { data: { json: Page } } }).result.data.json;
    expect(data.molecules.map((m) => m.name)).toEqual(PYRIDINES_NEWEST_FIRST.slice(0, 2));
    expect(data.nextCursor).not.toBeNull();
  });

  it("never matches another organisation's molecules", async () => {
    const mine = await list(api, h.tokens.acme.viewer, { substructure: 'Cc1ccccn1' });
    expect(mine.body.molecules.map((m) => m.name)).toEqual([]);
    const theirs = await list(api, h.tokens.other.viewer, { substructure: 'c1ccncc1' });
    expect(theirs.body.molecules.map((m) => m.name)).toEqual(['picoline of other']);
    expect(theirs.body.substructure?.scanned).toBe(1);
  });

  it('pages through every match exactly once, by a full page or by the scan limit (2 rows, 1 per worker call)', async () => {
    const byPage = await allPages(api, { substructure: 'c1ccncc1', limit: '1' });
    expect(byPage.map((p) => p.molecules.map((m) => m.name))).toEqual(PYRIDINES_NEWEST_FIRST.map((name) => [name]));
    expect(byPage.every((p) => p.substructure?.limitReached === false)).toBe(true);

    const bounded = await h.serve({ substructureScan: { maxRows: 2, chunkRows: 1 } });
    const pages = await allPages(bounded, { substructure: 'c1ccncc1', limit: '50' });
    // Newest first: caffeine, 4-aminopyridine | pyrimidine, nicotine | aspirin, imatinib (the candidates' end).
    expect(pages.map((p) => p.molecules.map((m) => m.name))).toEqual([['4-aminopyridine'], ['nicotine'], ['imatinib']]);
    expect(pages.map((p) => [p.substructure?.scanned, p.substructure?.limitReached])).toEqual([
      [2, true],
      [2, true],
      [2, false],
    ]);
    expect(pages.every((p) => p.substructure?.scanLimit === 2)).toBe(true);
    // Without imatinib (molecularWeightMax): the last stretch (aspirin) has no match and answers an empty last page.
    const none = await allPages(bounded, { substructure: 'c1ccncc1', limit: '50', molecularWeightMax: '200' });
    expect(none.map((p) => p.molecules.map((m) => m.name))).toEqual([['4-aminopyridine'], ['nicotine'], []]);
  });
});

describe('similarity search of the library', () => {
  interface SimilarPage extends Page {
    molecules: (Page['molecules'][number] & { similarity?: number })[];
    similarity?: { threshold: number; fingerprint: string; scanned: number; limitReached: boolean };
  }
  const similar = async (query: Record<string, string>, token = h.tokens.acme.viewer) => {
    const answer = await list(api, token, query);
    return { status: answer.status, body: answer.body as SimilarPage & { field?: string; message?: string } };
  };

  it('finds the molecules whose Morgan radius 2 / 2,048-bit Tanimoto to the query reaches the threshold', async () => {
    // Imatinib itself (1.0) at the default 0.7; nicotine (0.218 to imatinib) from 0.2.
    const close = await similar({ similarTo: IMATINIB });
    expect(close.status).toBe(200);
    expect(close.body.molecules.map((m) => [m.name, m.similarity])).toEqual([['imatinib', 1]]);
    expect(close.body.similarity).toEqual({
      threshold: 0.7,
      fingerprint: 'morgan-radius-2-2048-bits',
      scanned: ACME.length,
      scanLimit: 10_000,
      limitReached: false,
    });
    const loose = await similar({ similarTo: IMATINIB, similarityMin: '0.2' });
    expect(loose.body.molecules.map((m) => m.name)).toEqual(['nicotine', 'imatinib']);
    expect(loose.body.molecules[0]!.similarity).toBeCloseTo(0.21795, 4);
    // With a substructure, a molecule passes both; with other filters, as ever.
    const both = await similar({ similarTo: IMATINIB, similarityMin: '0.2', substructure: 'C1CCCN1' });
    expect(both.body.molecules.map((m) => m.name)).toEqual(['nicotine']);
    expect(both.body.substructure?.queryAs).toBe('smiles');
    // Another organisation's picoline is never compared.
    const theirs = await similar({ similarTo: 'Cc1ccccn1', similarityMin: '0' }, h.tokens.other.viewer);
    expect(theirs.body.molecules.map((m) => m.name)).toEqual(['picoline of other']);
  });

  it('refuses a query that is not a SMILES, a threshold outside 0–1 and a threshold without a query (400 naming them)', async () => {
    for (const [query, field] of [
      [{ similarTo: '[NX3;H2]c' }, 'similarTo'],
      [{ similarTo: 'C1CC(' }, 'similarTo'],
      [{ similarTo: 'CCO', similarityMin: '1.5' }, 'similarityMin'],
      [{ similarTo: 'CCO', similarityMin: 'high' }, 'similarityMin'],
      [{ similarityMin: '0.5' }, 'similarityMin'],
      [{ similarto: 'CCO' }, 'similarto'],
    ] as const) {
      const answer = await similar(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body.field, JSON.stringify(query)).toBe(field);
    }
  });
});
