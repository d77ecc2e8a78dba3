// The AutoDock4Zn pseudo-atom rules (zinc-sites.ts) on the redocking set's two zinc enzymes, prepared as the agent
// prepares them (Open Babel), and on made-up shells for the cases they do not have.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { prepareReceptor } from './receptor.js';
import { placeZincPseudoAtoms, tetrahedralPseudoAtom } from './zinc-sites.js';

const tools = { obabel: 'obabel', python: '/usr/bin/python3' };
const redock = join(sharedDataDir, 'redock');

async function preparedPdbqt(name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mad-zn-'));
  const prepared = await prepareReceptor({ path: join(redock, name, 'receptor.pdb'), format: 'pdb' }, dir, tools);
  return readFile(prepared.path, 'utf8');
}

const atomLines = (text: string) => text.split('\n').filter((line) => /^(ATOM|HETATM)/.test(line));
const typeOf = (line: string) => line.slice(77, 79).trim();

/** A PDBQT atom line in Open Babel's columns. */
function atom(serial: number, name: string, resName: string, resSeq: number, xyz: number[], type: string): string {
  const [x, y, z] = xyz.map((v) => v.toFixed(3).padStart(8));
  return (
    `ATOM  ${String(serial).padStart(5)} ${name.padEnd(4)} ${resName} A${String(resSeq).padStart(4)}    ` +
    `${x}${y}${z}  0.00  0.00    +0.000 ${type.padEnd(2)}`
  );
}

describe('placeZincPseudoAtoms on prepared receptors', () => {
  it('farnesyltransferase (1s63): Asp (carboxylate), Cys and His bind the zinc; one TZ where the tutorial puts it', async () => {
    const pdbqt = await preparedPdbqt('ftase_1s63');
    const { text, sites } = placeZincPseudoAtoms(pdbqt);
    // Vina's zinc tutorial (the same PDB entry) writes its TZ at 19.113 132.964 3.689.
    expect(sites).toEqual([
      {
        zinc: 'ZN B1001',
        binders: ['HIS B362 NE2', 'CYS B299 SG', 'ASP B297 OD2 (carboxylate)'],
        pseudoAtom: [19.113, 132.964, 3.689],
      },
    ]);
    const lines = atomLines(text);
    expect(lines).toHaveLength(atomLines(pdbqt).length + 1);
    const tz = lines.filter((line) => typeOf(line) === 'TZ');
    expect(tz).toHaveLength(1);
    expect(tz[0]!.slice(12, 27)).toBe(' TZ  ZN  B1001 ');
    expect(tz[0]!.slice(30, 54)).toBe('  19.113 132.964   3.689');
    expect(Number(tz[0]!.slice(68, 76))).toBe(0);
    const zinc = lines.find((line) => typeOf(line) === 'Zn')!;
    expect(zinc.slice(68, 76)).toBe('   0.000');
    // Nothing else moved or changed.
    expect(lines.filter((line) => !['TZ', 'Zn'].includes(typeOf(line)))).toEqual(
      atomLines(pdbqt).filter((line) => typeOf(line) !== 'Zn'),
    );
  });

  it('carbonic anhydrase II (5eh7): three histidines, one TZ 2.0 Å from the zinc', async () => {
    const { sites } = placeZincPseudoAtoms(await preparedPdbqt('ca2_5eh7'));
    expect(sites).toEqual([
      { zinc: 'ZN 1', binders: ['HIS A96 NE2', 'HIS A94 NE2', 'HIS A119 ND1'], pseudoAtom: [15.684, 0.014, 16.36] },
    ]);
  });

  it('a receptor without zinc is returned as it was', async () => {
    const pdbqt = await preparedPdbqt('er_estradiol');
    expect(placeZincPseudoAtoms(pdbqt)).toEqual({ text: pdbqt, sites: [] });
  });
});

describe('placeZincPseudoAtoms rules', () => {
  const zinc = atom(99, 'ZN', ' ZN', 500, [0, 0, 0], 'Zn');
  const sulfur = (serial: number, resSeq: number, xyz: number[]) => atom(serial, 'SG', 'CYS', resSeq, xyz, 'SA');

  it('a structural zinc with four cysteines has no free site: no TZ, charge still 0', () => {
    const d = 2.3 / Math.sqrt(3);
    const pdbqt = [
      sulfur(1, 1, [d, d, d]),
      sulfur(2, 2, [-d, -d, d]),
      sulfur(3, 3, [-d, d, -d]),
      sulfur(4, 4, [d, -d, -d]),
      zinc,
      'TER',
    ].join('\n');
    const { text, sites } = placeZincPseudoAtoms(pdbqt);
    expect(sites).toEqual([
      { zinc: 'ZN A500', binders: expect.arrayContaining(['CYS A1 SG', 'CYS A4 SG']), pseudoAtom: null },
    ]);
    expect(sites[0]!.binders).toHaveLength(4);
    expect(text.split('\n').at(-1)).toBe('TER');
    expect(text).not.toContain(' TZ');
  });

  it('atoms bonded to a closer binder are not binders; atoms past 2.5 Å are not either', () => {
    // His-like: NE2 binds at 2.0 Å; its ring carbon CE1 (bonded) and a far oxygen (2.8 Å) do not count.
    const pdbqt = [
      atom(1, 'NE2', 'HIS', 1, [2.0, 0, 0], 'NA'),
      atom(2, 'CE1', 'HIS', 1, [2.8, 1.0, 0], 'A'),
      atom(3, 'OG', 'SER', 2, [0, 2.8, 0], 'OA'),
      sulfur(4, 3, [0, 0, 2.3]),
      zinc,
    ].join('\n');
    expect(placeZincPseudoAtoms(pdbqt).sites[0]).toEqual({
      zinc: 'ZN A500',
      binders: ['HIS A1 NE2', 'CYS A3 SG'],
      pseudoAtom: null,
    });
  });

  it('a bidentate carboxylate counts once, at the midpoint of its oxygens', () => {
    const pdbqt = [
      atom(1, 'CG', 'ASP', 1, [2.6, 0, 0], 'C'),
      atom(2, 'OD1', 'ASP', 1, [2.0, 1.1, 0], 'OA'),
      atom(3, 'OD2', 'ASP', 1, [2.0, -1.1, 0], 'OA'),
      atom(4, 'CB', 'ASP', 1, [4.1, 0, 0], 'C'),
      sulfur(5, 2, [-1.5, 0, 1.7]),
      sulfur(6, 3, [-1.5, 0, -1.7]),
      zinc,
    ].join('\n');
    const [site] = placeZincPseudoAtoms(pdbqt).sites;
    expect(site!.binders).toEqual(['CYS A2 SG', 'CYS A3 SG', 'ASP A1 OD1 (carboxylate)']);
    // The three binders' plane holds the zinc here; the normal still gives a point 2.0 Å away.
    const [x, y, z] = site!.pseudoAtom!;
    expect(Math.hypot(x, y, z)).toBeCloseTo(2.0, 2);
  });

  it('puts the pseudo-atom on the zinc side of the binders, 2.0 Å from it', () => {
    const binders: [number, number, number][] = [
      [1.9, 0, -0.7],
      [-0.95, 1.65, -0.7],
      [-0.95, -1.65, -0.7],
    ];
    for (const order of [binders, [...binders].reverse()] as [
      (typeof binders)[0],
      (typeof binders)[0],
      (typeof binders)[0],
    ][]) {
      const [x, y, z] = tetrahedralPseudoAtom(order, [0, 0, 0]);
      expect([x, y].map((v) => Math.abs(v) < 1e-9)).toEqual([true, true]);
      expect(z).toBeCloseTo(2.0, 9);
    }
  });
});
