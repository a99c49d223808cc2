import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../sim/scenario.js';
import { runOnce } from '../../explore/runOnce.js';
import { schedule } from '../../explore/schedule.js';
import { Cell } from './Cell.js';

function counter(atomic: boolean) {
  return defineScenario({
    name: atomic ? 'cell-atomic' : 'cell-racy',
    setup(sim) {
      const c = new Cell(sim, 'n', 0);
      for (const name of ['A', 'B', 'C']) {
        sim.spawn(name, async () => {
          if (atomic) await c.update((v) => v + 1);
          else await c.set((await c.get()) + 1);
        });
      }
      return c;
    },
    check(c) {
      if (c.value !== 3) throw new Error(`counter is ${c.value}`);
    },
  });
}

describe('Cell', () => {
  it('makes each get and set one scheduling point, so get-then-set loses updates', async () => {
    const r = await runOnce(counter(false), { choices: [0, 0, 1] });
    expect(r.failure?.message).toMatch(/counter is [12]/);
  });

  it('makes update an atomic read-modify-write, under every schedule (a hand-written fc property)', async () => {
    await fc.assert(
      fc.asyncProperty(schedule(), async (s) => {
        const r = await runOnce(counter(true), s);
        expect(r.failure).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('shows values read and written in the trace', async () => {
    const r = await runOnce(counter(true));
    expect(r.trace.steps.filter((s) => s.op === 'n.update').map((s) => s.result)).toEqual([
      { old: 0, new: 1 },
      { old: 1, new: 2 },
      { old: 2, new: 3 },
    ]);
  });

  it('compare-and-set swaps only from the expected value', async () => {
    const seen: boolean[] = [];
    await runOnce(
      defineScenario({
        name: 'cas',
        setup(sim) {
          const c = new Cell(sim, 'c', 'a');
          sim.spawn('x', async () => {
            seen.push(await c.compareAndSet('a', 'b'), await c.compareAndSet('a', 'c'));
          });
        },
      }),
    );
    expect(seen).toEqual([true, false]);
  });
});
