import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import type { SimEvent } from '../sim/trace.js';
import { eventuallyTerminal } from './eventuallyTerminal.js';
import { eventuallyWithin } from './eventuallyWithin.js';

const ev = (ms: number, kind: string, id: string): SimEvent => ({ step: ms, time: EPOCH + ms, actor: 'W', kind, data: { id } });

describe('eventuallyTerminal / eventuallyWithin', () => {
  const h = [ev(0, 'submitted', 'a'), ev(5, 'submitted', 'b'), ev(40, 'done', 'a'), ev(100, 'running', 'b'), ev(900, 'failed', 'b')];

  it('every entity reaches a terminal state', () => {
    expect(() => eventuallyTerminal(h, { terminal: ['done', 'failed'] })).not.toThrow();
    expect(() => eventuallyTerminal(h.slice(0, 4), { terminal: ['done', 'failed'] })).toThrow(/eventuallyTerminal violated: entity "b" never reached done\/failed; its events:\n {2}step 5 t\+5ms W: submitted/);
    expect(() => eventuallyTerminal(h, { terminal: ['done'], entities: ['c'] })).toThrow(/entity "c" never reached done: it has no events at all/);
  });

  it('within a virtual-time bound from the start event', () => {
    expect(() => eventuallyWithin(h, { terminal: ['done', 'failed'], withinMs: 1000 })).not.toThrow();
    expect(() => eventuallyWithin(h, { terminal: ['done', 'failed'], withinMs: 500 })).toThrow(/eventuallyWithin violated: entity "b" took 895 ms from "submitted" to "failed" \(limit 500 ms\)/);
    expect(() => eventuallyWithin(h, { terminal: ['done', 'failed'], withinMs: 800, start: ['running'] })).not.toThrow();
  });
});
