import { describe, expect, it } from 'vitest';
import { csvCell, sdfLine, sdfTagName, sdfTitle, toCsv, toSdf } from './export.js';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-1+1', "'-1+1"],
    ['@A1', "'@A1"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-12.5', '-12.5'],
    ['+3', '+3'],
    ['-1e-3', '-1e-3'],
    ['CCO', 'CCO'],
    ['a,b', '"a,b"'],
  ])('leaves %j as data', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers as numbers and nothing for missing or non-finite values', () => {
    expect([csvCell(-7.25), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['-7.25', '', '', '']);
    expect(toCsv(['a'], [['=x'], [-1]])).toBe("a\n'=x\n-1\n");
  });
});

describe('SD lines', () => {
  it('keeps titles, values and tag names on one line', () => {
    expect(sdfLine('a\r\n$$$$\nb')).toBe('a $$$$ b');
    expect(sdfLine('tab\tand\u0000nul')).toBe('tabandnul');
    expect(sdfTagName('x>\n> <y')).toBe('x  y');
    expect(sdfTagName('<>')).toBe('tag');
    expect(sdfTitle('t'.repeat(100))).toHaveLength(80);
  });

  it('writes one record per input even when the text holds a separator line and the title a line break', () => {
    const molblock = 'old title\n  prog\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\nforged\nM  END';
    const text = toSdf([{ text: molblock, title: 'new\n$$$$', tags: { 'a\nb': 'v\n$$$$' } }]);
    expect(text.match(/^\$\$\$\$$/gm)).toHaveLength(1);
    expect(text.split('\n')[0]).toBe('new $$$$');
    expect(text).toContain('> <a b>\nv $$$$\n');
  });

  it("keeps the record's own data items apart from the new ones (each item ends at a blank line)", () => {
    const pose =
      'pose\n  OpenBabel\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n> <REMARK>\n VINA RESULT -3.2\n\n$$$$\n';
    const text = toSdf([{ text: pose, tags: { ligand_id: 'inline-1', pose_rank: 1 } }]);
    const items = text
      .slice(text.indexOf('M  END\n') + 7, text.indexOf('$$$$'))
      .trim()
      .split(/\n\n/);
    expect(items).toEqual(['> <REMARK>\n VINA RESULT -3.2', '> <ligand_id>\ninline-1', '> <pose_rank>\n1']);
  });
});
