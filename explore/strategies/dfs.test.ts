import { describe, expect, it } from 'vitest';
import { Cell } from '../../models/memory/Cell.js';
import { Mutex } from '../../models/sync/Mutex.js';
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

/**
 * Two actors each doing get, set, get on one cell. Reads commute with reads, so fewer traces than the
 * 20 orders: a trace is fixed by where each actor's set falls among the other's three steps (every
 * one of them conflicts with a set) — k steps of Q before P's set, m steps of P before Q's set —
 * and the two must agree on which set comes first: P's first means k ≤ 1 and m ≥ 2 (four pairs, all
 * reachable), Q's first is the mirror image (four more). 8 Mazurkiewicz traces.
 */
function readSetRead() {
  const outcomes = new Set<string>();
  const scenario = defineScenario({
    name: 'read-set-read',
    setup(sim) {
      const x = new Cell(sim, 'x', 0);
      const seen: number[][] = [[], []];
      for (const [a, v] of [[0, 1], [1, 2]] as const) {
        sim.spawn(a === 0 ? 'P' : 'Q', async () => {
          seen[a]!.push(await x.get());
          await x.set(v);
          seen[a]!.push(await x.get());
        });
      }
      return { x, seen };
    },
    check: ({ x, seen }) => void outcomes.add(JSON.stringify([x.value, seen])),
  });
  return { scenario, outcomes };
}

describe('dfs', () => {
  it('exhausts two actors of get, set, get on one cell in exactly its 8 Mazurkiewicz traces, with the outcomes of all 70 interleavings', async () => {
    const dpor = readSetRead();
    const r = await explore(dpor.scenario, { strategy: 'dfs', runs: 10_000 });
    expect(r.exhausted).toEqual({ schedules: 8, bound: Infinity, complete: true, commutes: 'models' });
    const plain = readSetRead();
    const p = await explore(plain.scenario, { strategy: 'dfs', runs: 10_000, reduction: false });
    expect(p.exhausted).toEqual({ schedules: 70, bound: Infinity, complete: true });
    expect([...dpor.outcomes].sort()).toEqual([...plain.outcomes].sort());
  });

  it('exhausts two actors of three conflicting steps in exactly C(6,3) = 20 schedules with reduction', async () => {
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000 });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toEqual({ schedules: 20, bound: Infinity, complete: true, commutes: 'models' });
  });

  it('counts all C(8,4) = 70 interleavings, starts included, without reduction', async () => {
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000, reduction: false });
    expect(r.exhausted).toEqual({ schedules: 70, bound: Infinity, complete: true });
  });

  it('needs a single schedule when the actors touch different cells', async () => {
    const r = await explore(twoWriters(false), { strategy: 'dfs', runs: 10_000 });
    expect(r.exhausted).toEqual({ schedules: 1, bound: Infinity, complete: true, commutes: 'models' });
    const plain = await explore(twoWriters(false), { strategy: 'dfs', runs: 10_000, reduction: false });
    expect(plain.exhausted!.schedules).toBe(70);
  });

  it('reports a bounded proof when the preemption bound cuts the tree, one schedule per trace within the bound at its last level', async () => {
    // Orders of the six writes with at most one preemption: either actor runs to the end first (2),
    // or runs 1 or 2 of its writes, is preempted once and finishes after the other (4): 6 traces.
    // Plain enumeration runs 8 schedules at bound 1: the preemption may also fall between an actor's
    // start and its first write, which reorders nothing. The bounded proof counts both levels: bound
    // 0 runs the 2 orders with no preemption, and bound 1 prunes the 2 redundant schedules — each
    // reaches, with no preemption left, a trace bound 0 saw with none left either — and runs the 6.
    const r = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000, preemptionBound: 1 });
    expect(r.exhausted).toEqual({ schedules: 2 + 6, bound: 1, complete: false, commutes: 'models' });
    const plain = await explore(twoWriters(true), { strategy: 'dfs', runs: 10_000, preemptionBound: 1, reduction: false });
    expect(plain.exhausted).toEqual({ schedules: 8, bound: 1, complete: false });
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

  it('stops the default portfolio with a proof that commuted nothing; one that commuted steps on different models is reported and the budget runs on', async () => {
    const plain = await explore(twoWriters(true), { runs: 10_000, seed: 1, reduction: false });
    expect(plain.ok).toBe(true);
    expect(plain.exhausted).toEqual({ schedules: 70, bound: Infinity, complete: true });
    expect(plain.schedules).toBeLessThan(1000);
    const reduced = await explore(twoWriters(true), { runs: 500, seed: 1 });
    expect(reduced.exhausted).toEqual({ schedules: 20, bound: Infinity, complete: true, commutes: 'models' });
    expect(reduced.schedules).toBe(500);
  });

  it('a proof that commuted steps says so: actors that share a plain object get no proof without reduction, and the portfolio finds the bug', async () => {
    // The fill and the evict touch different cells, so the reduction takes them as independent; the
    // plain flag both write is what the check reads.
    const staleFill = defineScenario({
      name: 'stale-fill',
      setup(sim) {
        const a = new Cell(sim, 'a', 0);
        const b = new Cell(sim, 'b', 0);
        const cache = { filled: false };
        sim.spawn('filler', async () => {
          await a.get();
          await a.get();
          cache.filled = true;
        });
        sim.spawn('evictor', async () => {
          await b.set(1);
          cache.filled = false;
        });
        return cache;
      },
      check(cache) {
        if (cache.filled) throw new Error('stale fill after evict');
      },
    });
    const reduced = await explore(staleFill, { strategy: 'dfs', runs: 1000, corpus: false });
    expect(reduced.exhausted?.commutes).toBe('models');
    const plain = await explore(staleFill, { strategy: 'dfs', runs: 1000, corpus: false, reduction: false });
    expect(plain.failure?.kind).toBe('check');
    for (const seed of [1, 6, 7]) expect((await explore(staleFill, { runs: 1000, seed, corpus: false })).failure?.kind).toBe('check');
  });

  it('tries the order where a timer fires before the step that clears it, and an actor steps before the one that kills it', async () => {
    // A 500 ms timeout around two writes, cleared after them: time may pass while the writes are
    // pending, so the timeout can fire first. The clear takes the timer's pending wake-up away, so no
    // later step of the timer races with it; before, dfs proved this clean in 20 schedules.
    const timeout = defineScenario({
      name: 'dfs-cleared-timer',
      setup(sim) {
        sim.installGlobals();
        const db = new Cell(sim, 'db', 0);
        const other = new Cell(sim, 'o', 0);
        const w = { timedOut: false };
        sim.spawn('caller', async () => {
          const t = setTimeout(() => (w.timedOut = true), 500);
          await db.set(1);
          await db.set(2);
          clearTimeout(t);
        });
        sim.spawn('other', async () => {
          await other.set(1);
          await other.set(2);
        });
        return w;
      },
      check(w) {
        if (w.timedOut) throw new Error('the timeout fired before the writes finished');
      },
    });
    expect((await explore(timeout, { strategy: 'dfs', corpus: false })).failure?.message).toMatch(/the timeout fired/);
    const killed = defineScenario({
      name: 'dfs-killed-reader',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        const reads: number[] = [];
        const reader = sim.spawn('reader', async () => {
          reads.push(await c.get());
          reads.push(await c.get());
        });
        sim.spawn('killer', async () => {
          reader.kill();
          await sim.yield();
        });
        return reads;
      },
      check(reads) {
        if (reads.length === 1) throw new Error('killed between its two reads');
      },
    });
    expect((await explore(killed, { strategy: 'dfs', corpus: false })).failure?.message).toMatch(/killed between its two reads/);
  });

  it('through explore, knows which steps could block: a lock order only three actors reach is not proved away', async () => {
    // explore wraps every run's source to record coverage; the wrapper dropped "this step could
    // block", so a lock acquired after another actor's release was reversed at the wrong choice and
    // dfs proved this clean in 5 schedules (the order: auditor, teller2, then teller1 last).
    const scenario = defineScenario({
      name: 'dfs-three-tellers',
      setup(sim) {
        const lock = new Map(['A', 'B', 'D'].map((n) => [n, new Mutex(sim, n)]));
        const auditorDone = new Cell(sim, 'auditorDone', false);
        const teller2Done = new Cell(sim, 'teller2Done', false);
        const tx = (who: string, locks: string[], body: () => Promise<void>) =>
          sim.spawn(who, async () => {
            for (const l of locks) await lock.get(l)!.lock();
            await body();
            for (const l of [...locks].reverse()) await lock.get(l)!.unlock();
          });
        tx('teller1', ['A', 'D'], async () => {
          if ((await auditorDone.get()) && (await teller2Done.get())) throw new Error('teller1 ran last');
        });
        tx('teller2', ['B', 'D'], async () => {
          if (await auditorDone.get()) await teller2Done.set(true);
        });
        tx('auditor', ['A', 'B', 'D'], () => auditorDone.set(true));
      },
    });
    const r = await explore(scenario, { strategy: 'dfs', corpus: false, shrink: false });
    expect(r.exhausted).toBeUndefined();
    expect(r.failure?.message).toMatch(/teller1 ran last/);
  });

  it('searches again without reduction when one actor has two operations in flight (their steps are not in program order)', async () => {
    // One actor, two read-then-write chains under Promise.all: a tracked run, every step touching
    // everything — but the race analysis took the actor's steps as ordered and proved it in 1 schedule.
    const twoInFlight = defineScenario({
      name: 'two-in-flight',
      setup(sim) {
        const total = new Cell(sim, 'total', 0);
        const other = new Cell(sim, 'other', 0);
        const add = async (slow: boolean) => {
          if (slow) await other.get();
          const v = await total.get();
          await total.set(v + 1);
        };
        sim.spawn('checkout', async () => {
          await Promise.all([add(false), add(true)]);
        });
        return total;
      },
      check(total) {
        if (total.value !== 2) throw new Error(`lost update: ${total.value}`);
      },
    });
    const r = await explore(twoInFlight, { strategy: 'dfs', runs: 1000, corpus: false });
    expect(r.failure?.message).toMatch(/lost update: 1/);
    const bounded = await explore(twoInFlight, { strategy: 'dfs', runs: 1000, corpus: false, preemptionBound: 2 });
    expect(bounded.failure?.message).toMatch(/lost update: 1/);
  });
});
