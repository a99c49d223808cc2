import { describe, expect, it } from 'vitest';
import { Cell } from '../../models/memory/Cell.js';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';
import { defineScenario } from '../../sim/scenario.js';
import { explore } from '../explore.js';
import { executeRun } from '../../sim/execute.js';
import { RunCoverage } from '../coverage.js';
import { portfolioStrategy } from './portfolio.js';

/** `n` actors that each add to a counter atomically, twice: no bug, and a space too big for dfs to finish soon. */
const adders = (n: number, times = 2) =>
  defineScenario({
    name: `portfolio-adders-${n}x${times}`,
    setup(sim) {
      const c = new Cell(sim, 'c', 0);
      for (let i = 0; i < n; i++)
        sim.spawn(`a${i}`, async () => {
          for (let k = 0; k < times; k++) await c.update((v) => v + 1);
        });
      return { c };
    },
  });
/** Six actors: a big space, but not a wide one. */
const crowd = adders(6);
/** Two atomic updates: a space small enough for dfs. */
const twoUpdates = defineScenario({
  name: 'portfolio-two-updates',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    for (const name of ['a', 'b']) sim.spawn(name, () => c.update((v) => v + 1));
    return { c };
  },
});

describe('portfolio', () => {
  it('is deterministic from the seed: the same first failure, schedule and token', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++)
      runs.push(await explore(lostUpdate(), { seed: 11, runs: 500, corpus: false }));
    expect(runs[0]!.failure!.firstFoundAt).toBe(runs[1]!.failure!.firstFoundAt);
    expect(runs[0]!.failure!.token).toBe(runs[1]!.failure!.token);
  });

  async function members(scenario: typeof crowd, n: number): Promise<string[]> {
    const s = portfolioStrategy('1', { dfsCoversAll: true });
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      const plan = s.next();
      if (!plan) break;
      const rec = new RunCoverage(plan.source);
      const r = await executeRun(scenario, undefined, { maxSteps: 1000, source: rec });
      if (!r.abandoned) seen.push(plan.strategy);
      s.done({
        steps: r.steps,
        schedulePoints: r.choices.length,
        failed: !r.ok,
        abandoned: r.abandoned ?? false,
        newPairs: 1,
        coverage: rec,
        choices: r.choices,
      });
    }
    return seen;
  }

  it('opens with the preemptive walk, random and the switch-leaning POS, and gives every member turns; dfs early only on a small space', async () => {
    const big = await members(crowd, 60);
    expect(big.slice(0, 4)).toEqual(['preempt(q=0.8)', 'random', 'pos(demote=0.2)', 'preempt(q=0.8)']);
    for (const member of ['random', 'preempt(q=0.8)', 'pos', 'pos(demote=0.2)', 'rff', 'pct(d=2)', 'pct(d=3)', 'pct(d=5)'])
      expect(big).toContain(member);
    expect(big.slice(0, 18)).not.toContain('dfs');
    const small = await members(twoUpdates, 12);
    // The opening's first dfs turn is the fifth; dfs then finishes the tiny tree and the proof ends the campaign.
    expect(small[4]).toBe('dfs');
    expect(small.length).toBeLessThan(12);
  });

  it('keeps dfs\'s opening turns on a big space when no run had more than three actors runnable', async () => {
    const three = await members(adders(3, 8), 18);
    const six = await members(crowd, 18);
    expect(three.slice(4, 7)).toEqual(['dfs', 'dfs', 'dfs']);
    expect(six.slice(4, 7).every((m) => m.startsWith('pct'))).toBe(true);
  });

  /** The members of turns 200–400 of a campaign whose runs add coverage only when `rewarded` says so. */
  function lateTurns(seed: string, rewarded: (member: string) => boolean): string[] {
    const s = portfolioStrategy(seed, { dfsCoversAll: false });
    const late: string[] = [];
    for (let i = 0; i < 400; i++) {
      const plan = s.next()!;
      if (i >= 200) late.push(plan.strategy);
      s.done({ steps: 10, schedulePoints: 5, failed: false, abandoned: false, newPairs: rewarded(plan.strategy) ? 1 : 0 });
    }
    return late;
  }

  it('moves the bandit half of its turns to the member whose runs add coverage', () => {
    const late = lateTurns('2', (m) => m === 'pos');
    // The rotation alone gives pos 1 turn in 16; the bandit adds most of the other half.
    expect(late.filter((x) => x === 'pos').length / late.length).toBeGreaterThan(0.35);
  });

  it('keeps the walks out of the bandit: rewarding them does not move turns to them', () => {
    const walk = (m: string) => m === 'random' || m.startsWith('preempt') || m.startsWith('pos(demote');
    const late = lateTurns('3', walk);
    // The rotation's one preemptive-walk turn in 16, nothing from the bandit.
    expect(late.filter((x) => x.startsWith('preempt')).length / late.length).toBeLessThan(0.1);
    expect(late.filter((x) => x === 'random' || x.startsWith('pos(demote')).length).toBe(0);
  });

  it('gives dfs every other turn on a pair, however large its space; on three actors PCT has them', async () => {
    const pair = await members(adders(2, 40), 60);
    const trio = await members(adders(3, 12), 60);
    const late = (turns: string[], who: string) => turns.slice(20).filter((m) => m.startsWith(who)).length;
    expect(late(pair, 'dfs')).toBeGreaterThan(15);
    expect(late(trio, 'dfs')).toBeLessThan(5);
    expect(late(trio, 'pct')).toBeGreaterThan(late(pair, 'pct'));
  });

  it('on a pair that spins, takes its late turns from the walks, not from dfs or the bandit\'s PCT', async () => {
    const spinners = (n: number) =>
      defineScenario({
        name: `portfolio-spinners-${n}`,
        setup(sim) {
          const turn = new Cell(sim, 'turn', 0);
          for (let i = 0; i < n; i++)
            sim.spawn(`s${i}`, async () => {
              for (let round = 0; round < 3; round++) {
                while ((await turn.get()) % n !== i) await sim.yield('wait turn');
                await turn.update((v) => v + 1);
              }
            });
          return { c: turn };
        },
      });
    const late = (turns: string[], who: string) => turns.slice(20).filter((m) => m.startsWith(who)).length;
    const spinning = await members(spinners(2), 84);
    const plain = await members(adders(2, 40), 84);
    // dfs has every other late turn on a plain pair, none on a spinning one; PCT one in eight.
    expect(late(plain, 'dfs')).toBeGreaterThan(25);
    expect(late(spinning, 'dfs')).toBe(0);
    expect(late(spinning, 'pct')).toBe(8);
    expect(late(spinning, 'random') + late(spinning, 'preempt')).toBe(32);
  });

  it('gives PCT\'s turns to random and RFF on a wide scenario (ten actors runnable at once)', async () => {
    const narrow = await members(crowd, 60);
    const wide = await members(adders(10), 60);
    const count = (turns: string[], member: string) => turns.filter((m) => m === member).length;
    expect(narrow.filter((m) => m.startsWith('pct')).length).toBeGreaterThan(10);
    expect(wide.filter((m) => m.startsWith('pct'))).toEqual([]);
    expect(count(wide, 'random')).toBeGreaterThan(count(narrow, 'random') + 5);
    expect(count(wide, 'rff')).toBeGreaterThan(count(narrow, 'rff'));
  });

  it('is wide only while every run has been: one narrow run gives PCT its turns back', () => {
    const s = portfolioStrategy('4', { dfsCoversAll: false });
    const turns: string[] = [];
    for (let i = 0; i < 80; i++) {
      const plan = s.next()!;
      turns.push(plan.strategy);
      // The first 40 runs have ten actors runnable at once; run 40 has three.
      const coverage = new RunCoverage(plan.source);
      coverage.width = i === 40 ? 3 : 10;
      coverage.branching = 100;
      s.done({ steps: 30, schedulePoints: 20, failed: false, abandoned: false, newPairs: 0, coverage });
    }
    expect(turns.slice(1, 41).filter((m) => m.startsWith('pct'))).toEqual([]);
    expect(turns.slice(41).filter((m) => m.startsWith('pct')).length).toBeGreaterThan(10);
  });

  it('reports coverage, and on a big clean space does not spend its budget on dfs', async () => {
    const r = await explore(crowd, { seed: 1, runs: 600, corpus: false });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toBeUndefined();
    expect(r.coverage!.pairs).toBeGreaterThan(10);
  });
});
