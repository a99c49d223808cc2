import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { kvUpdate } from './kvUpdate.js';

describe('linearizability of a key-value update', () => {
  it('read-then-write update: caught as non-linearizable, shrunk, replayed exactly', async () => {
    const s = kvUpdate('read-then-write');
    const r = await explore(s, { runs: 2000, seed: 11 });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(f.kind).toBe('check');
    expect(f.message).toContain('linearizable violated: partition "hits"');
    expect(f.message).toMatch(/A update\(\{"key":"hits","by":1\}\)/);
    expect(f.preemptions).toBe(1);
    const again = await replay(s, f.token);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
    console.log(`kv read-then-write: first failure at schedule ${f.firstFoundAt} (${f.foundBy}), ${f.stepsBeforeShrink} → ${f.steps} steps, ${f.preemptionsBeforeShrink} → ${f.preemptions} preemptions\n${f.message}`);
  });

  it('atomic update (Cell.update): clean under random, PCT and exhaustive dfs', async () => {
    const s = kvUpdate('atomic');
    expect((await explore(s, { runs: 400, seed: 11, strategy: 'random' })).ok).toBe(true);
    expect((await explore(s, { runs: 400, seed: 11, strategy: 'pct' })).ok).toBe(true);
    const dfs = await explore(s, { runs: 5000, seed: 11, strategy: 'dfs' });
    expect(dfs.failure?.message).toBeUndefined();
    console.log(`kv atomic: dfs ${dfs.exhausted ? 'exhausted' : 'stopped'} after ${dfs.schedules} schedules`);
  });

  it('models/stores/KvStore: its own history is linearizable in every explored schedule', async () => {
    const s = kvUpdate('kvstore');
    const r = await explore(s, { runs: 600, seed: 11 });
    expect(r.failure?.message).toBeUndefined();
    const dfs = await explore(s, { runs: 5000, seed: 11, strategy: 'dfs' });
    expect(dfs.failure?.message).toBeUndefined();
    console.log(`kvstore: ${r.schedules} portfolio schedules clean; dfs ${dfs.exhausted ? 'exhausted' : 'stopped'} after ${dfs.schedules}`);
  });
});
