import { describe, expect, it } from 'vitest';
import { Cell } from '../../models/memory/Cell.js';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';
import { explore } from '../explore.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * How we count: every actor's start is a step of its own (a cancel can land before it), so two actors
 * of three writes each make 8 steps and C(8,4) = 70 interleavings without reduction. A start touches
 * nothing shared, so with sleep-set reduction it commutes with every other step, and what is left is
 * the C(6,3) = 20 orders of the six conflicting writes — one run per Mazurkiewicz trace. When the two
 * actors write different cells every step commutes and one schedule covers them all.
 */
function twoWriters(sameCell: boolean) {
  return defineScenario({
    name: sameCell ? 'two-writers-same' : 'two-writers-apart',
    setup(sim) {
      const x = new Cell(sim, 'x', 0);
      const y = new Cell(sim, 'y', 0);
      sim.spawn('P', async () => {
        for (const v of [1, 2, 3]) await x.set(v);
      });
      sim.spawn('Q', async () => {
        for (const v of [4, 5, 6]) await (sameCell ? x : y).set(v);
      });
    },
  });
}

describe('dfs', () => {
  it('exhausts two actors of three conflicting steps in exactly C(6,3) = 20 schedules with reduction', async () => {
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000 });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toEqual({ schedules: 20, bound: Infinity, complete: true });
  });

  it('counts all C(8,4) = 70 interleavings, starts included, without reduction', async () => {
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000, reduction: false });
    expect(r.exhausted).toEqual({ schedules: 70, bound: Infinity, complete: true });
  });

  it('needs a single schedule when the actors touch different cells', async () => {
    const r = await explore(twoWriters(false), { strategy: 'dfs', runs: 10_000 });
    expect(r.exhausted).toEqual({ schedules: 1, bound: Infinity, complete: true });
    const plain = await explore(twoWriters(false), { strategy: 'dfs', runs: 10_000, reduction: false });
    expect(plain.exhausted!.schedules).toBe(70);
  });

  it('reports a bounded proof when the preemption bound cuts the tree, enumerated without sleep sets', async () => {
    // Sleep sets would make "no failure up to bound 1" unsound (Coons et al. 2013), so the final
    // bounded level runs every schedule with at most one preemption: either actor runs to the end
    // first (2), or runs 1, 2 or 3 of its steps, is preempted once and finishes after the other (6).
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000, preemptionBound: 1 });
    expect(r.exhausted).toEqual({ schedules: 8, bound: 1, complete: false });
  });

  it('finds, within a bound, a failure that sleep sets would hide at that bound', async () => {
    const { lostWakeup } = await import('../../scenarios/sync/lostWakeup.js');
    const r = await explore(lostWakeup('if'), { strategy: 'dfs', runs: 10_000, preemptionBound: 1 });
    expect(r.failure?.preemptions).toBe(1);
  });

  it('finds a shallow bug at the lowest preemption bound first', async () => {
    const r = await explore(lostUpdate(), { strategy: 'dfs', runs: 10_000 });
    expect(r.failure?.preemptions).toBe(1);
  });

  it('stops the default portfolio with a proof when its dfs member exhausts a params-free scenario', async () => {
    const r = await explore(twoWriters(true), { runs: 10_000, seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.exhausted?.schedules).toBe(20);
    expect(r.schedules).toBeLessThan(400);
  });
});
