// The interactions of the results page: the fingerprint's data, the residue labels of the 3D view, and the pose list
// and heat map components rendered to HTML (react-dom/server): names and distances shown, an unprofiled pose never
// shown as "no interactions".
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  heatColor,
  residueLabel,
  residueLabels,
  sortInteractions,
  type ShownInteraction,
} from './interactions.js';
import { InteractionFingerprint, PoseInteractionsList } from '../pages/interactions-parts.js';

const at = (x: number) => ({ x, y: 0, z: 0 });
const interaction = (
  type: ShownInteraction['type'],
  name: string,
  number: number,
  distance: number,
  extra: Partial<ShownInteraction> = {},
): ShownInteraction => ({
  type,
  residue: { name, number, chain: 'A' },
  distance,
  angle: null,
  detail: null,
  ligandAtoms: [{ index: 3, name: 'N' }],
  proteinAtoms: [{ serial: 930, name: 'N' }],
  ligandPoint: at(1),
  proteinPoint: at(number),
  ...extra,
});

const hinge = interaction('hydrogen_bond', 'MET', 318, 3.01, { angle: 158.2, detail: 'protein donor, backbone' });
const imatinib = [
  interaction('hydrophobic', 'LEU', 248, 3.62),
  hinge,
  interaction('hydrophobic', 'MET', 318, 3.9),
  interaction('pi_stacking', 'PHE', 382, 4.8, { angle: 12.3 }),
];

describe('interaction logic', () => {
  it('orders kinds strongest first, then residue and distance; labels one residue once', () => {
    expect(sortInteractions(imatinib).map((i) => `${i.type} ${residueLabel(i.residue)}`)).toEqual([
      'hydrogen_bond A:MET318',
      'pi_stacking A:PHE382',
      'hydrophobic A:LEU248',
      'hydrophobic A:MET318',
    ]);
    expect(residueLabels(imatinib)).toEqual([
      { text: 'A:MET318', position: at(318), color: '#2563eb' },
      { text: 'A:PHE382', position: at(382), color: '#16a34a' },
      { text: 'A:LEU248', position: at(248), color: '#9ca3af' },
    ]);
    expect(residueLabel({ name: 'GLY', number: 5, chain: '' })).toBe('GLY5');
  });

  it('builds the fingerprint: residues by number, cells with kinds and counts, unprofiled ligands counted apart', () => {
    const print = fingerprint([
      { ligandId: 'a', ligandName: 'imatinib', interactions: imatinib },
      { ligandId: 'b', ligandName: 'fragment', interactions: [interaction('hydrophobic', 'LEU', 248, 3.7)] },
      { ligandId: 'c', ligandName: 'old result', interactions: null },
      { ligandId: 'd', ligandName: 'nothing', interactions: [] },
    ]);
    expect(print.residues.map((r) => r.key)).toEqual(['A:LEU248', 'A:MET318', 'A:PHE382']);
    expect(print.ligands.map((l) => l.ligandName)).toEqual(['imatinib', 'fragment', 'nothing']);
    expect(print.ligands[0]!.cells.get('A:MET318')).toEqual({ count: 2, types: ['hydrogen_bond', 'hydrophobic'] });
    expect(print.ligands[2]!.cells.size).toBe(0);
    expect(print.notProfiled).toBe(1);
    expect(print.max).toBe(2);
    expect(heatColor(print.ligands[0]!.cells.get('A:MET318'), print.max)).toBe('#2563ebff');
    expect(heatColor(undefined, print.max)).toBe('transparent');
  });
});

describe('interaction components', () => {
  it('list the pose’s interactions with residue names, atoms, distances and angles', () => {
    const html = renderToStaticMarkup(
      createElement(PoseInteractionsList, {
        interactions: imatinib,
        reason: null,
        profiler: { name: 'plip', version: '2.2.2' },
      }),
    );
    expect(html).toContain('4 interaction(s), found by plip 2.2.2');
    expect(html).toMatch(
      /Hydrogen bond<\/td><td class="mono">A:MET318<\/td><td class="mono small">N<\/td><td class="mono small">N3<\/td><td class="num">3\.01<\/td><td class="num">158\.2<\/td><td class="small">protein donor, backbone/,
    );
    expect(html).toContain('π-stacking');
    expect(html).not.toContain('3.5 Å');
  });

  it('say why a pose was not profiled, and say "none found" only for a profiled pose', () => {
    const unprofiled = renderToStaticMarkup(
      createElement(PoseInteractionsList, {
        interactions: null,
        reason: 'not profiled: plipcmd could not start: spawn plipcmd ENOENT',
        profiler: null,
      }),
    );
    expect(unprofiled).toContain('Interactions: not profiled: plipcmd could not start');
    expect(unprofiled).not.toContain('No protein–ligand interactions');
    const none = renderToStaticMarkup(
      createElement(PoseInteractionsList, {
        interactions: [],
        reason: null,
        profiler: { name: 'plip', version: '2.2.2' },
      }),
    );
    expect(none).toContain('No protein–ligand interactions found in this pose (plip 2.2.2)');
  });

  it('draw the heat map of ligands × residues, MET318 among the columns', () => {
    const html = renderToStaticMarkup(
      createElement(InteractionFingerprint, {
        rows: [
          { ligandId: 'a', ligandName: 'imatinib', interactions: imatinib },
          { ligandId: 'c', ligandName: 'old result', interactions: null },
        ],
      }),
    );
    expect(html).toContain('Interaction fingerprint (best pose)');
    expect(html).toMatch(/title="A:MET318">MET318<\/th>/);
    expect(html).toContain('aria-label="imatinib · A:MET318: Hydrogen bond, Hydrophobic contact (2)"');
    expect(html).toContain('1 ligand(s) not profiled');
    expect(renderToStaticMarkup(createElement(InteractionFingerprint, { rows: [] }))).toBe('');
  });
});
