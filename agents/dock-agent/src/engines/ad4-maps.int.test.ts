// AutoDock4Zn with the real autogrid4 and vina on carbonic anhydrase II (5eh7 of the redocking set), in a small box
// at exhaustiveness 1: maps built once and reused, the command line, what each result says about its scoring.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { dockBatch } from '../dock-batch.js';
import { prepareReceptor } from '../prep/receptor.js';
import { chargedReceptor } from '../prep/zinc-scoring.js';
import { placeZincPseudoAtoms } from '../prep/zinc-sites.js';
import { ensureAd4Maps } from './ad4-maps.js';
import type { BatchInput, LigandOutcome } from './types.js';

const ca2 = join(sharedDataDir, 'redock', 'ca2_5eh7');
const tools = { obabel: 'obabel', python: '/usr/bin/python3' };
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
/** Around the zinc's free site (the TZ at 15.684 0.014 16.360) and the crystal ligand's tetrazole. */
const box = { center: { x: 15.9, y: 1.5, z: 15.5 }, size: { x: 12, y: 12, z: 12 } };

async function zincReceptor(): Promise<string> {
  const dir = temp('mad-ad4-rec-');
  const prepared = await prepareReceptor({ path: join(ca2, 'receptor.pdb'), format: 'pdb' }, dir, tools);
  const charged = await chargedReceptor(prepared.path, join(dir, 'receptor_ad4.pdbqt'), tools.python);
  // The protein -2 (Gasteiger sums to its formal charge), the Na ion +1, the zinc 0.
  expect(charged.netCharge).toBe(-1);
  return placeZincPseudoAtoms(await readFile(join(dir, 'receptor_ad4.pdbqt'), 'utf8')).text;
}

const mapValues = (path: string) => readFileSync(path, 'utf8').split('\n').slice(6).filter(Boolean).map(Number);

describe('ensureAd4Maps (autogrid4)', () => {
  it('says so when autogrid4 is not installed', async () => {
    const request = { receptorPdbqt: '', box, cacheDir: temp('mad-ad4-none-'), autogrid: '/nonexistent/autogrid4' };
    await expect(ensureAd4Maps(request)).rejects.toThrow(
      'autogrid4 is not installed on this agent (tried "/nonexistent/autogrid4"; Debian package autogrid)',
    );
  });

  it('builds the maps once per receptor and box, then reuses them; concurrent requests share one build', async () => {
    const receptorPdbqt = await zincReceptor();
    const cacheDir = temp('mad-ad4-cache-');
    const request = { receptorPdbqt, box, cacheDir, autogrid: 'autogrid4' };
    const [first, concurrent] = await Promise.all([ensureAd4Maps(request), ensureAd4Maps(request)]);
    expect([first.built, concurrent.built].sort()).toEqual([false, true]);
    expect(concurrent.prefix).toBe(first.prefix);
    expect(first.box.size).toEqual({ x: 12, y: 12, z: 12 });
    expect(first.droppedAtoms).toEqual(['1 Na atom']);
    expect(readdirSync(cacheDir)).toEqual([first.key]);
    const glg = `${first.prefix}.glg`;
    const builtAt = statSync(glg).mtimeMs;
    expect(readFileSync(glg, 'utf8')).toContain('Successful Completion');
    // The NA-TZ pair potential: a deep well for an acceptor nitrogen at the zinc's free site.
    expect(Math.min(...mapValues(`${first.prefix}.NA.map`))).toBeLessThan(-3);
    expect(Math.min(...mapValues(`${first.prefix}.C.map`))).toBeGreaterThan(-1.5);

    const again = await ensureAd4Maps(request);
    expect(again).toEqual({ ...first, built: false });
    expect(statSync(glg).mtimeMs).toBe(builtAt);

    const moved = await ensureAd4Maps({ ...request, box: { ...box, size: { x: 12, y: 12, z: 13 } } });
    expect(moved.built).toBe(true);
    expect(moved.box.size.z).toBe(13.5);
    expect(readdirSync(cacheDir).sort()).toEqual([first.key, moved.key].sort());
  });
});

function succeeded(outcome: LigandOutcome | undefined): Extract<LigandOutcome, { status: 'succeeded' }> {
  if (outcome?.status !== 'succeeded') throw new Error(`ligand did not succeed: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('dockBatch on a zinc receptor', () => {
  it('with zincScoring ad4zn docks with vina --scoring ad4 on maps built by the first task and reused by the second; without it, Vina scoring', async () => {
    const ad4MapsDir = temp('mad-ad4-maps-');
    const batch = (workDir: string): BatchInput => ({
      engine: 'vina',
      receptor: { path: join(ca2, 'receptor.pdb'), format: 'pdb' },
      ligands: [
        {
          ligandId: 'tetrazole',
          name: '5eh7 ligand',
          source: { kind: 'file', path: join(ca2, 'ligand.sdf'), format: 'sdf' },
        },
      ],
      box,
      params: { exhaustiveness: 1, numModes: 3, energyRange: 3, seed: 20261201, cpu: 1 },
      workDir,
      timeoutMs: 900_000,
      signal: new AbortController().signal,
      interactions: false,
      preparation: { zincScoring: 'ad4zn' },
      ad4MapsDir,
      hidePathsUnder: '/tmp',
    });
    const first = succeeded((await dockBatch(batch(temp('mad-ad4-task1-')))).outcomes[0]);
    const secondDir = temp('mad-ad4-task2-');
    const second = succeeded((await dockBatch(batch(secondDir))).outcomes[0]);

    expect(readdirSync(ad4MapsDir)).toHaveLength(1);
    const scoringNote = (notes: string[]) => notes.find((note) => note.startsWith('AutoDock4Zn'))!;
    const [note1, note2] = [scoringNote(first.notes), scoringNote(second.notes)];
    expect(note1).toMatch(
      /^AutoDock4Zn scoring \(vina --scoring ad4 on autogrid4 4\.2\.\d+ maps, built for this receptor and box; box 12 x 12 x 12 Å\): zinc site ZN 1 \(HIS A96 NE2, HIS A94 NE2, HIS A119 ND1; TZ at 15\.684 0\.014 16\.360\)/,
    );
    expect(note1).toContain('left out of the maps (no AutoDock 4 parameters): 1 Na atom');
    expect(note1).toContain('Affinities are AutoDock 4 free-energy estimates (kcal/mol), not Vina scores.');
    expect(note2).toBe(note1.replace('built for this receptor and box', 'reused from an earlier run'));

    const log = readFileSync(second.logPath, 'utf8');
    const command = log.split('\n')[0]!;
    expect(command).toMatch(
      /^\$ vina --scoring ad4 --maps \S+\/[0-9a-f]{64}\/receptor --ligand \S+ligand\.pdbqt --exhaustiveness 1 /,
    );
    expect(command).not.toContain('--receptor');
    expect(command).not.toContain('--center_x');
    expect(log).toContain('Scoring function : ad4');
    // Same inputs, same seed: the same poses from the reused maps.
    expect(second.poses.map((pose) => pose.affinityKcalMol)).toEqual(first.poses.map((pose) => pose.affinityKcalMol));
    expect(second.poses[0]!.affinityKcalMol).toBeLessThan(-4);

    // Without the option (the default) the same zinc receptor docks with Vina's scoring on its atoms.
    const { preparation: _, ...vinaScoring } = batch(temp('mad-ad4-task3-'));
    const plain = succeeded((await dockBatch(vinaScoring)).outcomes[0]);
    expect(readFileSync(plain.logPath, 'utf8')).toMatch(/^\$ vina --receptor \S*receptor\.pdbqt --ligand /);
    expect(plain.notes.filter((note) => note.includes('AutoDock4Zn'))).toEqual([]);
  });
});
