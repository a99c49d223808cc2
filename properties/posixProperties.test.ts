import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import type { SimEvent } from '../sim/trace.js';
import { heldWhileClaimed } from './heldWhileClaimed.js';
import { noOrphan } from './noOrphan.js';
import { onlyAfterExit } from './onlyAfterExit.js';

const ev = (step: number, actor: string, kind: string, data?: unknown): SimEvent => ({ step, time: EPOCH + step, actor, kind, data });
const exit = (step: number, pid: number, extra: object = {}) => ev(step, 'k', 'posix.exit', { pid, name: `p${pid}`, status: 0, signal: null, orphaned: false, deathSignalled: false, noticedOrphaned: false, ...extra });

describe('noOrphan', () => {
  it('accepts orphans that got their death signal, noticed, or were killed; rejects one that ran on', () => {
    expect(() => noOrphan([exit(1, 2, { orphaned: true, deathSignalled: true }), exit(2, 3, { orphaned: true, noticedOrphaned: true, status: 3 }), exit(3, 4, { orphaned: true, status: null, signal: 'SIGKILL' }), exit(4, 6)])).not.toThrow();
    expect(() => noOrphan([ev(1, 'k', 'posix.orphaned', { pid: 5 }), exit(4, 5, { orphaned: true, status: 142 })])).toThrow(/p5 \(pid 5\) was orphaned, got no death signal.*status 142:\n.*posix.orphaned/);
  });
});

describe('onlyAfterExit', () => {
  it('allows acting on a dead owner and flags acting on a live one', () => {
    const opts = { action: 'reap', owner: (e: SimEvent) => (e.data as { owner: number | null }).owner, deadBefore: (p: number) => p === 0 };
    expect(() => onlyAfterExit([ev(1, 'j', 'reap', { owner: 0 }), exit(2, 7), ev(3, 'j', 'reap', { owner: 7 }), ev(4, 'j', 'reap', { owner: null })], opts)).not.toThrow();
    expect(() => onlyAfterExit([ev(1, 'j', 'reap', { owner: 7 }), exit(2, 7)], opts)).toThrow(/reap by j while its owner \(pid 7\) was still running/);
  });
});

describe('heldWhileClaimed', () => {
  it('names the holder that lost its resource and how', () => {
    expect(() => heldWhileClaimed([{ holder: 'a', resource: 'x', held: true }])).not.toThrow();
    expect(() => heldWhileClaimed([{ holder: 'b', resource: 'x', held: false, lostBy: 'closed by gc' }])).toThrow(/b believes it holds "x", but it no longer does \(closed by gc\)/);
  });
});
