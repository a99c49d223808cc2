import { describe, expect, it } from 'vitest';
import { type OutcomeProgram, outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Barrier, BrokenBarrierError } from './Barrier.js';

function scenario(setup: (sim: Sim) => void) {
  return defineScenario({ name: 'barrier-test', setup });
}

describe('Barrier', () => {
  it('releases all parties together, returns distinct arrival indices, and is cyclic', async () => {
    const out: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const indices: number[] = [];
      let beforeAll = true;
      let arrived = 0;
      const r = await runOnce(
        scenario((sim) => {
          const b = new Barrier(sim, 'b', 3);
          for (const n of ['A', 'B', 'C']) {
            sim.spawn(n, async () => {
              for (let round = 0; round < 2; round++) {
                arrived++;
                const i = await b.wait();
                if (arrived < 3 * (round + 1)) beforeAll = false;
                indices.push(i);
              }
            });
          }
        }),
        { seed },
      );
      expect(r.ok).toBe(true);
      expect(beforeAll).toBe(true);
      out.push(indices.slice(0, 3).sort().join() + '|' + indices.slice(3).sort().join());
    }
    expect(new Set(out)).toEqual(new Set(['0,1,2|0,1,2']));
  });

  it('abort breaks it for current and later waiters; reset repairs it', async () => {
    const out: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const b = new Barrier(sim, 'b', 2);
        const attempt = async (who: string) => {
          try {
            out.push(`${who}:${await b.wait()}`);
          } catch (e) {
            out.push(`${who}:${(e as Error).name}`);
          }
        };
        sim.spawn('A', () => attempt('A'));
        sim.spawn('S', async () => {
          await sim.sleep(1);
          await b.abort();
          await attempt('S');
          await b.reset();
          out.push(`broken=${b.broken}`);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toEqual(['S:BrokenBarrierError', 'broken=false', 'A:BrokenBarrierError']);
  });

  it('a cancelled waiter breaks the barrier by default, or just leaves (asyncio) with onCancel: leave', async () => {
    const outcome = async (onCancel: 'break' | 'leave') => {
      let other = '';
      const r = await runOnce(
        scenario((sim) => {
          const b = new Barrier(sim, 'b', 2, { onCancel });
          const a = sim.spawn('A', () => b.wait());
          sim.spawn('B', async () => {
            await sim.sleep(1);
            a.cancel();
            await sim.sleep(1);
            try {
              other = `index ${await b.wait({ timeoutMs: 10 })}`;
            } catch (e) {
              other = (e as Error).message;
            }
          });
        }),
      );
      expect(r.ok).toBe(true);
      return other;
    };
    expect(await outcome('break')).toBe('Barrier "b" is broken: actor "A" was cancelled while waiting');
    expect(await outcome('leave')).toBe('Barrier "b" is broken: actor "B" timed out after 10 ms');
  });

  it('deadlock reports name the barrier and who arrived; bad parties are refused', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const b = new Barrier(sim, 'start-line', 3);
        sim.spawn('A', () => b.wait());
        sim.spawn('B', () => b.wait());
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('Barrier "start-line" (2 of 3 parties arrived: A, B)');
    const bad = await runOnce(scenario((sim) => void new Barrier(sim, 'x', 0)));
    expect(bad.failure?.error).toBeInstanceOf(UsageError);
    expect(new BrokenBarrierError('x', 'y').name).toBe('BrokenBarrierError');
  });

  it('drains after it trips: an abort before a released waiter runs breaks that waiter, as in CPython', async () => {
    // Barrier(2): A and B wait, C aborts. CPython 3.11 (3,000 runs): all five outcomes below; the
    // model started the next cycle at the trip, so a released waiter always passed (no "Broken" beside
    // an index).
    const program: OutcomeProgram<Record<string, unknown>> = {
      name: 'barrier-abort-while-draining',
      setup(sim) {
        const b = new Barrier(sim, 'b', 2);
        const out: Record<string, unknown> = {};
        for (const x of ['A', 'B'])
          sim.spawn(x, async () => {
            out[x] = await b.wait().catch((e: unknown) => {
              if (e instanceof BrokenBarrierError) return 'Broken';
              throw e;
            });
          });
        sim.spawn('C', () => b.abort());
        return out;
      },
      outcome: (out) => `A=${String(out.A)} B=${String(out.B)}`,
    };
    const outcomes = (reduction: boolean) => outcomeSet(program, { reduction });
    const cpython = ['A=0 B=1', 'A=1 B=0', 'A=1 B=Broken', 'A=Broken B=1', 'A=Broken B=Broken'];
    expect(await outcomes(false)).toEqual(cpython);
    expect(await outcomes(true)).toEqual(cpython);
  });

  it('parks a party that arrives while the last cycle drains until its released waiters have passed', async () => {
    const order: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const b = new Barrier(sim, 'b', 2);
        sim.spawn('A', async () => {
          await b.wait();
          order.push('A passed');
        });
        sim.spawn('B', async () => {
          await b.wait();
          order.push('B tripped');
          // A is released but has not run: B's next wait waits for it, then joins the next cycle.
          const next = b.wait();
          sim.spawn('D', async () => {
            await b.wait();
            order.push('D passed');
          });
          await next;
          order.push('B passed again');
        });
      }),
    );
    expect(r.failure).toBeUndefined();
    expect(order.indexOf('A passed')).toBeLessThan(order.indexOf('D passed'));
    expect(order).toContain('B passed again');
  });

  it('a failure through the draining phase replays from its token to the same trace', async () => {
    const drained = defineScenario({
      name: 'barrier-drain-replay',
      setup(sim) {
        const b = new Barrier(sim, 'b', 2);
        const out: string[] = [];
        for (const x of ['A', 'B']) sim.spawn(x, () => b.wait().then(() => void out.push(`${x} passed`), () => void out.push(`${x} broken`)));
        sim.spawn('C', () => b.abort());
        return out;
      },
      check(out) {
        if (out.some((o) => o.endsWith('passed')) && out.some((o) => o.endsWith('broken'))) throw new Error(`one passed, one broken: ${out.join(', ')}`);
      },
    });
    const found = await explore(drained, { strategy: 'random', seed: 1, runs: 500, corpus: false });
    expect(found.failure?.message).toMatch(/one passed, one broken/);
    const again = await replay(drained, found.failure!.token);
    expect([again.verdict, again.trace.fingerprint]).toEqual(['reproduced', found.failure!.trace.fingerprint]);
  });
});
