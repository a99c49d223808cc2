import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import { duplicateDelivery } from './duplicateDelivery.js';
import { stolenLease } from './stolenLease.js';

describe('headline races of DurableQueue and Lease', () => {
  it('duplicate delivery: clean without a stall, found with a fixed seed, shrunk, replayed', async () => {
    expect((await runOnce(duplicateDelivery)).ok).toBe(true);
    const r = await explore(duplicateDelivery, { strategy: 'random', seed: 1, runs: 2000 });
    expect(r.failure?.kind).toBe('check');
    expect(r.failure!.message).toMatch(/charge of order "o-1" ran 2 times/);
    const ops = r.failure!.trace.steps.map((s) => s.op);
    expect(ops).toContain('stall');
    expect(r.failure!.steps).toBeLessThanOrEqual(r.failure!.stepsBeforeShrink);
    const again = await replay(duplicateDelivery, r.failure!.token);
    expect(again.trace.fingerprint).toBe(r.failure!.trace.fingerprint);
    expect(again.failure?.message).toBe(r.failure!.message);
  });

  it('stolen lease: the old holder writes after the steal; fencing tokens show it', async () => {
    expect((await runOnce(stolenLease)).ok).toBe(true);
    const r = await explore(stolenLease, { strategy: 'random', seed: 1, runs: 2000 });
    expect(r.failure?.kind).toBe('invariant');
    expect(r.failure!.message).toMatch(/A wrote with fencing token 1 after token 2 was used/);
    expect(r.failure!.trace.steps.map((s) => s.op)).toContain('stall');
    expect(r.failure!.preemptions).toBeLessThanOrEqual(1);
    const again = await replay(stolenLease, r.failure!.token);
    expect(again.trace.fingerprint).toBe(r.failure!.trace.fingerprint);
  });
});
