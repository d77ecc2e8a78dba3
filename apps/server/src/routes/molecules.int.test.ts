// The molecules surface over HTTP with real services (Postgres, s3rver, RDKit, Open Babel) and real API tokens:
// every real structure of the shared data uploaded, its facts checked and its bytes downloaded back; bad input;
// limits; dedup; access between organisations; list/get/delete; expired links; cleanup after a failed transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { sdfMovedAlongX, sharedDataDir } from '@mad/test-utils';
import { sdfAtoms } from '@mad/chem';
import {
  downloadArtifact,
  startMoleculesHarness,
  uploadFiles,
  type MoleculesHarness,
} from '../../test/molecules-harness.js';
import type { Listening } from '../../test/auth-http.js';

const read = (path: string) => readFileSync(join(sharedDataDir, path));
const fileOf = (path: string) => ({ name: path.split('/').pop()!, bytes: read(path) });

const RECEPTORS = [
  'vina-1iep/1iep_receptorH.pdb',
  'vina-1iep/1iep_receptor.pdbqt',
  'dockstring/targets/ABL1_target.pdbqt',
  'dockstring/targets/CYP3A4_target.pdbqt',
  'dockstring/targets/DRD2_target.pdbqt',
  'dockstring/targets/ESR1_target.pdbqt',
  'dockstring/targets/PGR_target.pdbqt',
  'gnina/test-inputs/184l_rec.pdb',
];

let h: MoleculesHarness;
let api: Listening;
const acme = () => h.tokens.acme.scientist;

async function counts() {
  const molecules = await h.db
    .selectFrom('molecules')
    .select(h.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const artifacts = await h.db.selectFrom('artifacts').select(['s3_key']).execute();
  const objects = await Promise.all(artifacts.map((a) => h.storage.objectExists(a.s3_key)));
  return {
    molecules: Number(molecules.n),
    artifacts: artifacts.length,
    missingObjects: objects.filter((o) => !o).length,
  };
}

beforeAll(async () => {
  h = await startMoleculesHarness('mad_molecules');
  api = await h.serve();
});

afterAll(async () => {
  await h?.close();
});

describe('upload of the real structures', () => {
  it('stores every receptor with its facts and gives back each file byte for byte through the artifact link', async () => {
    const answer = await uploadFiles(api.url, acme(), 'receptor', RECEPTORS.map(fileOf));
    expect(answer.status).toBe(201);
    expect(answer.body.errors).toEqual([]);
    expect(answer.body.molecules.map((m) => m.name)).toEqual(
      RECEPTORS.map((p) =>
        p
          .split('/')
          .pop()!
          .replace(/\.[^.]+$/, ''),
      ),
    );
    expect(answer.body.molecules.every((m) => m.kind === 'receptor' && !m.deduplicated)).toBe(true);
    const [pdb, pdbqt] = answer.body.molecules;
    for (const receptor of [pdb, pdbqt]) {
      expect(receptor).toMatchObject({
        residues: 274,
        heavyAtoms: 2229,
        hetGroups: [],
        waters: 0,
        chains: [{ id: 'A', residues: 274, firstResSeq: 225, lastResSeq: 498 }],
      });
    }
    expect(pdb).toMatchObject({ sourceFormat: 'pdb', hydrogens: 2183 });
    expect(pdbqt).toMatchObject({ sourceFormat: 'pdbqt', hydrogens: 473 });
    expect(answer.body.molecules[3]).toMatchObject({ hetGroups: [{ resName: 'HEM', resSeq: 915, atoms: 43 }] });
    for (const [i, path] of RECEPTORS.entries()) {
      const download = await downloadArtifact(api.url, acme(), answer.body.molecules[i]!.artifactId);
      expect(download.status, path).toBe(200);
      expect(download.bytes?.equals(read(path)), path).toBe(true);
    }
  });

  it('reads imatinib from SDF (C29H31N7O, 493.6 g/mol), stores the Meeko PDBQT as a second structure of it, and stores the 184l ligand', async () => {
    const sdf = await uploadFiles(api.url, acme(), 'ligand', [
      fileOf('vina-1iep/1iep_ligand.sdf'),
      fileOf('gnina/test-inputs/184l_lig.sdf'),
    ]);
    expect(sdf.status).toBe(201);
    const [imatinib, isobutylbenzene] = sdf.body.molecules;
    expect(imatinib).toMatchObject({
      name: 'STI',
      formula: 'C29H31N7O',
      formulaAsGiven: 'C29H32N7O+',
      formalCharge: 1,
      heavyAtoms: 37,
      hbd: 3,
      hba: 6,
      rotatableBonds: 7,
      has3d: true,
      inchikey: 'KTUFNOKKBVMGRW-UHFFFAOYSA-O',
      deduplicated: false,
    });
    expect(imatinib?.molecularWeight as number).toBeCloseTo(493.6, 1);
    // One shape of properties (issue 18): the upload's `properties` (the values checked above, also at the top level
    // for older scripts) are what GET and the list answer, typed in the served document.
    const properties = imatinib!.properties as Record<string, unknown>;
    expect(imatinib).toMatchObject(properties);
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['molecularWeight', 'clogP', 'tpsa', 'rings', 'aromaticRings', 'inchi', 'warnings']),
    );
    const detail = await fetch(`${api.url}/api/v1/molecules/${imatinib!.id}`, {
      headers: { authorization: `Bearer ${acme()}` },
    });
    expect(((await detail.json()) as { properties: unknown }).properties).toEqual(properties);
    const listed = await fetch(`${api.url}/api/v1/molecules?inchikey=${imatinib!.inchikey as string}`, {
      headers: { authorization: `Bearer ${acme()}` },
    });
    const page = (await listed.json()) as { molecules: { id: string; properties: unknown }[] };
    expect(page.molecules.find((m) => m.id === imatinib!.id)?.properties).toEqual(properties);
    expect(isobutylbenzene).toMatchObject({ formula: 'C10H14', canonicalSmiles: 'CC(C)Cc1ccccc1' });

    // The same compound as a prepared PDBQT (its own protonation, charges, torsion tree) is a structure of its own,
    // linked to the SDF's compound; the same bytes again are that structure (issue 12).
    const pdbqt = await uploadFiles(api.url, acme(), 'ligand', [fileOf('vina-1iep/1iep_ligand.pdbqt')]);
    expect(pdbqt.status).toBe(201);
    const prepared = pdbqt.body.molecules[0]!;
    expect(prepared).toMatchObject({
      sourceFormat: 'pdbqt',
      inchikey: imatinib!.inchikey,
      deduplicated: false,
      sameCompound: [imatinib!.id],
    });
    expect(prepared.id).not.toBe(imatinib!.id);
    const again = await uploadFiles(api.url, acme(), 'ligand', [fileOf('vina-1iep/1iep_ligand.pdbqt')]);
    expect(again.status).toBe(200);
    expect(again.body.molecules[0]).toMatchObject({
      id: prepared.id,
      deduplicated: true,
      sameCompound: [imatinib!.id],
    });

    // The crystal ligand moved 6 Å along x: a third structure, stored and given back with its own coordinates.
    const sdfText = read('vina-1iep/1iep_ligand.sdf').toString();
    const moved = sdfMovedAlongX(sdfText, 6);
    expect(moved).not.toBe(sdfText);
    const shifted = await uploadFiles(api.url, acme(), 'ligand', [{ name: 'sti-moved.sdf', bytes: moved }]);
    expect(shifted.status).toBe(201);
    const shiftedMolecule = shifted.body.molecules[0]!;
    expect(shiftedMolecule).toMatchObject({ inchikey: imatinib!.inchikey, deduplicated: false });
    expect(shiftedMolecule.sameCompound).toEqual([imatinib!.id, prepared.id]);
    const shiftedBytes = (await downloadArtifact(api.url, acme(), shiftedMolecule.artifactId)).bytes;
    expect(shiftedBytes?.toString()).toBe(moved);
    const [firstAtom] = sdfAtoms(moved);
    expect(firstAtom!.x).toBeCloseTo(sdfAtoms(sdfText)[0]!.x + 6, 3);
    const structures = (await (
      await fetch(`${api.url}/api/v1/molecules?inchikey=${imatinib!.inchikey}`, {
        headers: { authorization: `Bearer ${acme()}` },
      })
    ).json()) as { molecules: { id: string; sourceFormat: string }[] };
    expect(structures.molecules.map((m) => [m.id, m.sourceFormat])).toEqual([
      [shiftedMolecule.id, 'sdf'],
      [prepared.id, 'pdbqt'],
      [imatinib!.id, 'sdf'],
    ]);
    expect(
      (await downloadArtifact(api.url, acme(), prepared.artifactId)).bytes?.equals(read('vina-1iep/1iep_ligand.pdbqt')),
    ).toBe(true);

    // Another organisation has its own copy: there the PDBQT is new, and comes back byte for byte.
    const elsewhere = await uploadFiles(api.url, h.tokens.other.scientist, 'ligand', [
      fileOf('vina-1iep/1iep_ligand.pdbqt'),
    ]);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.molecules[0]).toMatchObject({
      formula: 'C29H31N7O',
      sourceFormat: 'pdbqt',
      deduplicated: false,
    });
    expect(elsewhere.body.molecules[0]?.id).not.toBe(imatinib!.id);
    for (const [token, molecule, path] of [
      [acme(), imatinib!, 'vina-1iep/1iep_ligand.sdf'],
      [acme(), isobutylbenzene!, 'gnina/test-inputs/184l_lig.sdf'],
      [h.tokens.other.scientist, elsewhere.body.molecules[0]!, 'vina-1iep/1iep_ligand.pdbqt'],
    ] as const) {
      expect((await downloadArtifact(api.url, token, molecule.artifactId)).bytes?.equals(read(path)), path).toBe(true);
    }
  });

  it('lists the HETATM groups of a receptor: 1iep with imatinib put back as STI A 201 and two waters', async () => {
    const sti = sdfAtoms(read('vina-1iep/1iep_ligand.sdf').toString()).filter((a) => a.element !== 'H');
    const coords = (x: number, y: number, z: number) =>
      `${x.toFixed(3).padStart(8)}${y.toFixed(3).padStart(8)}${z.toFixed(3).padStart(8)}`;
    const hetatm = sti.map(
      (a, i) =>
        `HETATM${String(5000 + i).padStart(5)} ${`${a.element}${i + 1}`.padEnd(4)} STI A 201    ${coords(a.x, a.y, a.z)}  1.00  0.00          ${a.element.padStart(2)}`,
    );
    const waters = [1, 2].map(
      (n) =>
        `HETATM${String(5900 + n).padStart(5)}  O   HOH A${String(300 + n).padStart(4)}    ${coords(10, 10, 10 + n)}  1.00  0.00           O`,
    );
    const receptor = read('vina-1iep/1iep_receptorH.pdb')
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('ATOM'));
    const complex = [...receptor, 'TER', ...hetatm, ...waters, 'END', ''].join('\n');
    const answer = await uploadFiles(api.url, acme(), 'receptor', [{ name: '1iep_complex.pdb', bytes: complex }]);
    expect(answer.status).toBe(201);
    const [molecule] = answer.body.molecules;
    expect(molecule).toMatchObject({
      chains: [{ id: 'A', residues: 274 }],
      waters: 2,
      hetGroups: [{ resName: 'STI', chain: 'A', resSeq: 201, atoms: 37 }],
    });
    const centroid = (molecule!.hetGroups as { centroid: number[] }[])[0]!.centroid;
    // The Vina tutorial's box is centred on imatinib: 15.190 53.903 16.917.
    expect(Math.hypot(centroid[0]! - 15.19, centroid[1]! - 53.903, centroid[2]! - 16.917)).toBeLessThan(4);
    expect((await downloadArtifact(api.url, acme(), molecule!.artifactId)).bytes?.toString()).toBe(complex);
  });

  it('concurrent uploads of the same molecule store it once; the others get it back as a duplicate', async () => {
    const file = { name: 'theophylline.smi', bytes: 'Cn1c(=O)c2[nH]cnc2n(C)c1=O theophylline\n' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => uploadFiles(api.url, acme(), 'ligand', [file])));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.molecules[0]?.id)).size).toBe(1);
    expect(answers.filter((a) => a.body.molecules[0]?.deduplicated === false)).toHaveLength(1);
    const rows = await h.db
      .selectFrom('molecules')
      .select('id')
      .where('org_id', '=', h.orgs.acme.id)
      .where('name', '=', 'theophylline')
      .execute();
    expect(rows).toHaveLength(1);
    const artifacts = await h.db
      .selectFrom('artifacts')
      .select('id')
      .where('org_id', '=', h.orgs.acme.id)
      .where('file_name', '=', 'theophylline.smi')
      .execute();
    expect(artifacts).toHaveLength(1);
  });

  it('SMILES deduplicate by compound (InChIKey), not by spelling: OCC after CCO is the same molecule', async () => {
    const upload = async (smiles: string) => {
      const response = await fetch(`${api.url}/api/v1/molecules/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'ligand', smiles }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { molecules: { id: string; inchikey: string; deduplicated: boolean }[] },
      };
    };
    const first = await upload('CCO');
    expect(first.status).toBe(201);
    expect(first.body.molecules).toHaveLength(1);
    expect(first.body.molecules[0]).toMatchObject({ deduplicated: false, inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N' });
    const second = await upload('OCC');
    expect(second.status).toBe(200);
    expect(second.body.molecules).toEqual([
      expect.objectContaining({ id: first.body.molecules[0]!.id, deduplicated: true }),
    ]);
    const rows = await h.db
      .selectFrom('molecules')
      .select('id')
      .where('org_id', '=', h.orgs.acme.id)
      .where('inchikey', '=', 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N')
      .execute();
    expect(rows).toEqual([{ id: first.body.molecules[0]!.id }]);
  });

  it('answers 200 with the existing rows when the same receptor comes again', async () => {
    const again = await uploadFiles(api.url, acme(), 'receptor', [fileOf('gnina/test-inputs/184l_rec.pdb')]);
    expect(again.status).toBe(200);
    expect(again.body.molecules[0]?.deduplicated).toBe(true);
    const rows = await h.db
      .selectFrom('molecules')
      .select('id')
      .where('org_id', '=', h.orgs.acme.id)
      .where('name', '=', '184l_rec')
      .execute();
    expect(rows).toEqual([{ id: again.body.molecules[0]?.id }]);
  });
});

describe('OpenAPI', () => {
  it('documents the hand-made routes next to the generated ones', async () => {
    const doc = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/v1/molecules/upload'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/v1/artifacts/{artifactId}'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/molecules/{moleculeId}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/v1/molecules'] ?? {})).toEqual(['get']);
  });
});

describe('access', () => {
  it('keeps artifacts and molecules inside their organisation; viewers read but do not upload; anonymous is 401', async () => {
    const mine = await uploadFiles(api.url, acme(), 'ligand', [], { smiles: 'c1ccccc1O phenol' });
    const artifactId = mine.body.molecules[0]!.artifactId;
    expect((await downloadArtifact(api.url, h.tokens.other.scientist, artifactId)).status).toBe(404);
    expect((await downloadArtifact(api.url, h.tokens.acme.viewer, artifactId)).status).toBe(200);
    expect((await downloadArtifact(api.url, acme(), 'not-a-uuid')).status).toBe(404);
    expect((await fetch(`${api.url}/api/v1/artifacts/${artifactId}`, { redirect: 'manual' })).status).toBe(401);
    const other = await fetch(`${api.url}/api/v1/molecules/${mine.body.molecules[0]!.id}`, {
      headers: { authorization: `Bearer ${h.tokens.other.scientist}` },
    });
    expect(other.status).toBe(404);
    expect((await uploadFiles(api.url, h.tokens.acme.viewer, 'ligand', [], { smiles: 'CCO' })).status).toBe(403);
    expect((await uploadFiles(api.url, null, 'ligand', [], { smiles: 'CCO' })).status).toBe(401);
  });
});

describe('bad input', () => {
  const imatinib = () => read('vina-1iep/1iep_ligand.sdf').toString();

  it('stores the good records and lists every bad one with file, record, line and reason', async () => {
    const good = imatinib().trimEnd();
    // The first pose of gnina's workshop output (a molecule no earlier test stored), with its "$$$$".
    const gnina = gunzipSync(read('gnina/minimized_results.sdf.gz')).toString();
    const firstGninaPose = gnina.slice(0, gnina.indexOf('$$$$\n') + 5);
    const answer = await uploadFiles(api.url, acme(), 'ligand', [
      { name: 'library.sdf', bytes: `${firstGninaPose}${good.slice(0, 900)}` },
      { name: 'list.smi', bytes: 'CCN(CC)CC triethylamine\nC1CC(C broken\n' },
      { name: 'empty.sdf', bytes: '' },
      { name: 'garbage.mol2', bytes: Buffer.from([0, 159, 146, 150, 1, 2, 3]) },
      { name: 'imatinib.pdb', bytes: good },
      { name: '../../etc/passwd.sdf', bytes: good },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.body.molecules.map((m) => [m.file, m.record, m.name])).toEqual([
      ['library.sdf', 1, '27626_CHEMBL135_active'],
      ['list.smi', 1, 'triethylamine'],
    ]);
    const byFile = Object.fromEntries(answer.body.errors.map((e) => [String(e.file), e] as const));
    const firstRecordLines = firstGninaPose.trimEnd().split('\n').length;
    expect(byFile['library.sdf']).toMatchObject({
      record: 2,
      line: firstRecordLines + 1,
      reason: expect.stringMatching(/truncated/),
    });
    expect(byFile['list.smi']).toMatchObject({
      record: 2,
      line: 2,
      position: 5,
      reason: expect.stringMatching(/SMILES parse error/),
    });
    expect(byFile['empty.sdf']).toMatchObject({ record: 0, reason: expect.stringMatching(/empty/) });
    expect(byFile['garbage.mol2']).toMatchObject({ record: 0, reason: expect.stringMatching(/binary/) });
    expect(byFile['imatinib.pdb']).toMatchObject({ record: 0, reason: expect.stringMatching(/wrong extension/) });
    expect(byFile['../../etc/passwd.sdf']).toMatchObject({
      record: 0,
      reason: expect.stringMatching(/path separator/),
    });
    // The multi-record SDF keeps its whole file too, and the record its own bytes.
    const record = answer.body.molecules[0]!;
    expect(record.uploadArtifactId).not.toBeNull();
    expect((await downloadArtifact(api.url, acme(), record.artifactId)).bytes?.toString()).toBe(firstGninaPose);
    expect((await downloadArtifact(api.url, acme(), record.uploadArtifactId!)).bytes?.toString()).toBe(
      `${firstGninaPose}${good.slice(0, 900)}`,
    );
  });

  it('refuses control characters in file names: per file when encoded (filename*), the request when raw in the header', async () => {
    const boundary = 'mad-test-boundary';
    const part = (disposition: string, body: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${body}\r\n`;
    const send = (disposition: string) =>
      fetch(`${api.url}/api/v1/molecules/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme()}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `${part('name="kind"', 'ligand')}${part(`name="files"; ${disposition}`, 'CCO ethanol')}${part('name="files"; filename="ok.smi"', 'CCC propane')}--${boundary}--\r\n`,
      });
    const encoded = await send(`filename*=UTF-8''bell%07.smi`);
    expect(encoded.status).toBe(201);
    const body = (await encoded.json()) as {
      molecules: { name: string }[];
      errors: { file: string; record: number; reason: string }[];
    };
    expect(body.molecules.map((m) => m.name)).toEqual(['propane']);
    expect(body.errors).toEqual([
      { file: 'bell\u0007.smi', record: 0, line: null, reason: expect.stringMatching(/control characters/) },
    ]);
    const raw = await send('filename="bell\u0007.smi"');
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { message: string }).message).toMatch(/malformed/i);
  });

  it('with allOrNothing stores nothing when one record is bad (422), and nothing when every record is bad', async () => {
    const before = await counts();
    const strict = await uploadFiles(
      api.url,
      acme(),
      'ligand',
      [{ name: 'two.smi', bytes: 'CC(=O)Oc1ccccc1C(=O)O aspirin\nC1CC broken\n' }],
      { allOrNothing: 'true' },
    );
    expect(strict.status).toBe(422);
    expect(strict.body.molecules).toEqual([]);
    expect(strict.body.errors).toEqual([expect.objectContaining({ file: 'two.smi', record: 2, line: 2 })]);
    const allBad = await uploadFiles(api.url, acme(), 'ligand', [{ name: 'bad.smi', bytes: 'C1CC\nXx\n' }]);
    expect(allBad.status).toBe(422);
    expect(allBad.body.errors.map((e) => e.record)).toEqual([1, 2]);
    expect(await counts()).toEqual(before);
  });

  it('answers 413 for a file over UPLOAD_MAX_BYTES and 422 for more records than UPLOAD_MAX_RECORDS, storing nothing', async () => {
    const before = await counts();
    const big = await uploadFiles(api.url, acme(), 'receptor', [
      { name: 'big.pdb', bytes: Buffer.alloc(1024 * 1024 + 10, 'A') },
    ]);
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/big\.pdb.*larger than the limit of 1048576 bytes/);
    const many = Array.from({ length: 51 }, (_, i) => `${'C'.repeat(i + 1)} alkane-${i + 1}`).join('\n');
    const tooMany = await uploadFiles(api.url, acme(), 'ligand', [{ name: 'many.smi', bytes: many }]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([
      { file: 'many.smi', record: 0, line: null, reason: expect.stringMatching(/51 records: more than the 50/) },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed requests with 400, never 500', async () => {
    const noKind = await uploadFiles(api.url, acme(), 'protein', [fileOf('gnina/test-inputs/184l_lig.sdf')]);
    expect(noKind.status).toBe(400);
    const headers = { authorization: `Bearer ${acme()}` };
    const badJson = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"kind":',
    });
    expect(badJson.status).toBe(400);
    const noBoundary = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(noBoundary.status).toBe(400);
    const text = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'CCO',
    });
    expect(text.status).toBe(400);
  });
});

describe('JSON upload, list, get and delete', () => {
  it('takes pasted SMILES as JSON, lists with filters and pages, and gets one with its depiction', async () => {
    const response = await fetch(`${api.url}/api/v1/molecules/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'ligand',
        smiles: [
          { smiles: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' },
          'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
          { smiles: 'C1CC(', name: 'broken' },
        ],
      }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      molecules: { id: string; name: string; formula: string }[];
      errors: { record: number; reason: string }[];
    };
    expect(body.molecules.map((m) => [m.name, m.formula])).toEqual([
      ['aspirin', 'C9H8O4'],
      ['SMILES #2', 'C8H10N4O2'],
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({ file: null, record: 3, reason: expect.stringMatching(/SMILES parse error/) }),
    ]);

    const get = (query: string) =>
      fetch(`${api.url}/api/v1/molecules?${query}`, { headers: { authorization: `Bearer ${acme()}` } }).then(
        (r) =>
          r.json() as Promise<{
            molecules: { id: string; name: string; kind: string; properties: { molecularWeight: number } }[];
            nextCursor: string | null;
          }>,
      );
    expect((await get('kind=ligand&name=ASPI')).molecules.map((m) => m.name)).toEqual(['aspirin']);
    const mid = await get('kind=ligand&molecularWeightMin=150&molecularWeightMax=200');
    expect(mid.molecules.map((m) => m.name)).toEqual(expect.arrayContaining(['SMILES #2', 'aspirin']));
    expect(mid.molecules.map((m) => m.name)).not.toContain('STI');
    for (const m of mid.molecules)
      expect(m.properties.molecularWeight).toSatisfy((mw: number) => mw >= 150 && mw <= 200);
    expect((await get('kind=receptor')).molecules.every((m) => m.kind === 'receptor')).toBe(true);
    // Pages cover every molecule once (by id: several structures of one compound share a name).
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.molecules.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await h.db.selectFrom('molecules').select('id').where('org_id', '=', h.orgs.acme.id).execute();
    expect(ids).toHaveLength(total.length);
    expect(new Set(ids)).toEqual(new Set(total.map((m) => m.id)));

    const one = await fetch(`${api.url}/api/v1/molecules/${body.molecules[0]!.id}`, {
      headers: { authorization: `Bearer ${acme()}` },
    });
    const detail = (await one.json()) as { name: string; depictionSvg: string; properties: { hbd: number } };
    expect(detail.name).toBe('aspirin');
    expect(detail.depictionSvg).toMatch(/^<\?xml[\s\S]*<svg/);
    expect(detail.properties.hbd).toBe(1);
  });

  it('uploads through tRPC too (files as base64, SMILES), with the same answer shape and errors', async () => {
    const call = await fetch(`${api.url}/trpc/molecules.upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        json: {
          kind: 'ligand',
          smiles: ['CC(C)Cc1ccc(cc1)C(C)C(=O)O ibuprofen'.split(' ')[0]!],
          files: [
            {
              name: 'risperidone.pdb',
              content: read('dockstring/fixtures/risperidone_from_crystal.pdb').toString('base64'),
              encoding: 'base64',
            },
          ],
        },
      }),
    });
    expect(call.status).toBe(200);
    const body = (await call.json()) as {
      result: {
        data: { json: { molecules: { name: string; formula: string; sourceFormat: string }[]; errors: unknown[] } };
      };
    };
    expect(body.result.data.json.molecules.map((m) => [m.sourceFormat, m.formula])).toEqual([
      ['pdb', 'C23H27FN4O2'],
      ['smiles', 'C13H18O2'],
    ]);
    const refused = await fetch(`${api.url}/trpc/molecules.upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { kind: 'ligand', smiles: 'C1CC(' } }),
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { json: { message: string } } }).error.json.message).toMatch(
      /record 1: SMILES parse error/,
    );
  });

  it('deletes a molecule with its files, and refuses (409) while an unfinished job uses it', async () => {
    const stored = await uploadFiles(api.url, acme(), 'ligand', [], { smiles: 'OCCO glycol' });
    const molecule = stored.body.molecules[0]!;
    const key = (
      await h.db
        .selectFrom('artifacts')
        .select('s3_key')
        .where('id', '=', molecule.artifactId)
        .executeTakeFirstOrThrow()
    ).s3_key;
    const schema = h.orgs.acme.resultsSchema;
    const jobId = crypto.randomUUID();
    await sql`insert into ${sql.raw(`"${schema}"`)}.jobs (id, pipeline, status, receptor_id, binding_site, box, params, ligand_count)
      values (${jobId}, 'vina', 'RUNNING', ${molecule.id}, '{}', '{}', '{}', 1)`.execute(h.db);
    const del = () =>
      fetch(`${api.url}/api/v1/molecules/${molecule.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${acme()}` },
      });
    const refused = await del();
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toContain(jobId);
    await sql`update ${sql.raw(`"${schema}"`)}.jobs set status = 'COMPLETED' where id = ${jobId}`.execute(h.db);
    const deleted = await del();
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: molecule.id, deleted: true, deletedArtifacts: 1 });
    expect(await h.storage.objectExists(key)).toBe(false);
    expect((await del()).status).toBe(404);
  });
});

describe('links and consistency', () => {
  it('an artifact link expires: the presigned URL is refused after its lifetime', async () => {
    // SigV4 dates have whole seconds, so a link signed late in a second loses up to one second of its lifetime:
    // 4 s leaves at least 3 s for the redirect and the first download even on a loaded machine.
    const shortLived = await h.serve({ artifactLinkSeconds: 4 });
    const stored = await uploadFiles(api.url, acme(), 'ligand', [], { smiles: 'CCCCO butanol' });
    const first = await downloadArtifact(shortLived.url, acme(), stored.body.molecules[0]!.artifactId);
    expect(first.status).toBe(200);
    await new Promise((r) => setTimeout(r, 5_500));
    expect((await fetch(first.location!)).status).toBe(403);
  });

  it('after a failed transaction leaves no row and no object behind', async () => {
    // A real failure inside the transaction: a trigger that refuses one molecule name.
    await sql`create function refuse_explode() returns trigger language plpgsql as $$ begin
      if new.name = 'explode' then raise exception 'refused by test trigger'; end if; return new; end $$`.execute(h.db);
    await sql`create trigger refuse_explode before insert on molecules for each row execute function refuse_explode()`.execute(
      h.db,
    );
    try {
      const before = await counts();
      const objectsBefore = (await h.db.selectFrom('artifacts').select('s3_key').execute()).length;
      const answer = await uploadFiles(api.url, acme(), 'ligand', [
        { name: 'two.smi', bytes: 'CCCCCCO hexanol\nCCCCCCCO explode\n' },
      ]);
      expect(answer.status).toBe(500);
      expect(await counts()).toEqual(before);
      expect((await h.db.selectFrom('artifacts').select('s3_key').execute()).length).toBe(objectsBefore);
      const keys = await h.storage.client.send(
        new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({
          Bucket: h.storage.bucket,
          Prefix: `orgs/${h.orgs.acme.id}/`,
        }),
      );
      const stored = new Set((await h.db.selectFrom('artifacts').select('s3_key').execute()).map((a) => a.s3_key));
      expect((keys.Contents ?? []).map((o) => o.Key).filter((k) => k && !stored.has(k))).toEqual([]);
    } finally {
      await sql`drop trigger refuse_explode on molecules`.execute(h.db);
      await sql`drop function refuse_explode()`.execute(h.db);
    }
  });
});
