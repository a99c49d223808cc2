import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../sim/trace.js';
import { approvalFollowsOutcome } from './approvalFollowsOutcome.js';

let step = 0;
const e = (kind: string, data: unknown): SimEvent => ({ step: step++, time: 0, actor: 'a', kind, data });
const job = (ok: boolean) => [e('run.submitted', { id: 'r1', checkId: 'c1' }), e('run.outcome', { id: 'r1', ok })];

describe('approvalFollowsOutcome', () => {
  it('passes: success approved and exported; failure not approved; cancelled in time not approved', () => {
    expect(() => approvalFollowsOutcome([...job(true), e('check.decide', { id: 'r1' }), e('check.approved', { id: 'r1', checkId: 'c1' }), e('state.exported', { approved: ['c1'] })])).not.toThrow();
    expect(() => approvalFollowsOutcome([...job(false), e('check.decide', { id: 'r1' })])).not.toThrow();
    expect(() => approvalFollowsOutcome([...job(true), e('run.cancelled', { id: 'r1' }), e('check.decide', { id: 'r1' })])).not.toThrow();
  });

  it('a success never approved is a violation (recce before PR #1342)', () => {
    expect(() => approvalFollowsOutcome([...job(true), e('check.decide', { id: 'r1' })])).toThrow(/never approved/);
  });

  it('an approval of a failed or cancelled job, or one never exported, is a violation', () => {
    expect(() => approvalFollowsOutcome([...job(false), e('check.approved', { id: 'r1', checkId: 'c1' }), e('state.exported', { approved: ['c1'] })])).toThrow(/did not succeed/);
    expect(() => approvalFollowsOutcome([...job(true), e('run.cancelled', { id: 'r1' }), e('check.decide', { id: 'r1' }), e('check.approved', { id: 'r1', checkId: 'c1' })])).toThrow(/cancelled before the decision/);
    expect(() => approvalFollowsOutcome([...job(true), e('check.decide', { id: 'r1' }), e('state.exported', { approved: [] }), e('check.approved', { id: 'r1', checkId: 'c1' })])).toThrow(/no later export/);
  });

  it('a cancel after the decision does not count', () => {
    expect(() => approvalFollowsOutcome([...job(true), e('check.decide', { id: 'r1' }), e('run.cancelled', { id: 'r1' }), e('check.approved', { id: 'r1', checkId: 'c1' }), e('state.exported', { approved: ['c1'] })])).not.toThrow();
  });
});
