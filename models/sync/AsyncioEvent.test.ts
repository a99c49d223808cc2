import { describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { defineScenario } from '../../sim/scenario.js';
import { EventLoop } from '../executors/EventLoop.js';
import { toThread } from '../executors/toThread.js';
import { AsyncioEvent } from './AsyncioEvent.js';

describe('AsyncioEvent', () => {
  it('issue #12: set(); clear() is not a scheduling point — the waiter returns True and then reads False, in every schedule', async () => {
    const seen = new Set<string>();
    const s = defineScenario({
      name: 'asyncio-event-pulse',
      setup(sim) {
        const loop = new EventLoop(sim);
        const ev = new AsyncioEvent(loop, 'ev');
        const observed: unknown[] = [];
        loop.createTask('waiter', async () => {
          const woke = await ev.wait();
          observed.push([woke, ev.isSet()]);
        });
        loop.createTask('setter', async () => {
          // a worker thread runs meanwhile, so there are schedules to choose from
          await toThread(sim, () => undefined);
          ev.set();
          ev.clear();
        });
        return observed;
      },
      check: (observed) => void seen.add(JSON.stringify(observed)),
    });
    const r = await explore(s, { strategy: 'dfs', runs: 1000, reduction: false });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(r.exhausted?.complete).toBe(true);
    expect([...seen]).toEqual(['[[true,false]]']);
  });

  it('wait() on a set event does not suspend; set() from a thread is refused with the threadsafe remedy', async () => {
    const errors: unknown[] = [];
    const order: string[] = [];
    const s = defineScenario({
      name: 'asyncio-event-misuse',
      setup(sim) {
        const loop = new EventLoop(sim);
        const ev = new AsyncioEvent(loop, 'ev');
        loop.createTask('a', async () => {
          ev.set();
          await ev.wait();
          order.push('a');
          await toThread(sim, () => {
            try {
              ev.set();
            } catch (e) {
              errors.push(e);
            }
          });
        });
        loop.createTask('b', () => void order.push('b'));
      },
    });
    const r = await explore(s, { strategy: 'dfs', runs: 100 });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(order.slice(0, 2)).toEqual(['a', 'b']);
    expect(errors[0]).toBeInstanceOf(UsageError);
    expect(String(errors[0])).toMatch(/callSoonThreadsafe\(\(\) => ev\.set\(\)\)/);
  });
});
