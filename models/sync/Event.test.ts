import { describe, expect, it } from 'vitest';
import { type OutcomeProgram, outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { UsageError } from '../../sim/errors.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Event } from './Event.js';

function scenario(setup: (sim: Sim) => void) {
  return defineScenario({ name: 'event-test', setup });
}

describe('Event', () => {
  it('set wakes every waiter; wait on a set event returns at once', async () => {
    const woke: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const ev = new Event(sim, 'ready');
        for (const n of ['A', 'B', 'C']) {
          sim.spawn(n, async () => {
            if (await ev.wait()) woke.push(n);
          });
        }
        sim.spawn('S', async () => {
          await sim.sleep(5);
          await ev.set();
          await ev.set(); // idempotent
        });
        sim.spawn('late', async () => {
          await sim.sleep(10);
          woke.push(`late:${await ev.wait()}:${await ev.isSet()}`);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(woke.sort()).toEqual(['A', 'B', 'C', 'late:true:true']);
  });

  it('a set-then-clear pulse still wakes everyone who was waiting (asyncio resolves their futures)', async () => {
    let woke = 0;
    let flag = true;
    const r = await runOnce(
      scenario((sim) => {
        const ev = new Event(sim, 'pulse');
        for (const n of ['A', 'B']) {
          sim.spawn(n, async () => {
            if (await ev.wait()) woke++;
          });
        }
        sim.spawn('S', async () => {
          await sim.sleep(1);
          await ev.set();
          await ev.clear(); // the all-zeros schedule keeps running S: the waiters have not run yet
          flag = ev.value;
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(flag).toBe(false);
    expect(woke).toBe(2);
  });

  it('a timed wait returns false after the virtual timeout', async () => {
    let out = '';
    const r = await runOnce(
      scenario((sim) => {
        const ev = new Event(sim, 'e');
        sim.spawn('A', async () => {
          const t0 = sim.now;
          out = `${await ev.wait({ timeoutMs: 30 })} after ${sim.now - t0}`;
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toBe('false after 30');
  });

  it('deadlock reports name the event; use outside a run is a usage error', async () => {
    let ev!: Event;
    const r = await runOnce(
      scenario((sim) => {
        ev = new Event(sim, 'started');
        sim.spawn('A', () => ev.wait());
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('A waits at "started.wait" for Event "started" to be set');
    await expect(ev.set()).rejects.toBeInstanceOf(UsageError);
  });

  it('wait() checks the flag at its own step: a clear() between isSet() and wait() makes it time out, as in CPython', async () => {
    // B sets and clears; C reads isSet() and then waits 5 ms. CPython 3.11 (3,000 runs with random
    // sleeps between the calls) gives all four pairs; the model read the flag in the step before
    // wait's own, so it never gave [true, false].
    const program: OutcomeProgram<{ c?: [boolean, boolean] }> = {
      name: 'event-check-at-wait',
      setup(sim) {
        const e = new Event(sim, 'e');
        const out: { c?: [boolean, boolean] } = {};
        sim.spawn('B', async () => {
          await e.set();
          await e.clear();
        });
        sim.spawn('C', async () => {
          const set = await e.isSet();
          out.c = [set, await e.wait({ timeoutMs: 5 })];
        });
        return out;
      },
      outcome: (out) => JSON.stringify(out.c),
    };
    const outcomes = (reduction: boolean) => outcomeSet(program, { reduction });
    const cpython = ['[false,false]', '[false,true]', '[true,false]', '[true,true]'];
    expect(await outcomes(false)).toEqual(cpython);
    expect(await outcomes(true)).toEqual(cpython);
  });
});
