import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import type { SimEvent } from '../sim/trace.js';
import { exactlyOnce } from './exactlyOnce.js';

const ev = (step: number, actor: string, kind: string, data?: unknown): SimEvent => ({ step, time: EPOCH, actor, kind, data });

describe('exactlyOnce', () => {
  it('passes when every id happened once, and reports a duplicate with both events', () => {
    const h = [ev(1, 'w1', 'executed', { id: 'job-1' }), ev(2, 'w2', 'executed', { id: 'job-2' })];
    expect(() => exactlyOnce(h, { kind: 'executed', expected: ['job-1', 'job-2'] })).not.toThrow();
    expect(() => exactlyOnce([...h, ev(7, 'w2', 'executed', { id: 'job-1' })], { kind: 'executed' })).toThrow(
      /exactlyOnce violated: executed "job-1" ran 2 times: w1 at step 1, w2 at step 7\n {2}step 1 t\+0ms w1: executed \{"id":"job-1"\}\n {2}step 7 t\+0ms w2: executed/,
    );
  });

  it('takes a key over the event data, a noun for messages, and excused keys', () => {
    const h = [ev(1, 'A', 'charged', { order: 'o-1' }), ev(2, 'B', 'charged', { order: 'o-1' })];
    const key = (d: unknown) => (d as { order: string }).order;
    expect(() => exactlyOnce(h, { kind: 'charged', key, what: 'charge of order' })).toThrow(/charge of order "o-1" ran 2 times/);
    expect(() => exactlyOnce(h.slice(0, 1), { kind: 'charged', key, expected: ['o-1', 'o-2'], excused: (k) => k === 'o-2' })).not.toThrow();
  });

  it('reports expected ids that never happened (a silent drop)', () => {
    expect(() => exactlyOnce([ev(1, 'w', 'executed', { id: 1 })], { kind: 'executed', expected: [1, 2, 3] })).toThrow(/exactlyOnce violated: executed 2, 3 never ran/);
  });
});
