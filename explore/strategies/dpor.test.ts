/**
 * Soundness of the reduction: on random small programs (shared cells, a mutex, sleeps, yields), dfs
 * with source-DPOR must reach exactly the outcomes plain enumeration reaches — unbounded, and at each
 * preemption bound, where it explores only schedules within the bound and must miss none of their
 * outcomes. A schedule skipped wrongly would be a hidden bug, so the sets are compared, not counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumerate, programs, type Program } from './dpor.fixture.js';

const sorted = (s: Set<string>) => [...s].sort();

async function sameOutcomes(program: Program, preemptionBound?: number): Promise<void> {
  const bound = preemptionBound === undefined ? {} : { preemptionBound };
  const plain = await enumerate(program, { ...bound, reduction: false });
  const dpor = await enumerate(program, bound);
  expect(sorted(dpor.outcomes), JSON.stringify(program)).toEqual(sorted(plain.outcomes));
  expect(dpor.schedules).toBeLessThanOrEqual(plain.schedules);
}

describe('dfs with DPOR: the outcomes of plain enumeration, no fewer', () => {
  it('unbounded, on 120 random programs', async () => {
    await fc.assert(fc.asyncProperty(programs(), (p) => sameOutcomes(p)), { numRuns: 120, seed: 13 });
  }, 120_000);

  for (const b of [0, 1, 2]) {
    it(`with preemption bound ${b}, on 120 random programs`, async () => {
      await fc.assert(fc.asyncProperty(programs(Number(process.env.FUZZSIZE ?? 7)), (p) => sameOutcomes(p, b)), { numRuns: Number(process.env.FUZZ ?? 120), seed: 13 + b + Number(process.env.FUZZSEED ?? 0) });
    }, 120_000);
  }
});
