import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { lateWrite } from './lateWrite.js';

describe('late write from a cancelled to_thread worker', () => {
  it('is found with a fixed seed, shrunk to the minimal interleaving, and replays from its token', async () => {
    const r = await explore(lateWrite, { seed: 7, runs: 2000 });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(f.kind).toBe('invariant');
    expect(f.message).toMatch(/late write/);
    // handler starts, worker starts, operator cancels, the loop runs the wrapper's _call_check_cancel
    // (queued ahead of the handler's wake-up, as in CPython), handler resumes cancelled, handler
    // writes, worker writes: 7 steps
    expect(f.steps).toBeLessThanOrEqual(7);
    expect(f.preemptions).toBeLessThanOrEqual(1);
    const again = await replay(lateWrite, f.token);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
    expect(again.failure?.kind).toBe('invariant');
  });
});
