import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { Cell } from '../models/memory/Cell.js';
import { defineScenario } from '../sim/scenario.js';
import { explore } from './explore.js';
import { replay } from './replay.js';
import { shardedPlanner } from './shardPlan.js';
import { WIDE } from './strategies/portfolio.js';

const padded = lostUpdate(3, 'lost-update-sharded');
const clean = defineScenario({
  name: 'atomic-increments',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    for (const n of ['A', 'B', 'C']) sim.spawn(n, () => c.update((v) => v + 1).then(() => undefined));
  },
});

describe('explore({ shard })', () => {
  it('shards together find the unsharded campaign\'s first failure, with the same token', async () => {
    const whole = await explore(padded, { strategy: 'random', seed: 7, runs: 400, shard: { index: 0, count: 1 } });
    expect(whole.ok).toBe(false);
    const parts = await Promise.all([0, 1, 2, 3].map((index) => explore(padded, { strategy: 'random', seed: 7, runs: 400, shard: { index, count: 4 } })));
    const failing = parts.filter((p) => !p.ok).sort((a, b) => a.failure!.firstFoundAt - b.failure!.firstFoundAt);
    expect(failing[0]!.failure!.firstFoundAt).toBe(whole.failure!.firstFoundAt);
    expect(failing[0]!.failure!.token).toBe(whole.failure!.token);
    expect((whole.failure!.firstFoundAt - 1) % 4).toBe(parts.indexOf(failing[0]!));
  });

  it('splits a clean campaign into disjoint shards that add up to it', async () => {
    for (const strategy of ['portfolio', 'pct', 'pos', 'random'] as const) {
      const parts = await Promise.all([0, 1, 2].map((index) => explore(clean, { strategy, seed: 3, runs: 100, shard: { index, count: 3 } })));
      expect(parts.map((p) => p.schedules)).toEqual([34, 33, 33]);
      expect(parts.every((p) => p.ok)).toBe(true);
    }
  });

  it('callers claiming positions from one counter run the shard exactly once between them, however unevenly they take', async () => {
    let next = 0;
    const claim = (until: number) => () => (next < until ? next++ : undefined);
    // A slow caller that stops after 7 positions, a fast one that takes the rest: together, the shard.
    const slow = await explore(clean, { strategy: 'pct', seed: 3, runs: 100, shard: { index: 1, count: 2 }, claim: claim(7) });
    const fast = await explore(clean, { strategy: 'pct', seed: 3, runs: 100, shard: { index: 1, count: 2 }, claim: claim(Infinity) });
    expect([slow.schedules, fast.schedules]).toEqual([7, 43]);
    next = 0;
    const whole = await explore(padded, { strategy: 'random', seed: 7, runs: 400, shard: { index: 0, count: 1 } });
    const first = await explore(padded, { strategy: 'random', seed: 7, runs: 400, shard: { index: 0, count: 1 }, claim: claim(whole.failure!.firstFoundAt - 1) });
    expect(first.ok).toBe(true);
    const rest = await explore(padded, { strategy: 'random', seed: 7, runs: 400, shard: { index: 0, count: 1 }, claim: claim(Infinity) });
    expect(rest.failure!.firstFoundAt).toBe(whole.failure!.firstFoundAt);
    expect(rest.failure!.token).toBe(whole.failure!.token);
    await expect(explore(clean, { claim: () => 0 })).rejects.toThrow(/claim needs a shard/);
  });

  it('turns random, PCT(d) and PCT(d−1) on a narrow scenario, random, POS and random on a wide one', async () => {
    const turns = (width: number, spins = false) => Array.from({ length: 6 }, (_, i) => shardedPlanner('portfolio', '5', 3, { k: 40, width, spins })(i).strategy);
    expect(turns(WIDE - 1)).toEqual(['random', 'pct(d=3)', 'pct(d=2)', 'random', 'pct(d=3)', 'pct(d=2)']);
    expect(turns(WIDE).map((s) => s.replace(/\(.*/, ''))).toEqual(['random', 'pos', 'random', 'random', 'pos', 'random']);
    // A pair that spins: no PCT (its runs are as long as the spinner waits); three actors that spin keep it.
    expect(turns(2, true).map((s) => s.replace(/\(.*/, ''))).toEqual(['random', 'preempt', 'pos', 'random', 'preempt', 'pos']);
    expect(turns(3, true)).toEqual(turns(3));
    // The width comes from the natural run, so every shard of a wide campaign skips PCT alike.
    const wide = defineScenario({
      name: 'wide-reorder',
      setup(sim) {
        const a = new Cell(sim, 'a', 0);
        const b = new Cell(sim, 'b', 0);
        for (let i = 0; i < WIDE + 2; i++) sim.spawn(`set${i}`, async () => { await a.set(1); await b.set(-1); });
        sim.spawn('check', async () => {
          const [x, y] = [await a.get(), await b.get()];
          if (x !== y * -1) throw new Error(`checker saw a = ${x}, b = ${y}`);
        });
      },
    });
    const parts = await Promise.all([0, 1].map((index) => explore(wide, { strategy: 'portfolio', seed: 2, runs: 400, shard: { index, count: 2 }, shrink: false, corpus: false })));
    const failures = parts.flatMap((p) => (p.failure ? [p.failure] : []));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((f) => f.foundBy.startsWith('pct'))).toBe(false);
    for (const f of failures) expect((await replay(wide, f.token)).trace.fingerprint).toBe(f.trace.fingerprint);
  });

  it('refuses dfs and shards that do not exist', async () => {
    await expect(explore(clean, { strategy: 'dfs', shard: { index: 0, count: 2 } })).rejects.toThrow(/cannot be sharded/);
    await expect(explore(clean, { shard: { index: 4, count: 4 } })).rejects.toThrow(/shard 5\/4 does not exist/);
  });
});
