import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../sim/trace.js';
import { noTransitionAfter } from './noTransitionAfter.js';

const st = (id: string, status: string, step = 0): SimEvent => ({ step, time: 0, actor: 'a', kind: 'run.status', data: { id, status } });
const opts = { kind: 'run.status', sticky: 'CANCELLED', forbidden: ['FINISHED', 'FAILED'] };

describe('noTransitionAfter', () => {
  it('allows anything before the sticky status, and re-stores of it after', () => {
    expect(() => noTransitionAfter([st('r1', 'FINISHED'), st('r1', 'CANCELLED'), st('r1', 'CANCELLED'), st('r2', 'FINISHED')], opts)).not.toThrow();
  });

  it('reports the sticky store and the overwrite, per entity', () => {
    expect(() => noTransitionAfter([st('r1', 'CANCELLED', 3), st('r2', 'FINISHED'), st('r1', 'FINISHED', 5)], opts)).toThrow(/"r1" was CANCELLED, then its status was overwritten with "FINISHED"[\s\S]*step 3[\s\S]*step 5/);
  });

  it('without `forbidden`, any other status is an overwrite', () => {
    expect(() => noTransitionAfter([st('r1', 'CANCELLED'), st('r1', 'RUNNING')], { kind: 'run.status', sticky: 'CANCELLED' })).toThrow(/RUNNING/);
  });
});
