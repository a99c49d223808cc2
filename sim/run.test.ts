import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { EPOCH } from './clock.js';
import { ActorKilledError, CancelledError } from './errors.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';
import type { Sim } from './sim.js';

/** A scenario from a setup function, for tests that only care about one run. */
function scenario<W>(setup: (sim: Sim) => W, name = 'semantics') {
  return defineScenario({ name, setup });
}

const order = (r: { trace: { steps: Array<{ actor: string; op: string }> } }) => r.trace.steps.map((s) => `${s.actor}:${s.op}`);

describe('the schedule', () => {
  it('runs actors without preemption in creation order under the all-zeros schedule', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('A', async () => {
          await c.set(1);
          await c.set(2);
        });
        sim.spawn('B', async () => {
          await c.set(3);
        });
      }),
    );
    expect(order(r)).toEqual(['A:start', 'A:c.set', 'A:c.set', 'B:start', 'B:c.set']);
    expect(r.preemptions).toBe(0);
    expect(r.choices).toEqual([0, 0, 0]);
  });

  it('reads choice 0 as "keep running" and i ≥ 1 as a switch to the i-th other runnable actor', async () => {
    const s = scenario((sim) => {
      const c = new Cell(sim, 'c', 0);
      for (const name of ['A', 'B', 'C']) sim.spawn(name, async () => void (await c.get()));
    });
    // First choice (nobody ran yet): index into [A, B, C] → C. Then C is runnable: 2 → the 2nd other (B).
    const r = await runOnce(s, { choices: [2, 2] });
    expect(order(r).slice(0, 2)).toEqual(['C:start', 'B:start']);
    expect(r.preemptions).toBe(1);
    expect(r.trace.steps[1]!.preempted).toBe(true);
  });

  it('continues round-robin after an actor that yields, so a yielding spin-wait does not starve', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const flag = new Cell(sim, 'flag', false);
        sim.spawn('spinner', async () => {
          while (!(await flag.get())) await sim.yield('spin');
        });
        sim.spawn('setter', async () => flag.set(true));
      }),
      { maxSteps: 50 },
    );
    expect(r.ok).toBe(true);
    expect(order(r)).toEqual(['spinner:start', 'spinner:flag.get', 'setter:start', 'setter:flag.set', 'spinner:spin', 'spinner:flag.get']);
  });

  it('records data choices in the same list and shrinks them toward the first option', async () => {
    const s = scenario((sim) => {
      const got: unknown[] = [];
      sim.spawn('A', async () => {
        await sim.yield();
        got.push(sim.pick('colour', ['red', 'green', 'blue']), sim.maybe('crash'), sim.int('n', 5, 9));
      });
      return got;
    });
    const zeros = await runOnce(s);
    expect(zeros.trace.steps.at(-1)!.picks).toEqual(['colour=0', 'crash=0', 'n=0']);
    const r = await runOnce(s, { choices: [2, 1, 4] });
    expect(r.trace.steps.at(-1)!.picks).toEqual(['colour=2', 'crash=1', 'n=4']);
    // Out-of-range choices are reduced mod n outside strict replay.
    const wrapped = await runOnce(s, { choices: [5] });
    expect(wrapped.choices[0]).toBe(2);
  });

  it('hands out deterministic ids', async () => {
    const ids: string[] = [];
    await runOnce(scenario((sim) => ids.push(sim.id(), sim.id('run'), sim.id('run'), sim.id())));
    expect(ids).toEqual(['id-1', 'run-1', 'run-2', 'id-2']);
  });
});

describe('actors', () => {
  it('cancel before the first step: the body never runs and join raises CancelledError (asyncio)', async () => {
    let ran = false;
    let joined: unknown;
    await runOnce(
      scenario((sim) => {
        const task = sim.spawn('task', () => {
          ran = true;
        });
        expect(task.cancel('shutdown')).toBe(true);
        sim.spawn('awaiter', async () => {
          joined = await task.join().catch((e: unknown) => e);
        });
      }),
    );
    expect(ran).toBe(false);
    expect(joined).toBeInstanceOf(CancelledError);
  });

  it('cancel delivers CancelledError at the next scheduling point; the actor may catch it and go on', async () => {
    const log: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const c = new Cell(sim, 'c', 0);
        const worker = sim.spawn('worker', async () => {
          await c.set(1);
          try {
            await c.set(2);
            log.push('not reached');
          } catch (e) {
            log.push(e instanceof CancelledError ? 'cancelled' : 'other');
          }
          await c.set(3);
        });
        sim.spawn('canceller', async () => {
          await c.get();
          worker.cancel();
        });
      }),
      // worker starts and sets 1; then (choice 1) the canceller runs while worker waits at c.set(2).
      { choices: [0, 0, 1] },
    );
    expect(r.ok).toBe(true);
    expect(log).toEqual(['cancelled']);
  });

  it('a CancelledError that escapes an actor is not a failure', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const a = sim.spawn('a', () => sim.sleep(10));
        sim.spawn('b', async () => {
          await sim.yield();
          a.cancel();
        });
      }),
    );
    expect(r.ok).toBe(true);
  });

  it("an actor's error names an inline module by what it is, not by its source, and a runaway message is cut", async () => {
    const source = `data:text/javascript,${encodeURIComponent('export const x = 1;'.repeat(200))}`;
    const thrown = (message: string) =>
      runOnce(defineScenario({ name: 'loud', setup: (sim) => void sim.spawn('a', () => Promise.reject(new Error(message))) }));
    const inline = await thrown(`Failed to resolve module specifier "./x" from "${source}": Invalid relative URL`);
    expect(inline.failure!.message).toBe('actor "a" threw Error: Failed to resolve module specifier "./x" from "an inline module (a data: URL)": Invalid relative URL');
    const runaway = await thrown('x'.repeat(100_000));
    expect(runaway.failure!.message.length).toBeLessThan(4100);
    expect(runaway.failure!.message).toMatch(/… \(96\d{3} more characters\)$/);
  });

  it('kill stops an actor where it is parked: no finally runs, join raises ActorKilledError', async () => {
    const log: string[] = [];
    let joined: unknown;
    const r = await runOnce(
      scenario((sim) => {
        const victim = sim.spawn('victim', async () => {
          try {
            await sim.sleep(100);
            log.push('woke');
          } finally {
            log.push('finally');
          }
        });
        sim.spawn('killer', async () => {
          await sim.yield();
          victim.kill();
          joined = await victim.join().catch((e: unknown) => e);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(log).toEqual([]);
    expect(joined).toBeInstanceOf(ActorKilledError);
  });

  it('work an actor started and did not await runs to its end before check, as it would in Node', async () => {
    const s = defineScenario({
      name: 'fire-and-forget',
      setup: (sim) => {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('A', async () => {
          void (async () => {
            await c.set(1);
            await sim.sleep(10);
            await c.set(2);
          })();
          await Promise.resolve();
        });
        return c;
      },
      check: (c) => {
        if (c.value !== 2) throw new Error(`c is ${c.value}, the un-awaited writes did not finish`);
      },
    });
    const r = await runOnce(s);
    expect(r.ok).toBe(true);
    expect(order(r)).toEqual(['A:start', 'A:c.set', 'A:sleep', 'A:c.set']);
  });

  it('a leftover that can never go on ends the run quietly, and daemons alone do not keep it going', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('ticker', async () => {
          for (;;) await sim.sleep(5);
        }, { daemon: true });
        sim.spawn('A', async () => {
          void c.get().then(() => new Promise(() => {}));
          void sim.point('never', { enabled: () => false });
          await c.set(1);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(r.failure).toBeUndefined();
  });

  it('an uncaught error fails the run with kind "error" naming the actor', async () => {
    const r = await runOnce(
      scenario((sim) => {
        sim.spawn('boom', async () => {
          await sim.yield();
          throw new TypeError('bad state');
        });
      }),
    );
    expect(r.failure).toMatchObject({ kind: 'error', actor: 'boom' });
    expect(r.failure!.message).toBe('actor "boom" threw TypeError: bad state');
  });
});

describe('virtual time', () => {
  it('jumps to the next deadline when nothing is runnable, and wakes equal deadlines together', async () => {
    const s = scenario((sim) => {
      const woke: string[] = [];
      for (const name of ['A', 'B']) {
        sim.spawn(name, async () => {
          await sim.sleep(1000);
          woke.push(`${name}@${sim.now - EPOCH}`);
        });
      }
      return woke;
    });
    const zeros = await runOnce(s);
    expect(zeros.trace.steps.map((x) => x.time - EPOCH)).toEqual([0, 0, 1000, 1000]);
    // Both sleepers are runnable at t=1000, so which wakes first is a choice: 0 continues with B,
    // which ran last; 1 switches to A.
    expect(order(zeros).slice(2)).toEqual(['B:sleep', 'A:sleep']);
    // (The second choice is [B, stall]: A's timer is pending while B can start.)
    const swapped = await runOnce(s, { choices: [0, 0, 1] });
    expect(order(swapped).slice(2)).toEqual(['A:sleep', 'B:sleep']);
    expect(swapped.trace.steps[2]!.options).toBe(2);
  });

  it('offers a stall — advance the clock while actors are runnable — as the last option', async () => {
    const s = scenario((sim) => {
      const c = new Cell(sim, 'c', 0);
      sim.spawn('sleeper', () => sim.sleep(5000));
      sim.spawn('worker', async () => {
        await c.set(1);
      });
      return c;
    });
    // sleeper starts; then worker is runnable and the sleeper's timer is pending: [worker, stall].
    const r = await runOnce(s, { choices: [0, 1] });
    const stall = r.trace.steps.find((x) => x.op === 'stall')!;
    expect(stall).toMatchObject({ actor: '(clock)', args: [5000] });
    expect(r.trace.steps.at(-1)!.time - EPOCH).toBe(5000);
  });

  it('instant actors: no stall while only they can run, and their deadlines are reached only by waiting', async () => {
    const s = scenario((sim) => {
      const c = new Cell(sim, 'c', 0);
      const timer = sim.spawn('timer', () => sim.point('timer', { deadline: sim.now + 5000, enabled: () => false }));
      const fast = sim.spawn('fast', async () => {
        await c.set(1);
        await c.set(2);
      });
      timer.instant = true;
      fast.instant = true;
      sim.spawn('sleeper', () => sim.sleep(1000));
      return c;
    });
    for (const choices of [[], [1], [1, 1], [0, 1, 1], [2, 1, 1, 1], [1, 1, 1, 1, 1]]) {
      const r = await runOnce(s, { choices });
      expect(r.ok, r.failure?.message).toBe(true);
      // the sleeper's timer is a stall target only while the sleeper itself can still run (its start)
      for (const st of r.trace.steps.filter((x) => x.op === 'stall')) expect(st.args).toEqual([1000]);
      expect(r.trace.steps.find((x) => x.op === 'timer')!.time - EPOCH, JSON.stringify(choices)).toBe(5000);
    }
  });
});

describe('deadlines that are model state', () => {
  it('reads a deadline given as a function at each choice: a waiter wakes when the state says, never at a stale instant', async () => {
    // A lease-like wait: the waiter parks until `expires`, which the holder extends before it comes.
    // Read once at arrival, the old expiry would wake the waiter early for a step that only re-parks.
    const s = scenario((sim) => {
      let expires = sim.now + 1000;
      const woke: number[] = [];
      sim.spawn('waiter', async () => {
        await sim.point('wait', { obj: 'lease', enabled: () => sim.now >= expires, deadline: () => expires });
        woke.push(sim.now - EPOCH);
      });
      sim.spawn('holder', async () => {
        await sim.point('renew', { obj: 'lease' });
        expires = sim.now + 3000;
      });
      return woke;
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
    expect(order(r)).toEqual(['waiter:start', 'holder:start', 'holder:renew', 'waiter:wait']);
    expect(r.trace.steps.at(-1)!.time - EPOCH).toBe(3000);
  });
});

describe('sim.external', () => {
  it('runs real async work atomically as one step and records its result', async () => {
    const r = await runOnce(
      scenario((sim) => {
        sim.spawn('io', async () => {
          const v = await sim.external('real.read', async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return 42;
          });
          if (v !== 42) throw new Error('wrong value');
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(r.trace.steps[1]).toMatchObject({ op: 'real.read', result: 42 });
  });
});

describe('misuse', () => {
  it('a model operation in setup is a clear error', async () => {
    let error: unknown;
    await runOnce(
      scenario((sim) => {
        const c = new Cell(sim, 'c', 0);
        c.get().catch((e: unknown) => (error = e));
      }),
    );
    expect(String(error)).toMatch(/"c.get" was called from setup — .*call them inside an actor/);
  });

  it('two operations at once from one actor are two pending operations, and the scheduler orders them', async () => {
    const s = scenario((sim) => {
      const c = new Cell(sim, 'c', 0);
      sim.spawn('both', async () => {
        const [read] = await Promise.all([c.get(), c.set(5)]);
        sim.log('read', read);
      });
    });
    const natural = await runOnce(s);
    expect(order(natural)).toEqual(['both:start', 'both:c.get', 'both:c.set']);
    expect(natural.trace.events[0]!.data).toBe(0);
    const swapped = await runOnce(s, { choices: [1] });
    expect(order(swapped)).toEqual(['both:start', 'both:c.set', 'both:c.get']);
    expect(swapped.trace.events[0]!.data).toBe(5);
    // Choosing between two operations of one actor is not a context switch.
    expect(swapped.preemptions).toBe(0);
  });

  it('a model used after its run ended says so', async () => {
    let cell: Cell<number> | undefined;
    await runOnce(
      scenario((sim) => {
        cell = new Cell(sim, 'c', 0);
      }),
    );
    await expect(cell!.get()).rejects.toThrow(/after the run ended/);
  });
});
