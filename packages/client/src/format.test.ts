import { describe, expect, it } from 'vitest';
import { table } from './format.js';

describe('the results table', () => {
  it('pads columns to their widest cell and right-aligns numbers', () => {
    expect(
      table(
        ['name', 'affinity_kcal_mol'],
        [
          ['imatinib', '-12.30'],
          ['ethanol', '-2.10'],
        ],
      ),
    ).toBe('name      affinity_kcal_mol\nimatinib             -12.30\nethanol               -2.10');
  });
});
