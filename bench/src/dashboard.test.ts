import { describe, expect, it } from 'vitest';
import { parseInitialJsKb } from './dashboard.js';

describe('parseInitialJsKb', () => {
  it('reads the total from the dashboard build script', () => {
    expect(
      parseInitialJsKb('  /assets/index-abc.js  80.1 KB gzip\ninitial JavaScript: 112.4 KB gzip (budget 300 KB)\n'),
    ).toBe(112.4);
    expect(parseInitialJsKb('no entry script found in dist/index.html')).toBeNull();
  });
});
