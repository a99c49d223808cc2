import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import type { SimEvent } from '../sim/trace.js';
import { leaseExclusion } from './leaseExclusion.js';

const ev = (step: number, t: number, actor: string, kind: string, data: unknown): SimEvent => ({ step, time: EPOCH + t, actor, kind, data });
const acq = (step: number, t: number, holder: string, ttl = 100, lease = 'L') => ev(step, t, holder, 'lease.acquire', { lease, holder, expiresAt: EPOCH + t + ttl });
const rel = (step: number, t: number, holder: string, lease = 'L') => ev(step, t, holder, 'lease.release', { lease, holder });

describe('leaseExclusion', () => {
  it('accepts back-to-back holds, other leases, and a steal after expiry', () => {
    expect(() => leaseExclusion([acq(1, 0, 'A'), rel(2, 5, 'A'), acq(3, 5, 'B'), acq(4, 6, 'C', 100, 'M')])).not.toThrow();
    expect(() => leaseExclusion([acq(1, 0, 'A'), acq(2, 100, 'B'), rel(3, 150, 'A')])).not.toThrow();
  });

  it('reports a second holder inside the first one\'s promised interval', () => {
    expect(() => leaseExclusion([acq(1, 0, 'A'), acq(2, 40, 'B')])).toThrow(/^leaseExclusion violated: two holders of lease "L": B acquired it at step 2 while A \(since step 1\) still held it for another 60 ms\n {2}step 1 /);
    // A stale release does not end the new holder's hold.
    expect(() => leaseExclusion([acq(1, 0, 'A'), acq(2, 100, 'B'), rel(3, 101, 'A'), acq(4, 102, 'C')])).toThrow(/C acquired it at step 4 while B/);
  });
});
