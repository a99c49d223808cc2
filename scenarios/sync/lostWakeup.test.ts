import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import { lostWakeup } from './lostWakeup.js';

describe('lost wake-up on a Condition', () => {
  it('check-outside-lock: found with a fixed seed, shrunk to one context switch, replayed exactly', async () => {
    const s = lostWakeup('check-outside-lock');
    const r = await explore(s, { runs: 2000, seed: 42 });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(f.kind).toBe('deadlock');
    expect(f.message).toContain('consumer waits at "ready.wait" for Condition "ready" to be signalled');
    expect(f.message).toContain('1 earlier signal(s) found nobody waiting — a lost wake-up');
    expect(f.preemptions).toBe(1);
    expect(f.steps).toBeLessThanOrEqual(f.stepsBeforeShrink);
    const again = await replay(s, f.token);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
    expect(again.failure?.kind).toBe('deadlock');
    console.log(`check-outside-lock: first failure at schedule ${f.firstFoundAt} (${f.foundBy}), ${f.stepsBeforeShrink} → ${f.steps} steps, ${f.preemptionsBeforeShrink} → ${f.preemptions} preemptions`);
  });

  it('if-not-while: a stolen wake-up is found, shrunk and replayed', async () => {
    const s = lostWakeup('if');
    const r = await explore(s, { runs: 2000, seed: 42 });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(f.kind).toBe('invariant');
    expect(f.message).toContain('took an item from an empty queue');
    // Hand-derived minimum: 12 steps, 2 preemptions (see the next test). The shrinker reaches the
    // step count but keeps 4 preemptions: lowering them needs several choices changed together.
    expect(f.steps).toBe(12);
    expect(f.preemptions).toBeLessThanOrEqual(4);
    const again = await replay(s, f.token);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
    console.log(`if-not-while: first failure at schedule ${f.firstFoundAt} (${f.foundBy}), ${f.stepsBeforeShrink} → ${f.steps} steps, ${f.preemptionsBeforeShrink} → ${f.preemptions} preemptions`);
  });

  it('if-not-while: the hand-derived minimal repro (12 steps, 2 preemptions) fails the same way', async () => {
    // c1 waits; c2 parks at the lock; the producer signals c1; c2 takes the item before c1 re-locks.
    const r = await runOnce(lostWakeup('if'), { choices: [0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 0] });
    expect(r.failure?.kind).toBe('invariant');
    expect([r.steps, r.preemptions]).toEqual([12, 2]);
  });

  it('while (predicate loop): clean under random, PCT and exhaustive dfs', async () => {
    const s = lostWakeup('while');
    expect((await explore(s, { runs: 500, seed: 7, strategy: 'random' })).ok).toBe(true);
    expect((await explore(s, { runs: 500, seed: 7, strategy: 'pct' })).ok).toBe(true);
    const dfs = await explore(s, { runs: 20000, seed: 7, strategy: 'dfs' });
    expect(dfs.ok).toBe(true);
    console.log(`while: dfs ${dfs.exhausted ? 'exhausted' : 'not exhausted'} after ${dfs.schedules} schedules`);
  });
});
