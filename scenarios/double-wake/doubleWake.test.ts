import { describe, expect, it } from 'vitest';
import type { Failure } from '../../explore/failure.js';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import type { Scenario } from '../../sim/scenario.js';
import { doubleWake } from './doubleWake.js';
import { entries } from './index.js';
import { twoWakesOneStall } from './twoWakes.js';
import { oldPrevious, prExample, twoWakesOneStall as twoWakesOneStallWorkload, type Workload } from './workload.js';
import { LEASE_TTL_MS } from './sessionLease.js';
import { TURN_STEP_QUEUE } from './world.js';

const wakesIn = (f: Failure) => new Set(f.trace.steps.filter((s) => s.actor.startsWith('turn-step:')).map((s) => s.actor)).size;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function replaysIdentically(scenario: Scenario<any, any>, f: Failure): Promise<void> {
  const again = await replay(scenario, f.token);
  expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
  expect(again.failure?.message).toBe(f.message);
}

describe('case D — double-wake', () => {
  it('the PR\'s own test — two parallel approvals on a fresh session — passes on every variant, `after` included', async () => {
    for (const variant of ['before', 'after', 'fenced'] as const) {
      const r = await runOnce(doubleWake(variant), { params: prExample });
      expect(r.ok, `${variant}: ${r.failure?.message}`).toBe(true);
      expect(r.trace.events.filter((e) => e.kind === 'effect').map((e) => (e.data as { call_id: string }).call_id)).toEqual(['c-1', 'c-2']);
    }
  });

  it('issue #12: the registry\'s repros come through the PR\'s path — two approvals, two wakes on a live queue: no redelivery, no stall', async () => {
    // before × exactly once and after × mutual exclusion: the two the case file requires through the PR's path.
    const required = entries.filter((e) => e.expect === 'fails' && /^double-wake-(before-exactly-once|after-mutual-exclusion)$/.test(e.scenario.name));
    expect(required).toHaveLength(2);
    for (const row of required) {
      const r = await explore(row.scenario, { ...row.options, seed: 1 });
      const f = r.failure!;
      expect(f, row.scenario.name).toBeDefined();
      const receives = f.trace.steps.filter((st) => st.op === 'turn-step.receive' && st.result !== undefined).map((st) => st.result as { id: string; attempt: number });
      expect(receives.map((d) => d.attempt), `${row.scenario.name}: deliveries`).toEqual([1, 1]);
      expect(new Set(receives.map((d) => d.id)).size, `${row.scenario.name}: two messages (two approvals)`).toBe(2);
      expect(f.trace.steps.some((st) => st.actor === '(clock)'), `${row.scenario.name}: a stall in the repro`).toBe(false);
    }
  });

  it('before: exactly-once breaks within 100 schedules for 10 seeds; minimal repro is two wakes, ≤ 1 context switch', async () => {
    const scenario = doubleWake('before', ['exactly-once']);
    const found: number[] = [];
    let twoWakes = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = await explore(scenario, { seed, runs: 100 });
      expect(r.failure?.kind, `seed ${seed}`).toBe('invariant');
      expect(r.failure!.message).toMatch(/side effect of call "c-\d" ran 2 times/);
      found.push(r.failure!.firstFoundAt);
      if (seed <= 2) await replaysIdentically(scenario, r.failure!);
      twoWakes += wakesIn(r.failure!) === 2 ? 1 : 0;
      expect(r.failure!.preemptions).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...found)).toBeLessThanOrEqual(100);
    // Known gap (issue 13): seed 7's first failure (3 calls, a kill and a stall, 0 switches) keeps
    // its workload through shrinking — no smaller workload fails within the search — so 9 of 10.
    expect(twoWakes).toBeGreaterThanOrEqual(9);
  });

  it('after: two lease holders found within 5,000 schedules when the previous transition is older than the TTL; ≤ 2 context switches', async () => {
    const scenario = doubleWake('after', ['mutual-exclusion']);
    const r = await explore(scenario, { strategy: 'pct', seed: 1, runs: 5000, params: oldPrevious });
    expect(r.failure?.kind).toBe('invariant');
    expect(r.failure!.message).toMatch(/two holders of lease "s-1"/);
    expect(r.failure!.firstFoundAt).toBeLessThanOrEqual(5000);
    expect(r.failure!.preemptions).toBeLessThanOrEqual(2);
    await replaysIdentically(scenario, r.failure!);
    // Random and the default portfolio find it too, fast; their shrunk repros may keep a few more switches.
    for (const strategy of ['random', 'portfolio'] as const) {
      const other = await explore(scenario, { strategy, seed: 2, runs: 5000, params: oldPrevious });
      expect(other.failure?.message).toMatch(/two holders of lease "s-1"/);
    }
  });

  it('after: a stall longer than the TTL also runs a side effect twice (no fencing), found and replayed', async () => {
    const scenario = doubleWake('after', ['exactly-once']);
    const r = await explore(scenario, { seed: 3, runs: 2000 });
    expect(r.failure?.message).toMatch(/ran 2 times/);
    await replaysIdentically(scenario, r.failure!);
  });

  it('fenced: a wake whose compare-and-set an older, stalled holder beat retries instead of dropping its call (rff, seed 1: "c-2 never ran" at schedule 28 before)', async () => {
    const row = entries.find((e) => e.scenario.name === 'double-wake-fenced-exactly-once')!;
    const r = await explore(row.scenario, { strategy: 'rff', seed: 1, runs: 300, corpus: false });
    expect(r.failure?.message).toBeUndefined();
  }, 120_000);

  it('fenced: clean over random + pct schedules with drawn workloads (stalls past the TTL, killed wakes)', async () => {
    const scenario = doubleWake('fenced');
    for (const strategy of ['random', 'pct'] as const) {
      const r = await explore(scenario, { strategy, seed: 11, runs: 1500 });
      expect(r.ok, r.failure?.report('text')).toBe(true);
    }
    const faulty: Workload[] = [
      { calls: 2, oldPrevious: false, stall: { wake: 1, at: 'after-load', ms: LEASE_TTL_MS + 1000 }, kill: null },
      { calls: 2, oldPrevious: true, stall: { wake: 2, at: 'before-save', ms: 2 * LEASE_TTL_MS }, kill: null },
      { calls: 2, oldPrevious: false, stall: null, kill: { wake: 1, at: 'after-load' } },
      { calls: 3, oldPrevious: true, stall: { wake: 2, at: 'after-acquire', ms: LEASE_TTL_MS + 1 }, kill: { wake: 1, at: 'before-release' } },
    ];
    // A queue that redelivers a slow handler's message after 10 s: duplicates, which the fence absorbs.
    const redelivering = doubleWake('fenced', undefined, { visibilityTimeoutMs: 10_000 });
    for (const strategy of ['random', 'pct'] as const) {
      const r = await explore(redelivering, { strategy, seed: 12, runs: 500 });
      expect(r.ok, r.failure?.report('text')).toBe(true);
    }
    for (const params of faulty) {
      const r = await explore(scenario, { strategy: 'random', seed: 5, runs: 300, params });
      expect(r.ok, `${JSON.stringify(params)}: ${r.failure?.message}`).toBe(true);
    }
  });

  it('fenced: dfs exhausts two wakes with one stall past the TTL (up to 2 preemptions), at every fault point', async () => {
    for (const at of ['after-acquire', 'after-load', 'before-save', 'before-release'] as const) {
      const r = await explore(twoWakesOneStall('fenced', at), { strategy: 'dfs', runs: 20_000, preemptionBound: 2 });
      expect(r.ok, r.failure?.message).toBe(true);
      expect(r.exhausted?.bound).toBe(2);
    }
  });

  it('fenced: dfs proves the full world (approvals, triggers, queue) with two wakes and one stall clean up to 1 preemption, in under 10,000 schedules', async () => {
    // Plain enumeration of every schedule with at most one preemption is 57,400 schedules; they fall
    // in 5,436 Mazurkiewicz traces, and the proof reaches every one of them in 5,676 schedules: it
    // prunes every choice point whose prefix has a trace already explored with no fewer preemptions
    // left (explore/strategies/prefixTraces.ts).
    const r = await explore(doubleWake('fenced'), { strategy: 'dfs', runs: 10_000, params: twoWakesOneStallWorkload, preemptionBound: 1 });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(r.exhausted).toMatchObject({ bound: 1, complete: false });
    expect(r.schedules).toBeLessThanOrEqual(10_000);
  }, 240_000);

  it('the same two-wakes-one-stall harness breaks `before` and `after` under dfs, and the tokens replay', async () => {
    for (const variant of ['before', 'after'] as const) {
      const scenario = twoWakesOneStall(variant);
      const r = await explore(scenario, { strategy: 'dfs', runs: 1000 });
      expect(r.failure?.message).toMatch(/ran 2 times/);
      await replaysIdentically(scenario, r.failure!);
    }
  });

  it('a dead-lettered wake is visible: the progress property accepts it, exactly-once excuses it, nothing is dropped', async () => {
    // A wake killed while holding the lease; with only 2 attempts per message the others give up
    // before the 30 s TTL lets them steal it. The queue dead-letters them, visibly.
    const scenario = doubleWake('after', undefined, { queue: { ...TURN_STEP_QUEUE, visibilityTimeoutMs: 10_000, maxAttempts: 2 }, name: 'double-wake-after-short-retries' });
    const r = await runOnce(scenario, { params: { calls: 2, oldPrevious: false, stall: null, kill: { wake: 1, at: 'after-acquire' } } });
    expect(r.ok, r.failure?.message).toBe(true);
    const dead = r.trace.events.filter((e) => e.kind === 'queue.dead-letter').map((e) => (e.data as { reason: string }).reason);
    expect(dead.length).toBe(2);
    expect(dead.join('\n')).toMatch(/failed transiently on all 2 attempts: TransientError: session s-1 is leased/);
    expect(r.trace.events.some((e) => e.kind === 'effect')).toBe(false);
  });
});
