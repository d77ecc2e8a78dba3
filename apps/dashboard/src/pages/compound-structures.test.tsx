// A ligand's page lists the organisation's structures of its compound (issue 12): rendered as the browser gets it.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StructuresOfCompound } from './compound-structures.js';

const structure = (id: string, name: string, sourceFormat: string) => ({
  id,
  name,
  sourceFormat,
  createdAt: '2026-12-04T10:00:00.000Z',
});

describe('StructuresOfCompound', () => {
  it('counts the structures, marks the one shown and links the others', () => {
    const html = renderToStaticMarkup(
      <StructuresOfCompound
        moleculeId="a"
        more={false}
        structures={[
          structure('a', 'imatinib (crystal)', 'sdf'),
          structure('b', 'imatinib (Meeko)', 'pdbqt'),
          structure('c', 'imatinib moved', 'sdf'),
        ]}
      />,
    );
    expect(html).toContain('3 structures of this compound');
    expect(html).toContain('<strong>imatinib (crystal) (this one)</strong>');
    expect(html).toContain('href="/molecules/b"');
    expect(html).toContain('href="/molecules/c"');
    expect(html).not.toContain('href="/molecules/a"');
    expect(html).toContain('pdbqt · 2026-12-04 10:00 UTC');
  });

  it('says 50+ when there are more than one page, one structure in the singular, and nothing without any', () => {
    const many = Array.from({ length: 50 }, (_, k) => structure(String(k), `conformer ${k}`, 'sdf'));
    expect(renderToStaticMarkup(<StructuresOfCompound moleculeId="0" more structures={many} />)).toContain(
      '50+ structures of this compound',
    );
    expect(
      renderToStaticMarkup(
        <StructuresOfCompound moleculeId="a" more={false} structures={[structure('a', 'x', 'sdf')]} />,
      ),
    ).toContain('1 structure of this compound');
    expect(renderToStaticMarkup(<StructuresOfCompound moleculeId="a" more={false} structures={[]} />)).toBe('');
  });
});
