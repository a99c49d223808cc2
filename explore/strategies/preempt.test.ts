import { describe, expect, it } from 'vitest';
import { STALL, type ChoicePoint } from '../../sim/choices.js';
import { preemptStrategy } from './preempt.js';

const point = (actors: number[], continues: boolean): ChoicePoint => ({ kind: 'schedule', n: actors.length, label: 'op', actors, continues, index: 0 });

describe('the preemptive walk', () => {
  it('switches away from a runnable actor with probability q, to the others uniformly', () => {
    const source = preemptStrategy('1', 0.8).next()!.source;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[source.choose(point([0, 1, 2], true))]!++;
    expect(counts[0]! / 30_000).toBeCloseTo(0.2, 1);
    expect(counts[1]! / 30_000).toBeCloseTo(0.4, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.4, 1);
  });

  it('keeps uniform odds for time passing, and chooses uniformly where no actor could go on', () => {
    const source = preemptStrategy('2').next()!.source;
    let stalls = 0;
    let first = 0;
    for (let i = 0; i < 30_000; i++) {
      const c = source.choose(point([0, 1, STALL], true));
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(3);
      if (c === 2) stalls++;
      if (source.choose(point([4, 5], false)) === 0) first++;
    }
    expect(stalls / 30_000).toBeCloseTo(1 / 3, 1);
    expect(first / 30_000).toBeCloseTo(0.5, 1);
  });

  it('draws the same schedule from the same seed', () => {
    const draw = (seed: string) => {
      const s = preemptStrategy(seed).next()!.source;
      return Array.from({ length: 50 }, () => s.choose(point([0, 1, 2], true)));
    };
    expect(draw('7')).toEqual(draw('7'));
    expect(draw('7')).not.toEqual(draw('8'));
  });
});
