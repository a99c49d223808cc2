/**
 * Virtual timers keep Node's semantics (virtualTimers.ts): an async callback is not waited for,
 * clearing a timer stops its ticks but not the work its callback started, and a delay below 1 ms is 1 ms.
 * Each expectation is what @sinonjs/fake-timers (exact-time Node timers) gives for the same code.
 */
import pDebounce from 'p-debounce';
import pThrottle from 'p-throttle';
import { describe, expect, it } from 'vitest';
import { explore } from '../explore/explore.js';
import { replay } from '../explore/replay.js';
import { EPOCH } from './clock.js';
import { defineScenario } from './scenario.js';

/** Every outcome of the scenario over all schedules (dfs, complete). */
async function outcomes(body: (sim: Parameters<Parameters<typeof defineScenario>[0]['setup']>[0], log: string[]) => void): Promise<string[]> {
  const seen = new Set<string>();
  const s = defineScenario({
    name: 'virtual-timers',
    setup(sim) {
      sim.installGlobals();
      const log: string[] = [];
      body(sim, log);
      return log;
    },
    check: (log) => void seen.add(log.join(' ')),
  });
  const r = await explore(s, { strategy: 'dfs', runs: 5000, corpus: false });
  expect(r.ok, r.failure?.message).toBe(true);
  expect(r.exhausted?.complete).toBe(true);
  return [...seen].sort();
}

describe('virtual timers', () => {
  it('an interval whose callback is async ticks on time, not after each callback settles', async () => {
    const seen = await outcomes((sim, log) => {
      let ticks = 0;
      const id = setInterval(async () => {
        log.push(`tick@${Date.now() - EPOCH}`);
        if (++ticks === 3) clearInterval(id);
        await sim.sleep(50);
      }, 100);
    });
    expect(seen).toEqual(['tick@100 tick@200 tick@300']);
  });

  it('clearing a timer inside its own callback keeps the work that callback started', async () => {
    const seen = await outcomes((sim, log) => {
      const id = setInterval(async () => {
        clearInterval(id);
        await sim.sleep(10);
        log.push(`after clear@${Date.now() - EPOCH}`);
      }, 100);
    });
    expect(seen).toEqual(['after clear@110']);
  });

  it('setTimeout(cb, 0) waits 1 ms, as in Node, and races setImmediate from outside a callback', async () => {
    const seen = await outcomes((_sim, log) => {
      setTimeout(() => log.push(`timeout@${Date.now() - EPOCH}`), 0);
      setImmediate(() => log.push(`immediate@${Date.now() - EPOCH}`));
    });
    // Node's famous nondeterminism: from the main module either may run first, and the timeout never
    // before 1 ms (the scheduler may let the millisecond pass before the immediate's turn).
    expect(seen).toEqual(['immediate@0 timeout@1', 'immediate@1 timeout@1', 'timeout@1 immediate@1']);
  });

  it("inside an actor's step, as in an I/O callback, an immediate runs before a 0 ms timeout", async () => {
    const seen = await outcomes((sim, log) => {
      sim.spawn('a', async () => {
        await sim.sleep(5);
        setTimeout(() => log.push(`timeout@${Date.now() - EPOCH}`), 0);
        setImmediate(() => log.push(`immediate@${Date.now() - EPOCH}`));
      });
    });
    // Before: also 'timeout@6 immediate@6', an order Node never gives (2,000 of 2,000 real runs).
    expect(seen).toEqual(['immediate@5 timeout@6']);
  });

  describe('fire in the order real Node fires them', () => {
    /** The timer code, given the timer functions: virtual ones in a run, the real ones outside. */
    type Body = (t: { setTimeout: typeof setTimeout; setImmediate: typeof setImmediate }, log: string[]) => void;
    const bodies: Array<[string, Body, number]> = [
      ['timeouts due at once, in creation order, after a shorter one', (t, log) => {
        for (const [name, ms] of [['a', 20], ['b', 20], ['c', 5], ['d', 20]] as const) t.setTimeout(() => log.push(name), ms);
      }, 4],
      ['a refreshed timeout goes after the others due at once', (t, log) => {
        const a = t.setTimeout(() => log.push('a'), 20);
        t.setTimeout(() => log.push('b'), 20);
        t.setTimeout(() => log.push('c'), 20);
        a.refresh();
      }, 3],
      ['0 ms and 1 ms are one delay', (t, log) => {
        t.setTimeout(() => log.push('one'), 1);
        t.setTimeout(() => log.push('zero'), 0);
        t.setTimeout(() => log.push('negative'), -5);
      }, 3],
      ['inside a timeout, an immediate runs before a 0 ms timeout (the check phase comes first)', (t, log) => {
        t.setTimeout(() => {
          t.setTimeout(() => log.push('timeout'), 0);
          t.setImmediate(() => log.push('immediate'));
        }, 5);
      }, 2],
      ['immediates, and one made by an immediate', (t, log) => {
        t.setImmediate(() => {
          log.push('i1');
          t.setImmediate(() => log.push('i3'));
        });
        t.setImmediate(() => log.push('i2'));
      }, 3],
    ];

    for (const [title, body, count] of bodies) {
      it(title, async () => {
        const real: string[] = [];
        await new Promise<void>((done) => {
          body({ setTimeout, setImmediate }, real);
          const poll = setInterval(() => {
            if (real.length === count) {
              clearInterval(poll);
              done();
            }
          }, 5);
        });
        const seen = await outcomes((_sim, log) => body({ setTimeout, setImmediate }, log));
        expect(seen).toEqual([real.join(' ')]);
      });
    }
  });

  describe('real timer libraries give the outcome real Node gives, and only that one', () => {
    /** The library code under test, given a clock reading and a log. */
    type Use = (now: () => number, log: string[]) => Promise<void>;
    const uses: Array<[string, Use, string]> = [
      ['p-throttle: two calls per 100 ms', async (now, log) => {
        const f = pThrottle({ limit: 2, interval: 100 })((i: number) => log.push(`${i}@${now()}`));
        await Promise.all([1, 2, 3, 4].map((i) => f(i)));
      }, '1@0 2@0 3@100 4@100'],
      ['p-debounce: a second call within the wait replaces the first', async (now, log) => {
        const f = pDebounce((i: number) => {
          log.push(`call ${i}@${now()}`);
          return i;
        }, 50);
        const a = f(1);
        await new Promise((r) => setTimeout(r, 20));
        const b = f(2);
        log.push(`got ${await a},${await b}`);
      }, 'call 2@70 got 2,2'],
    ];
    // Each expectation is what real Node printed for the same code (times rounded to 10 ms). Real
    // Node can also, rarely, fire p-throttle's 4 before its 3: when the millisecond ticks between the
    // two calls their delays differ by one and the two timers land in different lists due at once.
    // Virtual time does not pass inside a step, so the run has one outcome. Before the timers kept
    // Node's order, p-throttle had six outcomes here and p-debounce five.
    for (const [title, use, exact] of uses) {
      it(title, async () => {
        const seen = await outcomes((sim, log) => {
          sim.spawn('caller', () => use(() => Date.now() - EPOCH, log));
        });
        expect(seen).toEqual([exact]);
      });
    }
  });

  it('a failure among timers and un-awaited work replays from its token to the same trace', async () => {
    const s = defineScenario({
      name: 'timers-round-trip',
      setup(sim) {
        sim.installGlobals();
        const log: string[] = [];
        setTimeout(() => log.push('b'), 5);
        setTimeout(() => log.push('c'), 5);
        sim.spawn('writer', async () => {
          void (async () => {
            await sim.sleep(5);
            log.push('w');
          })();
          await sim.yield();
        });
        return log;
      },
      check: (log) => {
        if (log.indexOf('w') < log.indexOf('c')) throw new Error(`order ${log.join(' ')}`);
      },
    });
    const r = await explore(s, { strategy: 'random', seed: 1, runs: 500, corpus: false });
    expect(r.failure?.message).toMatch(/order/);
    const again = await replay(s, r.failure!.token);
    expect(again.trace.fingerprint).toBe(r.failure!.trace.fingerprint);
  });
});
