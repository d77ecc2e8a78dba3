import { describe, expect, it } from 'vitest';
import { mergeEvents } from './events.js';

const event = (id: number, kind = 'ligand_done') => ({ id, kind });

describe('mergeEvents', () => {
  it('puts an older page before the live events and a pushed one after, each event once', () => {
    const live = [event(10), event(12)];
    const older = [event(3, 'created'), event(7), event(10)];
    expect(mergeEvents(older, live).map((e) => e.id)).toEqual([3, 7, 10, 12]);
    expect(mergeEvents(live, [event(12), event(15)]).map((e) => e.id)).toEqual([10, 12, 15]);
  });

  it('keeps id order whatever order the pieces come in', () => {
    expect(mergeEvents([event(5), event(1)], [event(3)]).map((e) => e.id)).toEqual([1, 3, 5]);
    expect(mergeEvents([], [])).toEqual([]);
  });
});
