import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { programs } from './index.js';

describe('bug-finding benchmark programs', () => {
  it('has at least 15 programs with distinct names', () => {
    expect(programs.length).toBeGreaterThanOrEqual(15);
    expect(new Set(programs.map((p) => p.name)).size).toBe(programs.length);
  });
  for (const p of programs) {
    it(`${p.name}: the buggy variant fails`, async () => {
      const r = await explore(p.buggy, {
        strategy: 'random',
        seed: 1,
        runs: 10_000,
        shrink: false,
        corpus: false,
      });
      expect(r.ok).toBe(false);
    });
    if (p.correct) {
      const correct = p.correct;
      it(`${p.name}: the correct variant passes every schedule dfs finds (or 2,000 random)`, async () => {
        const d = await explore(correct, { strategy: 'dfs', runs: 1000, corpus: false });
        expect(d.failure?.message).toBeUndefined();
        if (!d.exhausted)
          expect(
            (await explore(correct, { strategy: 'random', seed: 1, runs: 2000, corpus: false })).ok,
          ).toBe(true);
      });
    }
  }
});
