// Residue-aware receptor hydrogens with the real PDB2PQR/PROPKA (Debian python3-pdb2pqr) and Open Babel, on receptors
// of ../shared/data/redock: His tautomers, non-default states, rebuilt atoms, metals and cofactors merged back.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { metalIonCharges } from './receptor-pdb2pqr.js';
import { prepareReceptor } from './receptor.js';

const tools = { obabel: 'obabel', python: '/usr/bin/python3' };
const redock = (name: string) => join(sharedDataDir, 'redock', name, 'receptor.pdb');
const workDir = () => mkdtempSync(join(tmpdir(), 'mad-pdb2pqr-'));
// Loaded shared machine: a few CPU-seconds of PROPKA can take minutes of wall time.
const BUDGET = 600_000;

const atomLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^(ATOM|HETATM)/.test(line));
/** The PDBQT lines of one residue ('HIS', 'A', 474). */
const residue = (lines: string[], name: string, chain: string, number: number) =>
  lines.filter((l) => l.slice(17, 20).trim() === name && l[21] === chain && Number(l.slice(22, 26)) === number);
const atom = (lines: string[], name: string) => lines.find((l) => l.slice(12, 16).trim() === name);
const distance = (a: string, b: string) =>
  Math.hypot(...[30, 38, 46].map((at) => Number(a.slice(at, at + 8)) - Number(b.slice(at, at + 8))));

describe('prepareReceptor: a PDB without hydrogens through PDB2PQR/PROPKA', () => {
  it(
    'ER-α (er_estradiol): His tautomers, a neutral Glu, rebuilt Lys/Ser side chains, the PDBQT donors to match',
    async () => {
      const dir = workDir();
      const prepared = await prepareReceptor({ path: redock('er_estradiol'), format: 'pdb' }, dir, tools);
      const notes = prepared.notes.join('\n');
      expect(notes).toMatch(
        /the receptor had no hydrogens: added for pH 7\.4 by PDB2PQR\/PROPKA \(pdb2pqr --ff AMBER .*--titration-state-method propka --with-ph 7\.4/,
      );
      expect(notes).toMatch(
        /by PDB2PQR 3\.\d+\.\d+ with PROPKA \(AMBER\): 250 residues, net charge -3; His: 10 HID, 3 HIE, 0 HIP/,
      );
      expect(notes).toContain('HIS A474 HIE');
      expect(notes).toContain('HIS A524 HID');
      expect(notes).toMatch(/non-default protonation states at pH 7\.4: GLU A471 neutral \(GLH\)/);
      expect(notes).toMatch(
        /missing heavy atoms rebuilt by PDB2PQR: LYS A302 \(CD, CE, CG, NZ\), LYS A303 \(CD, CE, CG, NZ\), SER A301 \(OG\)/,
      );
      // PDB2PQR's hydrogen-bond optimisation flips ring/amide side chains: said, with the atoms that moved.
      expect(notes).toMatch(
        /side chains flipped by PDB2PQR's hydrogen-bond optimisation \(heavy atoms moved\): .*HIS A377 \(CD2, CE1, ND1, NE2\)/,
      );
      expect(notes).not.toMatch(/by Open Babel/);

      const lines = atomLines(prepared.path);
      // HIE: the H is on NE2 (a donor, N), ND1 is the acceptor (NA); HID the other way round.
      const hie = residue(lines, 'HIE', 'A', 474);
      expect(atom(hie, 'ND1')?.slice(77).trim()).toBe('NA');
      expect(atom(hie, 'NE2')?.slice(77).trim()).toBe('N');
      expect(atom(hie, 'HE2')?.slice(77).trim()).toBe('HD');
      expect(atom(hie, 'HD1')).toBeUndefined();
      const hid = residue(lines, 'HID', 'A', 524);
      expect(atom(hid, 'HD1')?.slice(77).trim()).toBe('HD');
      expect(atom(hid, 'NE2')?.slice(77).trim()).toBe('NA');
      // The neutral Glu carries its carboxylic H; the rebuilt Lys 302 has its side chain and an NH3+ (3 HD).
      expect(
        atom(residue(lines, 'GLH', 'A', 471), 'HE2')
          ?.slice(77)
          .trim(),
      ).toBe('HD');
      const lys = residue(lines, 'LYS', 'A', 302);
      expect(atom(lys, 'NZ')).toBeDefined();
      expect(lys.filter((l) => /^HZ[123]$/.test(l.slice(12, 16).trim()))).toHaveLength(3);
      expect(lines.filter((l) => l.trim().endsWith('HD')).length).toBeGreaterThan(350);
      expect(readFileSync(prepared.path, 'utf8')).not.toMatch(/^(ROOT|BRANCH|TORSDOF)/m);
    },
    BUDGET,
  );

  it(
    'DHFR (dhfr_1ia1): both NADPH kept with Open Babel hydrogens for pH 7.4 (-4), typed for AutoDock',
    async () => {
      const dir = workDir();
      const prepared = await prepareReceptor({ path: redock('dhfr_1ia1'), format: 'pdb' }, dir, tools);
      const notes = prepared.notes.join('\n');
      expect(notes).toMatch(/NDP A193: \d+ hydrogens added by Open Babel for pH 7\.4 \(net charge -4\)/);
      expect(notes).toMatch(/NDP B195: \d+ hydrogens added by Open Babel for pH 7\.4 \(net charge -4\)/);
      expect(notes).toMatch(/missing heavy atoms rebuilt by PDB2PQR: ASP A105 \(CG, OD1, OD2\)/);
      const ndp = residue(atomLines(prepared.path), 'NDP', 'A', 193);
      const heavy = residue(atomLines(redock('dhfr_1ia1')), 'NDP', 'A', 193).filter((l) => !'B'.includes(l[16]!));
      expect(ndp.filter((l) => !l.trim().endsWith('HD'))).toHaveLength(heavy.length);
      const types = new Set(ndp.map((l) => l.slice(77).trim()));
      expect([...types].sort()).toEqual(['A', 'C', 'HD', 'N', 'NA', 'OA', 'P']);
      // The nicotinamide's amide NH2 is a donor pair.
      expect(ndp.filter((l) => l.trim().endsWith('HD')).length).toBeGreaterThanOrEqual(6);
    },
    BUDGET,
  );

  it(
    'EGFR (egfr_2itz): a residue with only its N is kept aside as given, a chloride is not protonated',
    async () => {
      const dir = workDir();
      const prepared = await prepareReceptor({ path: redock('egfr_2itz'), format: 'pdb' }, dir, tools);
      const notes = prepared.notes.join('\n');
      expect(notes).toMatch(/by PDB2PQR 3\.\d+\.\d+ with PROPKA \(AMBER\): 302 residues/);
      expect(notes).toContain(
        'residues with too few atoms for PDB2PQR (incomplete backbone) kept as given, without hydrogens: GLN A1020',
      );
      expect(notes).toContain('CL A2020: a single-atom group, kept as given (an ion)');
      expect(notes).toMatch(/missing heavy atoms rebuilt by PDB2PQR: .*PHE A723 \(CD1, CD2, CE1, CE2, CG, CZ\)/);
      const lines = atomLines(prepared.path);
      expect(residue(lines, 'GLN', 'A', 1020).map((l) => l.slice(12, 16).trim())).toEqual(['N']);
      expect(residue(lines, 'CL', 'A', 2020).map((l) => l.slice(77).trim())).toEqual(['Cl']);
    },
    BUDGET,
  );

  it(
    'farnesyltransferase (ftase_1s63) re-protonated: the zinc-bound Cys is a thiolate, the zinc-bound His N carries no H, Zn +2',
    async () => {
      const dir = workDir();
      const prepared = await prepareReceptor({ path: redock('ftase_1s63'), format: 'pdb' }, dir, tools, undefined, {
        reprotonate: true,
      });
      const notes = prepared.notes.join('\n');
      expect(notes).toContain("the receptor's own hydrogens were removed");
      expect(notes).toContain('CYS B299 SG binds ZN B1001: thiolate (no HG)');
      expect(notes).toMatch(/HIS B362 NE2 binds ZN B1001: HID/);
      expect(notes).toMatch(/FPP B3011: \d+ hydrogens added by Open Babel for pH 7\.4 \(net charge -3\)/);
      expect(notes).toContain('metal ions kept: ZN B1001');
      expect(notes).toContain('metal ions typed by Open Babel with their ion charge: ZN B1001 +2');
      const lines = atomLines(prepared.path);
      const zinc = lines.find((l) => l.slice(17, 20).trim() === 'ZN')!;
      expect(zinc.slice(70, 76)).toBe('+2.000');
      expect(zinc.slice(77).trim()).toBe('Zn');
      const his = lines.filter((l) => l[21] === 'B' && Number(l.slice(22, 26)) === 362);
      expect(atom(his, 'HE2')).toBeUndefined();
      expect(distance(atom(his, 'HD1')!, atom(his, 'ND1')!)).toBeCloseTo(1.01, 1);
      const cys = lines.filter((l) => l[21] === 'B' && Number(l.slice(22, 26)) === 299);
      expect(atom(cys, 'HG')).toBeUndefined();
      expect(distance(atom(cys, 'SG')!, zinc)).toBeLessThan(2.6);
    },
    BUDGET,
  );

  it(
    'falls back to Open Babel and says so when PDB2PQR is not installed (a python without dist-packages)',
    async () => {
      const dir = workDir();
      const python = join(dir, 'python-without-packages');
      writeFileSync(python, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
      chmodSync(python, 0o755);
      const prepared = await prepareReceptor({ path: redock('er_estradiol'), format: 'pdb' }, dir, {
        ...tools,
        python,
      });
      expect(prepared.notes).toContain(
        'the receptor had no hydrogens: added for pH 7.4 by Open Babel (PDB2PQR not used: PDB2PQR is not installed ' +
          "on this agent (Debian package python3-pdb2pqr); no residue pKa, Open Babel's per-atom rules)",
      );
      expect(atomLines(prepared.path).filter((l) => l.trim().endsWith('HD')).length).toBeGreaterThan(350);
    },
    BUDGET,
  );

  it(
    'keeps a protonated receptor as given (no PDB2PQR) unless asked to re-protonate',
    async () => {
      const dir = workDir();
      const prepared = await prepareReceptor(
        { path: join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), format: 'pdb' },
        dir,
        tools,
      );
      expect(prepared.notes.join('\n')).not.toMatch(/PDB2PQR|hydrogens/);
    },
    BUDGET,
  );
});

describe('metalIonCharges', () => {
  it('gives lone Zn/Na ions their charge and leaves a heme iron and protein atoms alone', () => {
    const pdbqt = [
      'ATOM      1  N   HIS A  94      29.450   0.037  10.173  0.00  0.00    +0.000 NA',
      'ATOM   2474 ZN   ZN      1      14.403  -1.144  15.351  0.00  0.00    +0.000 Zn',
      'ATOM      1 NA   NA      2      13.599   8.771  29.892  0.00  0.00    +0.000 Na',
      'ATOM   3000 FE   HEM A 500       1.000   2.000   3.000  0.00  0.00    +0.000 Fe',
      'ATOM   3001  NA  HEM A 500       2.000   2.000   3.000  0.00  0.00    +0.000 N',
    ].join('\n');
    const { text, ions } = metalIonCharges(pdbqt);
    expect(ions).toEqual(['ZN 1 +2', 'NA 2 +1']);
    expect(text.split('\n').map((l) => l.slice(70, 76))).toEqual(['+0.000', '+2.000', '+1.000', '+0.000', '+0.000']);
    expect(text.split('\n').map((l) => l.slice(77))).toEqual(['NA', 'Zn', 'Na', 'Fe', 'N']);
  });
});
