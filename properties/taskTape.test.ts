import { describe, expect, it } from 'vitest';
import { finalIsLast } from './finalIsLast.js';
import { noStrandedTask } from './noStrandedTask.js';
import { tapeMatchesRow } from './tapeMatchesRow.js';
import type { TaskHistory } from './taskHistory.js';

const ok: TaskHistory = { id: 't1', status: 'cancelled', tape: [{ seq: 1, kind: 'task_started' }, { seq: 2, kind: 'final', data: { status: 'cancelled' } }] };
const late: TaskHistory = { id: 't2', status: 'cancelled', tape: [...ok.tape, { seq: 3, kind: 'progress', data: { n: 0 } }] };

describe('task tape properties', () => {
  it('finalIsLast: passes a tape ending in one final, names the task whose tape does not', () => {
    expect(() => finalIsLast([ok, { id: 't3', status: 'running', tape: [{ kind: 'progress' }] }])).not.toThrow();
    expect(() => finalIsLast([ok, late])).toThrow('task "t2": "final" is not the last event — the tape ends with "progress": 1:task_started 2:final{"status":"cancelled"} 3:progress{"n":0}');
    expect(() => finalIsLast([{ id: 't', status: 'failed', tape: [{ kind: 'final' }, { kind: 'final' }] }])).toThrow('has 2 "final" events');
  });

  it('tapeMatchesRow: the final carries the row status', () => {
    expect(() => tapeMatchesRow([ok])).not.toThrow();
    expect(() => tapeMatchesRow([{ ...ok, status: 'succeeded' }])).toThrow('task "t1": its "final" says status "cancelled" but the row is "succeeded"');
  });

  it('noStrandedTask: every task terminal', () => {
    expect(() => noStrandedTask([ok])).not.toThrow();
    expect(() => noStrandedTask([ok, { id: 't9', status: 'pending', tape: [] }])).toThrow('1 task(s) stranded: "t9" is pending (tape (empty))');
  });
});
