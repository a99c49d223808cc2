/**
 * The promise timers under installGlobals against Node's own: the same program, run once in a run
 * on virtual time and once in plain Node on real time, must observe the same values, errors and
 * order; the run's times are exact.
 */
import { setTimeout as sleep, setImmediate as immediate, setInterval as every, scheduler } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { explore } from '../explore/explore.js';
import { replay } from '../explore/replay.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

/** What a program saw: a list of [label, value] and, in a run, the virtual ms since it began. */
type Seen = Array<[string, unknown, number?]>;
const error = (e: unknown) => {
  const x = e as { name?: string; code?: string; message?: string; cause?: unknown };
  return { name: x.name, code: x.code, message: x.message, cause: x.cause instanceof Error ? x.cause.name : x.cause };
};

const programs: Record<string, (see: (label: string, value: unknown) => void) => Promise<void>> = {
  async 'abort while sleeping'(see) {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await sleep(1000, 'slept', { signal: ac.signal }).then(
      (v) => see('resolved', v),
      (e: unknown) => see('rejected', error(e)),
    );
  },
  async 'an aborted signal rejects at once'(see) {
    const ac = new AbortController();
    ac.abort('why');
    await sleep(10, 'x', { signal: ac.signal }).catch((e: unknown) => see('timeout', error(e)));
    await immediate('y', { signal: ac.signal }).catch((e: unknown) => see('immediate', error(e)));
    await scheduler.wait(10, { signal: ac.signal }).catch((e: unknown) => see('wait', error(e)));
  },
  async 'setInterval as an async iterator, break clears it'(see) {
    let n = 0;
    for await (const v of every(10, 'tick')) {
      see('tick', v);
      if (++n === 3) break;
    }
    await sleep(35);
    see('after', n);
  },
  async 'ticks nobody awaited are handed out one per next()'(see) {
    const it = every(10, 'tick');
    await sleep(35);
    for (let i = 0; i < 4; i++) see('next', (await it.next()).value);
    await it.return!();
    see('done', (await it.next()).done);
  },
  async 'wrong options are refused as Node refuses them'(see) {
    const refused = (e: unknown) => {
      const x = e as { name: string; code: string; message: string };
      return `${x.name} ${x.code} ${x.message}`;
    };
    await sleep(10, 'x', { signal: 'nope' } as never).catch((e: unknown) => see('signal', refused(e)));
    await sleep(10, 'x', 'bad' as never).catch((e: unknown) => see('options', refused(e)));
    await sleep(10, 'x', { ref: 1 } as never).catch((e: unknown) => see('ref', refused(e)));
    await immediate('x', { signal: 5 } as never).catch((e: unknown) => see('immediate', refused(e)));
    await every(10, 'x', { signal: {} } as never).next().catch((e: unknown) => see('interval', refused(e)));
  },
  async 'promisify(setTimeout), scheduler.wait and AbortSignal.timeout'(see) {
    see('promisified', await promisify(setTimeout)(20, 'v'));
    await scheduler.wait(15);
    see('waited', true);
    const signal = AbortSignal.timeout(40);
    see('reason', await new Promise((resolve) => signal.addEventListener('abort', () => resolve((signal.reason as Error).name))));
  },
};

async function inRun(program: (see: (label: string, value: unknown) => void) => Promise<void>): Promise<Seen> {
  const seen: Seen = [];
  const r = await runOnce(
    defineScenario({
      name: 'promise-timers',
      setup(sim) {
        sim.installGlobals();
        sim.spawn('a', async () => {
          const t0 = Date.now();
          await program((label, value) => seen.push([label, value, Date.now() - t0]));
        });
      },
    }),
  );
  expect(r.failure).toBeUndefined();
  return seen;
}

async function inNode(program: (see: (label: string, value: unknown) => void) => Promise<void>): Promise<Seen> {
  const seen: Seen = [];
  await program((label, value) => seen.push([label, value]));
  return seen;
}

describe('promise timers on virtual time', () => {
  for (const [name, program] of Object.entries(programs))
    it(`${name}: what Node sees, at exact virtual times`, async () => {
      const virtual = await inRun(program);
      expect(virtual.map(([l, v]) => [l, v])).toEqual(await inNode(program));
      expect(virtual.map((s) => s[2])).toEqual(
        {
          'abort while sleeping': [20],
          'an aborted signal rejects at once': [0, 0, 0],
          'setInterval as an async iterator, break clears it': [10, 20, 30, 65],
          'ticks nobody awaited are handed out one per next()': [35, 35, 35, 40, 40],
          'promisify(setTimeout), scheduler.wait and AbortSignal.timeout': [20, 35, 75],
          'wrong options are refused as Node refuses them': [0, 0, 0, 0, 0],
        }[name],
      );
    });
});

describe('promise timers in a failing run', () => {
  it('replay from the token to the same trace: an abort that races a sleep and an interval', async () => {
    const race = defineScenario({
      name: 'promise-timers-race',
      setup(sim) {
        sim.installGlobals();
        const ac = new AbortController();
        const seen: string[] = [];
        sim.spawn('sleeper', async () => {
          for await (const tick of every(10, 'tick')) {
            seen.push(tick);
            if (seen.length === 2) break;
          }
          await sleep(50, undefined, { signal: ac.signal }).then(() => seen.push('slept'), () => seen.push('aborted'));
        });
        sim.spawn('canceller', async () => {
          await scheduler.wait(25);
          ac.abort();
        });
        return seen;
      },
      check(seen) {
        if (seen.includes('aborted')) throw new Error(`aborted after ${seen.length - 1} ticks`);
      },
    });
    const found = await explore(race, { strategy: 'random', seed: 1, runs: 300, corpus: false });
    expect(found.failure?.message).toMatch(/aborted after 2 ticks/);
    const again = await replay(race, found.failure!.token);
    expect([again.verdict, again.trace.fingerprint]).toEqual(['reproduced', found.failure!.trace.fingerprint]);
  });
});
