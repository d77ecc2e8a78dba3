// dockBatch against the real vina, obabel and RDKit on the shared data (1iep and dockstring's reference scores).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { CpuPool } from './cpu-pool.js';
import { dockBatch } from './dock-batch.js';
import { parseVinaConfigBox, parseVinaPdbqt } from './engines/vina.js';
import type { BatchInput, DockingEvent, LigandOutcome } from './engines/types.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');
const dockstring = join(sharedDataDir, 'dockstring');
const DOCKSTRING_SEED = 974528263;

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'mad-dock-'));
}

function succeeded(outcome: LigandOutcome | undefined): Extract<LigandOutcome, { status: 'succeeded' }> {
  if (outcome?.status !== 'succeeded') throw new Error(`ligand did not succeed: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Symmetry-corrected heavy-atom RMSD of the first pose against the crystal ligand (Open Babel's obrms). */
function topPoseRmsd(posesPath: string): number {
  const out = execFileSync('obrms', ['-f', join(vina1iep, '1iep_ligand.sdf'), posesPath], { encoding: 'utf8' });
  return Number(out.trim().split('\n')[0]?.split(/\s+/).at(-1));
}

/** Canonical SMILES of each record of an SDF, read by RDKit: proves the poses carry usable bond orders. */
function rdkitSmiles(sdfPath: string): string[] {
  const script =
    'import sys\nfrom rdkit import Chem\nfor m in Chem.SDMolSupplier(sys.argv[1]):\n    print(Chem.MolToSmiles(Chem.RemoveHs(m)) if m else "NONE")';
  return execFileSync('/usr/bin/python3', ['-c', script, sdfPath], { encoding: 'utf8' }).trim().split('\n');
}

function target(name: string): Pick<BatchInput, 'receptor' | 'box'> {
  return {
    receptor: { path: join(dockstring, 'targets', `${name}_target.pdbqt`), format: 'pdbqt' },
    box: parseVinaConfigBox(readFileSync(join(dockstring, 'targets', `${name}_conf.txt`), 'utf8')),
  };
}

const crystalImatinib = {
  ligandId: 'sti',
  name: 'imatinib',
  source: { kind: 'file', path: join(vina1iep, '1iep_ligand.pdbqt'), format: 'pdbqt' },
} as const;

/**
 * The Vina tutorial's 1iep system (Meeko receptor, its 20 Å box) with the crystal imatinib PDBQT, at exhaustiveness 2:
 * the smallest search that still finds the crystal pose, about 30 CPU-seconds (exhaustiveness 8: about 85), so the
 * test's work is small and the same on a loaded machine; a fixed seed makes it deterministic whatever the CPU count.
 */
function on1iep(overrides: Partial<BatchInput>): BatchInput {
  return {
    engine: 'vina',
    receptor: { path: join(vina1iep, '1iep_receptor.pdbqt'), format: 'pdbqt' },
    ligands: [crystalImatinib],
    box: parseVinaConfigBox(readFileSync(join(vina1iep, '1iep_receptor.box.txt'), 'utf8')),
    params: { exhaustiveness: 2, numModes: 9, energyRange: 3, seed: 42, cpu: 0 },
    workDir: workDir(),
    timeoutMs: 600_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

const dockstringParams = { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: DOCKSTRING_SEED, cpu: 0 };

describe('dockBatch with vina on 1iep (crystal imatinib, seed 42, exhaustiveness 2)', () => {
  // Vina run directly on the same files: vina --receptor 1iep_receptor.pdbqt --ligand 1iep_ligand.pdbqt
  // --config 1iep_receptor.box.txt --exhaustiveness 2 --seed 42 --cpu 1 -> top -13.457 kcal/mol, 0.35 Å from the
  // crystal pose (obrms); 30.3 CPU-s.
  it('matches vina run directly (-13.457) and finds the crystal pose; the SDF has bond orders', async () => {
    const events: DockingEvent[] = [];
    const output = await dockBatch(on1iep({ onEvent: (event) => events.push(event) }));
    expect(output.engineVersion).toBe('1.2.3');
    expect(output.receptorPreparedPath).toBe(join(vina1iep, '1iep_receptor.pdbqt'));
    const outcome = succeeded(output.outcomes[0]);
    expect(Math.abs((outcome.poses[0]?.affinityKcalMol ?? 0) - -13.457)).toBeLessThanOrEqual(0.3);
    expect(topPoseRmsd(outcome.posesSdfPath)).toBeLessThan(2);
    expect(topPoseRmsd(outcome.posesPdbqtPath ?? '')).toBeLessThan(2);
    // The best pose passes the validity checks (DOCKING_SCIENCE.md "Pose validity"): no note flags it, and every
    // pose carries its checks as data.
    expect(outcome.notes.filter((note) => note.includes('validity'))).toEqual([]);
    // No zinc: Vina's scoring on the receptor atoms, as before AutoDock4Zn existed, and no note about scoring.
    expect(readFileSync(outcome.logPath, 'utf8')).toMatch(/^\$ vina --receptor \S+1iep_receptor\.pdbqt --ligand /);
    expect(outcome.notes.filter((note) => /AutoDock4Zn|scoring/.test(note))).toEqual([]);
    expect(outcome.poses[0]?.validity).toEqual({ valid: true, failed: [] });
    expect(outcome.poses.every((pose) => pose.validity !== undefined)).toBe(true);
    const smiles = rdkitSmiles(outcome.posesSdfPath);
    expect(smiles).toHaveLength(outcome.poses.length);
    expect(new Set(smiles)).toEqual(new Set(['Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1']));
    expect(readFileSync(outcome.posesSdfPath, 'utf8')).toMatch(/^> {2}<affinityKcalMol> {2}\(1\) \n-13\.\d{3}\n/m);
    expect(events.map((event) => event.stage)).toEqual(expect.arrayContaining(['preparing', 'docking', 'ligand_done']));
    expect(events.some((event) => event.stage === 'docking' && (event.progress ?? 0) > 0.5)).toBe(true);
  }, 900_000);
});

describe('dockBatch from SMILES against dockstring reference scores (seed 974528263)', () => {
  const rows = readFileSync(join(dockstring, 'reference_scores.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([targetName = '', smiles = '', expected = '', seed = '']) => ({
      targetName,
      smiles,
      expected: Number(expected),
      seed: Number(seed),
    }))
    .filter((row) => row.seed === DOCKSTRING_SEED && row.smiles.length < 30);

  it.each(['ABL1', 'CYP3A4'])(
    '%s small ligands land within 0.3 kcal/mol of dockstring',
    async (targetName) => {
      const cases = rows.filter((row) => row.targetName === targetName);
      expect(cases.length).toBeGreaterThan(1);
      const output = await dockBatch({
        engine: 'vina',
        ...target(targetName),
        ligands: cases.map((row, index) => ({
          ligandId: `l${index}`,
          name: row.smiles,
          source: { kind: 'smiles', smiles: row.smiles },
        })),
        params: dockstringParams,
        workDir: workDir(),
        timeoutMs: 840_000,
        signal: new AbortController().signal,
      });
      const table = cases.map((row, index) => {
        const outcome = output.outcomes[index];
        const top = outcome?.status === 'succeeded' ? (outcome.poses[0]?.affinityKcalMol ?? NaN) : NaN;
        return {
          smiles: row.smiles,
          expected: row.expected,
          top,
          delta: Math.round((top - row.expected) * 1000) / 1000,
        };
      });
      console.log(JSON.stringify(table));
      expect(table.filter((row) => !(Math.abs(row.delta) <= 0.3))).toEqual([]);
    },
    900_000,
  );
});

describe('dockBatch with ring conformers', () => {
  it('docks each prepared ring conformer and keeps the best-scoring run, saying which won', async () => {
    const input = on1iep({
      ligands: [{ ligandId: 'tetralin', name: 'tetralin', source: { kind: 'smiles', smiles: 'C1CCc2ccccc2C1' } }],
      params: { exhaustiveness: 2, numModes: 3, energyRange: 3, seed: 42, cpu: 1 },
    });
    const outcome = succeeded((await dockBatch(input)).outcomes[0]);
    const dir = join(input.workDir, 'ligands', 'tetralin');
    const top = (path: string) => parseVinaPdbqt(readFileSync(path, 'utf8'))[0]?.affinityKcalMol ?? NaN;
    const scores = [top(join(dir, 'poses.pdbqt')), top(join(dir, 'conformer2', 'poses.pdbqt'))];
    expect(outcome.poses[0]?.affinityKcalMol).toBe(Math.min(...scores));
    const winner = scores[0]! <= scores[1]! ? dir : join(dir, 'conformer2');
    expect(outcome.posesPdbqtPath).toBe(join(winner, 'poses.pdbqt'));
    expect(outcome.posesSdfPath).toBe(join(winner, 'poses.sdf'));
    expect(outcome.preparedLigandPath).toBe(join(winner, 'ligand.pdbqt'));
    expect(rdkitSmiles(outcome.posesSdfPath)[0]).toBe('c1ccc2c(c1)CCCC2');
    expect(outcome.notes.at(-1)).toMatch(
      /^docked 2 ring conformers, the best top score won: (conformer 1|ring conformer 2) \(conformer 1 -?[\d.]+; ring conformer 2 -?[\d.]+ kcal\/mol\)$/,
    );
  });
});

describe('dockBatch with protonation/tautomer states', () => {
  it('docks 2-hydroxypyridine and 2-pyridone, keeps the best-scoring one and names the state that won', async () => {
    const input = on1iep({
      ligands: [{ ligandId: 'hp', name: '2-hydroxypyridine', source: { kind: 'smiles', smiles: 'Oc1ccccn1' } }],
      params: { exhaustiveness: 2, numModes: 3, energyRange: 3, seed: 42, cpu: 1 },
    });
    const outcome = succeeded((await dockBatch(input)).outcomes[0]);
    const dir = join(input.workDir, 'ligands', 'hp');
    const top = (path: string) => parseVinaPdbqt(readFileSync(path, 'utf8'))[0]?.affinityKcalMol ?? NaN;
    const scores = [top(join(dir, 'poses.pdbqt')), top(join(dir, 'state2', 'poses.pdbqt'))];
    expect(outcome.poses[0]?.affinityKcalMol).toBe(Math.min(...scores));
    const pyridoneWon = scores[1]! < scores[0]!;
    const winner = pyridoneWon ? join(dir, 'state2') : dir;
    expect(outcome.posesSdfPath).toBe(join(winner, 'poses.sdf'));
    expect(outcome.preparedLigandPath).toBe(join(winner, 'ligand.pdbqt'));
    // the poses carry the winning state's bond orders and hydrogens
    expect(new Set(rdkitSmiles(outcome.posesSdfPath))).toEqual(new Set([pyridoneWon ? 'O=c1cccc[nH]1' : 'Oc1ccccn1']));
    const [first, second] = scores.map((score) => String(score));
    expect(outcome.notes.at(-1)).toBe(
      'docked 2 variants (ring conformers x protonation/tautomer states), the best top score won: ' +
        `${pyridoneWon ? 'tautomer 2, docked as O=c1cccc[nH]1' : 'conformer 1, docked as Oc1ccccn1'} ` +
        `(conformer 1 ${first}; tautomer 2 ${second} kcal/mol)`,
    );
  });
});

describe('dockBatch with a macrocycle (ring opened with Vina glue atoms)', () => {
  it('docks laurolactam with a flexible ring: every pose keeps the ring closed and maps back to the molecule', async () => {
    const input = on1iep({
      ligands: [{ ligandId: 'lactam', name: 'laurolactam', source: { kind: 'smiles', smiles: 'O=C1CCCCCCCCCCCN1' } }],
      params: { exhaustiveness: 2, numModes: 3, energyRange: 3, seed: 42, cpu: 1 },
    });
    const outcome = succeeded((await dockBatch(input)).outcomes[0]);
    expect(outcome.notes.join(' ')).toMatch(/macrocycle: one ring bond opened with Vina glue atoms/);
    const models = readFileSync(outcome.posesPdbqtPath ?? '', 'utf8')
      .split('ENDMDL')
      .filter((m) => m.includes('ATOM'));
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      const glued = model
        .split('\n')
        .filter((line) => line.startsWith('ATOM') && line.slice(77).trim() === 'CG0')
        .map((line) => line.slice(30, 54).trim().split(/\s+/).map(Number));
      expect(glued).toHaveLength(2);
      const [a, b] = glued;
      expect(Math.hypot(...(a ?? []).map((v, i) => v - (b?.[i] ?? 0)))).toBeLessThan(1.8);
    }
    expect(new Set(rdkitSmiles(outcome.posesSdfPath))).toEqual(new Set(['O=C1CCCCCCCCCCCN1']));
  });
});

describe('dockBatch scheduling on a shared CPU pool (issue 19)', () => {
  const quick = { exhaustiveness: 1, numModes: 1, energyRange: 3, seed: DOCKSTRING_SEED, cpu: 0 };
  const ligand = (id: string, smiles: string) =>
    ({ ligandId: id, name: id, source: { kind: 'smiles', smiles } }) as const;
  const cpuOf = (outcome: LigandOutcome | undefined) =>
    Number(/--cpu (\d+)/.exec(readFileSync(succeeded(outcome).logPath, 'utf8'))?.[1]);

  it('starts the costliest ligand first, sizes --cpu to the free CPUs, and returns the outcomes in input order', async () => {
    const pool = new CpuPool(2);
    const started: string[] = [];
    const output = await dockBatch({
      engine: 'vina',
      ...target('ABL1'),
      ligands: [ligand('ethane', 'CC'), ligand('benzamide', 'NC(=O)c1ccccc1'), ligand('ethanol', 'CCO')],
      params: quick,
      workDir: workDir(),
      timeoutMs: 300_000,
      signal: new AbortController().signal,
      cpuPool: pool,
      interactions: false,
      onEvent: (event) => event.stage === 'preparing' && started.push(event.ligandId ?? ''),
    });
    expect(output.outcomes.map((o) => o.ligandId)).toEqual(['ethane', 'benzamide', 'ethanol']);
    // Three ligands, two CPUs: the two costliest start together with one CPU each, the cheapest when one is done
    // (then with the one CPU free: the other still runs).
    expect(started.slice(0, 2).sort()).toEqual(['benzamide', 'ethanol']);
    expect(started[2]).toBe('ethane');
    expect(output.outcomes.map(cpuOf)).toEqual([1, 1, 1]);
    expect(pool.available).toBe(2);
  });

  it('a lone ligand gets every free CPU; an explicit cpu (cpuPerTask 1) is never resized', async () => {
    const pool = new CpuPool(2);
    const alone = await dockBatch({
      engine: 'vina',
      ...target('ABL1'),
      ligands: [ligand('ethane', 'CC')],
      params: quick,
      workDir: workDir(),
      timeoutMs: 300_000,
      signal: new AbortController().signal,
      cpuPool: pool,
      interactions: false,
    });
    expect(cpuOf(alone.outcomes[0])).toBe(2);

    const output = await dockBatch({
      engine: 'vina',
      ...target('ABL1'),
      ligands: [ligand('ethane', 'CC')],
      params: { ...quick, cpu: 1 },
      workDir: workDir(),
      timeoutMs: 300_000,
      signal: new AbortController().signal,
      cpuPool: new CpuPool(2),
      interactions: false,
    });
    expect(cpuOf(output.outcomes[0])).toBe(1);
  });
});

describe('dockBatch failures', () => {
  it('gives the receptor preparation notes (PDB2PQR for a PDB without hydrogens) with each ligand', async () => {
    const redock = join(sharedDataDir, 'redock', 'er_estradiol');
    const box = (
      JSON.parse(readFileSync(join(sharedDataDir, 'redock', 'cases.json'), 'utf8')) as {
        cases: { name: string; box: BatchInput['box'] }[];
      }
    ).cases.find((c) => c.name === 'er_estradiol')!.box;
    const output = await dockBatch({
      engine: 'vina',
      receptor: { path: join(redock, 'receptor.pdb'), format: 'pdb' },
      ligands: [{ ligandId: 'ethane', name: 'ethane', source: { kind: 'smiles', smiles: 'CC' } }],
      box,
      params: { exhaustiveness: 1, numModes: 1, energyRange: 3, seed: 42, cpu: 0 },
      workDir: workDir(),
      timeoutMs: 600_000,
      signal: new AbortController().signal,
      interactions: false,
    });
    const notes = succeeded(output.outcomes[0]).notes;
    expect(notes[0]).toMatch(
      /^receptor: the receptor had no hydrogens: added for pH 7\.4 by PDB2PQR\/PROPKA \(pdb2pqr /,
    );
    expect(notes).toContain('receptor: non-default protonation states at pH 7.4: GLU A471 neutral (GLH)');
  }, 600_000);

  it('fails a ligand that cannot be prepared with its reason; the rest of the batch completes', async () => {
    const output = await dockBatch({
      engine: 'vina',
      ...target('ABL1'),
      ligands: [
        { ligandId: 'bad', name: 'bad', source: { kind: 'smiles', smiles: 'C1CC(' } },
        { ligandId: 'radical', name: 'radical', source: { kind: 'smiles', smiles: '[CH3]' } },
        { ligandId: 'ethane', name: 'ethane', source: { kind: 'smiles', smiles: 'CC' } },
      ],
      params: dockstringParams,
      workDir: workDir(),
      timeoutMs: 300_000,
      signal: new AbortController().signal,
    });
    expect(output.outcomes[0]).toMatchObject({
      ligandId: 'bad',
      status: 'failed',
      stage: 'preparation',
      reason: expect.stringMatching(/SMILES parse error/),
    });
    expect(output.outcomes[1]).toMatchObject({
      ligandId: 'radical',
      status: 'failed',
      stage: 'preparation',
      reason: expect.stringMatching(/radical/),
    });
    expect(succeeded(output.outcomes[2]).poses[0]?.affinityKcalMol).toBeLessThan(-1);
  });

  it('flags every pose docked into a box 60 Å from the receptor (validity data) and notes no_receptor_contact and the 0.00 score', async () => {
    const abl1 = target('ABL1');
    const far = { ...abl1.box.center, x: abl1.box.center.x + 60 };
    const output = await dockBatch({
      engine: 'vina',
      receptor: abl1.receptor,
      box: { center: far, size: { x: 12, y: 12, z: 12 } },
      ligands: [{ ligandId: 'ethanol', name: 'ethanol', source: { kind: 'smiles', smiles: 'CCO' } }],
      params: { ...dockstringParams, exhaustiveness: 1 },
      workDir: workDir(),
      timeoutMs: 300_000,
      signal: new AbortController().signal,
    });
    const outcome = succeeded(output.outcomes[0]);
    expect(outcome.poses[0]?.affinityKcalMol).toBe(0);
    // Every pose floats in empty space: each carries the failed checks as data, not only pose 1's note.
    expect(outcome.poses.length).toBeGreaterThan(0);
    for (const pose of outcome.poses)
      expect(pose.validity).toEqual({ valid: false, failed: ['no_receptor_contact', 'no_favourable_score'] });
    expect(outcome.notes).toContainEqual(
      expect.stringMatching(/^pose 1 fails validity checks: no_receptor_contact, no_favourable_score \(/),
    );
  });

  it('kills the engine on cancellation and reports the remaining ligands as cancelled', async () => {
    const controller = new AbortController();
    const dir = workDir();
    const output = await dockBatch(
      on1iep({
        ligands: ['a', 'b', 'c'].map((id) => ({ ...crystalImatinib, ligandId: id })),
        params: { exhaustiveness: 32, numModes: 9, energyRange: 3, seed: 42, cpu: 1 },
        parallelLigands: 1,
        workDir: dir,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.stage === 'docking') controller.abort();
        },
      }),
    );
    expect(output.outcomes.map((outcome) => outcome.status === 'failed' && outcome.stage)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(vinaProcessesIn(dir)).toEqual([]);
    // The stopped run's engine log names the batch's files relative to its folder, never the agent's paths.
    const stopped = output.outcomes[0]!;
    expect(stopped.status === 'failed' && stopped.logPath).toBeTruthy();
    const log = readFileSync((stopped as { logPath: string }).logPath, 'utf8');
    expect(log).toMatch(/^\$ vina .* --out ligands\/a\/poses\.pdbqt/m);
    expect(log).not.toContain(dir);
  });

  it('stops at the batch timeout with a timeout outcome per unfinished ligand', async () => {
    const dir = workDir();
    const output = await dockBatch(
      on1iep({
        params: { exhaustiveness: 64, numModes: 9, energyRange: 3, seed: 42, cpu: 1 },
        workDir: dir,
        timeoutMs: 3_000,
      }),
    );
    expect(output.outcomes[0]).toMatchObject({
      status: 'failed',
      stage: 'timeout',
      reason: 'batch timeout after 3000 ms',
    });
    expect(vinaProcessesIn(dir)).toEqual([]);
  });

  it('throws when the engine is not installed', async () => {
    await expect(
      dockBatch({
        engine: 'vina',
        ...target('ABL1'),
        ligands: [],
        params: dockstringParams,
        workDir: workDir(),
        timeoutMs: 1000,
        signal: new AbortController().signal,
        tools: { vina: '/nonexistent/vina' },
      }),
    ).rejects.toThrow('vina is not installed on this agent (tried "/nonexistent/vina")');
  });
});

function vinaProcessesIn(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.startsWith('vina') && line.includes(dir));
}
