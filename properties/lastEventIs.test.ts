import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import type { SimEvent } from '../sim/trace.js';
import { lastEventIs } from './lastEventIs.js';

const ev = (step: number, actor: string, kind: string, data?: unknown): SimEvent => ({ step, time: EPOCH + step, actor, kind, data });

describe('lastEventIs', () => {
  const ok = [ev(0, 'W', 'progress', { id: 'r1' }), ev(1, 'W', 'final', { id: 'r1' }), ev(2, 'W', 'audit', { id: 'r1' }), ev(3, 'W', 'final', { id: 'r2' })];

  it('passes when each entity ends with exactly one "final" among the counted kinds', () => {
    expect(() => lastEventIs(ok, { last: 'final', kinds: ['progress', 'final'] })).not.toThrow();
  });

  it('names the entity and the late event after final', () => {
    const late = [...ok, ev(4, 'C', 'progress', { id: 'r1' })];
    expect(() => lastEventIs(late, { last: 'final', kinds: ['progress'] })).toThrow(
      /lastEventIs violated: entity "r1": "progress" came after "final":\n {2}step 1 t\+1ms W: final \{"id":"r1"\}\n {2}step 4 t\+4ms C: progress/,
    );
  });

  it('reports a second final, a missing final, and an expected entity with no events', () => {
    expect(() => lastEventIs([...ok, ev(5, 'X', 'final', { id: 'r2' })], { last: 'final', kinds: ['progress'] })).toThrow(/entity "r2" has 2 "final" events/);
    expect(() => lastEventIs([ev(0, 'W', 'progress', { id: 'r3' })], { last: 'final' })).toThrow(/entity "r3" has no "final" event/);
    expect(() => lastEventIs(ok, { last: 'final', kinds: ['final'], entities: ['r9'] })).toThrow(/entity "r9" has no events/);
  });

  it('takes a custom key', () => {
    const h = [ev(0, 'A', 'start'), ev(1, 'A', 'final'), ev(2, 'B', 'start')];
    expect(() => lastEventIs(h, { last: 'final', key: (e) => e.actor })).toThrow(/entity "B" has no "final" event/);
  });
});
