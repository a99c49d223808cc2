import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../sim/trace.js';
import { completeOnReturn } from './completeOnReturn.js';
import { PropertyViolation } from './violation.js';

const ev = (data: unknown, kind = 'future.returned'): SimEvent => ({ step: 1, time: 0, actor: 'tool', kind, data });
const terminal = ['FINISHED', 'FAILED', 'CANCELLED'];

describe('completeOnReturn', () => {
  it('passes when every return sees a terminal, complete record', () => {
    expect(() => completeOnReturn([ev({ status: 'FINISHED', hasResult: true }), ev({ status: 'FAILED', hasError: true }), ev({ status: 'RUNNING' }, 'other')], { terminal })).not.toThrow();
  });

  it('names a return that saw a non-terminal status, or a missing outcome', () => {
    expect(() => completeOnReturn([ev({ status: 'RUNNING', hasResult: false })], { terminal })).toThrow(/status was "RUNNING"/);
    expect(() => completeOnReturn([ev({ status: 'FINISHED', hasResult: false, hasError: false })], { terminal })).toThrow(PropertyViolation);
  });

  it('takes custom kinds and accessors', () => {
    const e = ev({ s: 'done', out: 1 }, 'joined');
    expect(() => completeOnReturn([e], { kind: 'joined', terminal: ['done'], status: (x) => (x.data as { s: string }).s, complete: (x) => (x.data as { out?: number }).out !== undefined })).not.toThrow();
  });
});
