import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from '../sim/scenario.js';
import type { Operation } from './linearizable.js';
import { checkLinearizable, linearizable } from './linearizable.js';
import { historyFromEvents, recordOperation } from './history.js';
import { registerSpec } from './registerSpec.js';

describe('recordOperation / historyFromEvents', () => {
  it('turns call/return events into operations; a call that threw never returned', async () => {
    let history: Operation[] = [];
    const r = await runOnce(
      defineScenario({
        name: 'history-test',
        setup(sim) {
          const x = new Cell(sim, 'x', 0);
          sim.spawn('A', async () => {
            await recordOperation(sim, 'write', { value: 1 }, () => x.set(1));
            await recordOperation(sim, 'read', {}, () => x.get());
            await recordOperation(sim, 'write', { value: 2 }, async () => {
              await x.set(2);
              throw new Error('connection reset after the write');
            }).catch(() => undefined);
          });
        },
        check(_w, sim) {
          history = historyFromEvents(sim.events);
        },
      }),
    );
    expect(r.ok).toBe(true);
    expect(history.map((o) => [o.actor, o.op, o.output, o.ret === undefined])).toEqual([
      ['A', 'write', undefined, false],
      ['A', 'read', 1, false],
      ['A', 'write', undefined, true],
    ]);
    expect(history[1]!.call).toBeGreaterThan(history[0]!.ret!);
    expect(checkLinearizable(history, registerSpec(0)).ok).toBe(true);
  });

  it('rejects a return without a call and overlapping calls of one actor', () => {
    const e = (kind: string, actor: string, data: unknown) => ({ step: 0, time: 0, actor, kind, data });
    expect(() => historyFromEvents([e('op.return', 'A', { output: 1 })])).toThrow(/actor "A" logged "op.return" \(event 0\) with no open call/);
    expect(() => historyFromEvents([e('op.call', 'A', { op: 'get' }), e('op.call', 'A', { op: 'set' })])).toThrow(/actor "A" called "set" while "get"/);
  });

  it('gives up with an unknown verdict and a clear message when the search exceeds its budget', () => {
    const h: Operation[] = Array.from({ length: 12 }, (_, i) => ({ actor: `a${i}`, op: 'write', input: { value: i }, output: undefined, call: 0, ret: 100 }));
    h.push({ actor: 'r', op: 'read', input: {}, output: 99, call: 101, ret: 102 });
    expect(checkLinearizable(h, registerSpec(0), { budget: 1000 })).toMatchObject({ ok: false, verdict: 'unknown', reason: 'budget', steps: 1000 });
    expect(() => linearizable(h, registerSpec(0), { budget: 1000 })).toThrow(/linearizable: gave up after 1000 search steps on a partition of 13 operations/);
  });
});
