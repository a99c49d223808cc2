/**
 * Soundness of the reduction: on random small programs (shared cells, a mutex, sleeps, yields), dfs
 * with source-DPOR must reach exactly the outcomes plain enumeration reaches — unbounded, and at each
 * preemption bound, where it explores only schedules within the bound and must miss none of their
 * outcomes. A schedule skipped wrongly would be a hidden bug, so the sets are compared, not counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from '../../scenarios/registry.js';
import { explore } from '../explore.js';
import { enumerate, programs, type Program } from './dpor.fixture.js';

const sorted = (s: Set<string>) => [...s].sort();

async function sameOutcomes(program: Program, preemptionBound?: number): Promise<void> {
  const bound = preemptionBound === undefined ? {} : { preemptionBound };
  const plain = await enumerate(program, { ...bound, reduction: false });
  const dpor = await enumerate(program, bound);
  expect(sorted(dpor.outcomes), JSON.stringify(program)).toEqual(sorted(plain.outcomes));
  // Unbounded, one schedule per trace; bounded, the count is of every level (the last leans on them).
  if (preemptionBound === undefined) expect(dpor.schedules).toBeLessThanOrEqual(plain.schedules);
}

describe('dfs with DPOR: the outcomes of plain enumeration, no fewer', () => {
  it('unbounded, on 120 random programs', async () => {
    await fc.assert(fc.asyncProperty(programs(), (p) => sameOutcomes(p)), { numRuns: 120, seed: 13 });
  }, 120_000);

  for (const b of [0, 1, 2]) {
    it(`with preemption bound ${b}, on 300 random programs`, async () => {
      await fc.assert(fc.asyncProperty(programs(8), (p) => sameOutcomes(p, b)), { numRuns: 300, seed: 13 + b });
    }, 120_000);
  }

  it('finds what plain enumeration finds in a real case study (submit-run after: an executor thread, the loop, a cancel), bounded', async () => {
    // The world's first step is forced and its every step writes the loop: a bounded proof that
    // pruned a forced step of a replayed prefix once reported this buggy variant clean.
    const params = { fails: [false, true], cancel: 0, runs: 2 };
    for (const name of ['submit-run-after-auto-approve', 'submit-run-after-cancel-is-final']) {
      const e = registry.find((x) => x.scenario.name === name)!;
      const o = { strategy: 'dfs', params, preemptionBound: 1, runs: 5000, corpus: false, shrink: false } as const;
      const plain = await explore(e.scenario, { ...o, reduction: false });
      const dpor = await explore(e.scenario, o);
      expect(plain.ok, name).toBe(false);
      expect(dpor.ok, name).toBe(false);
      expect(dpor.schedules).toBeLessThanOrEqual(plain.schedules);
    }
    const clean = registry.find((x) => x.scenario.name === 'submit-run-locked-auto-approve')!;
    const proof = await explore(clean.scenario, { strategy: 'dfs', params, preemptionBound: 1, runs: 5000, corpus: false });
    expect(proof.ok).toBe(true);
    expect(proof.exhausted?.bound).toBe(1);
  }, 120_000);
});
