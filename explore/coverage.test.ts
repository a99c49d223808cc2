import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { executeRun } from '../sim/execute.js';
import { listSource } from '../sim/listSource.js';
import { defineScenario } from '../sim/scenario.js';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { CampaignCoverage, describeCoverage, RunCoverage } from './coverage.js';
import { explore } from './explore.js';

const settings = { maxSteps: 1000 };

async function pairsOf(choices: number[]) {
  const rec = new RunCoverage(listSource(choices));
  await executeRun(lostUpdate(), undefined, { ...settings, source: rec });
  return rec;
}

describe('coverage', () => {
  it('names reads-from pairs by actor and access count, so two orders of the same accesses differ', async () => {
    const sequential = await pairsOf([]);
    // A reads, B reads (a preemption), then both write: both reads saw the initial value.
    const interleaved = await pairsOf([0, 1]);
    expect(
      [...sequential.pairs].some((p) => p.startsWith('init→') && p.includes(':cell:counter#0')),
    ).toBe(true);
    expect([...sequential.readsFrom.values()]).toContain('init');
    const onlyInterleaved = [...interleaved.pairs].filter((p) => !sequential.pairs.has(p));
    expect(onlyInterleaved.length).toBeGreaterThan(0);
    const campaign = new CampaignCoverage();
    expect(campaign.add(sequential)).toBe(sequential.pairs.size);
    expect(campaign.add(sequential)).toBe(0);
    expect(campaign.add(interleaved)).toBe(onlyInterleaved.length);
    expect(campaign.report()).toEqual({
      pairs: sequential.pairs.size + onlyInterleaved.length,
      lastNewAt: 3,
      sinceNew: 0,
    });
  });

  it('passes choices through unchanged: the recorded run is the same schedule', async () => {
    const plain = await executeRun(lostUpdate(), undefined, {
      ...settings,
      source: listSource([0, 1]),
    });
    const recorded = await executeRun(lostUpdate(), undefined, {
      ...settings,
      source: new RunCoverage(listSource([0, 1])),
    });
    expect(recorded.trace.fingerprint).toBe(plain.trace.fingerprint);
  });

  it('counts the yields of a spin-wait, not the waits of a blocked actor', async () => {
    const spin = defineScenario({
      name: 'coverage-spin',
      setup(sim) {
        const flag = new Cell(sim, 'flag', false);
        sim.spawn('waiter', async () => {
          while (!(await flag.get())) await sim.yield('poll');
        });
        sim.spawn('setter', () => flag.set(true));
        return {};
      },
    });
    const rec = new RunCoverage(listSource([]));
    await executeRun(spin, undefined, { ...settings, source: rec });
    // The waiter runs first (choice 0 everywhere), polls, yields to the setter.
    expect(rec.yields).toBeGreaterThan(0);
    const blocked = await pairsOf([]);
    expect(blocked.yields).toBe(0);
  });

  it('explore reports coverage growth, and a small clean scenario saturates', async () => {
    const safe = defineScenario({
      name: 'coverage-two-updates',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        for (const name of ['a', 'b']) sim.spawn(name, () => c.update((v) => v + 1));
        return {};
      },
    });
    const r = await explore(safe, { strategy: 'random', seed: 1, runs: 400, corpus: false });
    expect(r.ok).toBe(true);
    expect(r.coverage!.pairs).toBeGreaterThan(0);
    expect(r.coverage!.lastNewAt).toBeLessThan(50);
    expect(r.coverage!.sinceNew).toBe(400 - r.coverage!.lastNewAt);
    expect(describeCoverage(r.coverage!)).toMatch(/saturated/);
  });

  it('after a complete search says the pairs are all of them, not that they may still grow', () => {
    const early = { pairs: 39, lastNewAt: 33, sinceNew: 75 };
    expect(describeCoverage(early)).toMatch(/still growing recently/);
    expect(describeCoverage(early, true)).toBe('39 access pairs, the last new one at schedule 33 (all of them: the search was complete)');
  });
});
