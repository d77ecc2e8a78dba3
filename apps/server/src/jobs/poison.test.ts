import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMERS, deriveTimers } from '@mad/protocol';
import { formatBudget } from './poison.js';

describe('formatBudget (the job deadline reason)', () => {
  it('says seconds, minutes or hours, never "0 min"', () => {
    expect(formatBudget(19_000)).toBe('19 s');
    expect(formatBudget(400)).toBe('1 s');
    expect(formatBudget(90_000)).toBe('2 min');
    expect(formatBudget(2 * 3_600_000)).toBe('2 h');
    expect(formatBudget(deriveTimers(DEFAULT_TIMERS).jobDeadlineMs)).toBe('27 h 4 min');
  });
});
