import { describe, expect, it } from 'vitest';
import { EPOCH } from '../../sim/clock.js';
import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Channel } from './Channel.js';

function scenario(setup: (sim: Sim) => void, check?: () => void) {
  return defineScenario({ name: 'channel-test', setup, ...(check ? { check } : {}) });
}

describe('Channel', () => {
  it('delivers every item exactly once, in order per sender, and drains before reporting closed (dfs exhausts it)', async () => {
    let got: number[] = [];
    const s = scenario(
      (sim) => {
        got = [];
        const ch = new Channel<number>(sim, 'jobs', { capacity: 1 });
        sim.spawn('producer', async () => {
          for (const v of [1, 2, 3]) await ch.send(v);
          await ch.close();
        });
        for (const n of ['c1', 'c2']) {
          sim.spawn(n, async () => {
            for (;;) {
              const r = await ch.recv();
              if (!r.ok) return;
              got.push(r.value);
            }
          });
        }
      },
      () => {
        if (got.join() !== '1,2,3') throw new Error(`received ${got.join()}`);
      },
    );
    const r = await explore(s, { strategy: 'dfs', runs: 20000, seed: 1 });
    expect(r.failure?.message).toBeUndefined();
    expect(r.exhausted).toBeDefined();
  });

  it('send blocks while a bounded buffer is full; unbounded never blocks', async () => {
    const log: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const bounded = new Channel<string>(sim, 'b', { capacity: 2 });
        const unbounded = new Channel<string>(sim, 'u');
        sim.spawn('P', async () => {
          for (let i = 0; i < 5; i++) await unbounded.send(`u${i}`);
          log.push(`unbounded holds ${unbounded.items.length}`);
          for (const v of ['x', 'y', 'z']) {
            await bounded.send(v);
            log.push(`sent ${v}`);
          }
        });
        sim.spawn('C', async () => {
          await sim.sleep(10);
          log.push(`buffer ${bounded.items.join()}`);
          const r = await bounded.recv();
          log.push(`got ${r.ok ? r.value : '-'}`);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(log).toEqual(['unbounded holds 5', 'sent x', 'sent y', 'buffer x,y', 'got x', 'sent z']);
  });

  it('unbuffered (capacity 0) send completes only once received', async () => {
    const log: string[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const ch = new Channel<string>(sim, 'rv', { capacity: 0 });
        sim.spawn('P', async () => {
          await ch.send('hello');
          log.push(`sent at +${sim.now - EPOCH}`);
        });
        sim.spawn('C', async () => {
          await sim.sleep(7);
          const r = await ch.recv();
          log.push(`got ${r.ok && r.value} at +${sim.now - EPOCH}`);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(log).toEqual(['got hello at +7', 'sent at +7']);
  });

  it('trySend / tryRecv never block', async () => {
    const out: unknown[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const ch = new Channel<number>(sim, 'c', { capacity: 1 });
        sim.spawn('A', async () => {
          out.push(await ch.tryRecv(), await ch.trySend(1), await ch.trySend(2), await ch.tryRecv());
          await ch.close();
          out.push(await ch.tryRecv());
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toEqual([undefined, true, false, { ok: true, value: 1 }, { ok: false }]);
  });

  it('send on a closed channel, close twice, and a sender blocked at close are errors', async () => {
    const afterClose = await runOnce(
      scenario((sim) => {
        const ch = new Channel<number>(sim, 'results');
        sim.spawn('closer', () => ch.close());
        sim.spawn('late', async () => {
          await sim.sleep(1);
          await ch.send(1);
        });
      }),
    );
    expect(afterClose.failure?.error).toBeInstanceOf(UsageError);
    expect(afterClose.failure?.message).toContain('send on closed Channel "results" by actor "late" (closed by closer)');

    const twice = await runOnce(
      scenario((sim) => {
        const ch = new Channel<number>(sim, 'c');
        sim.spawn('A', async () => {
          await ch.close();
          await ch.close();
        });
      }),
    );
    expect(twice.failure?.message).toContain('close of closed Channel "c" by actor "A" (first closed by A)');

    const blocked = await runOnce(
      scenario((sim) => {
        const ch = new Channel<number>(sim, 'full', { capacity: 1 });
        sim.spawn('P', async () => {
          await ch.send(1);
          await ch.send(2);
        });
        sim.spawn('closer', async () => {
          await sim.sleep(1);
          await ch.close();
        });
      }),
    );
    expect(blocked.failure?.message).toContain('send on closed Channel "full" by actor "P"');
  });

  it('deadlock reports name the channel and its fill level; bad capacity and use outside a run are refused', async () => {
    let ch!: Channel<number>;
    const r = await runOnce(
      scenario((sim) => {
        ch = new Channel<number>(sim, 'inbox', { capacity: 3 });
        sim.spawn('consumer', () => ch.recv());
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('consumer waits at "inbox.recv" for an item in Channel "inbox" (0 item(s) buffered, capacity 3, open)');
    await expect(ch.recv()).rejects.toBeInstanceOf(UsageError);
    const bad = await runOnce(scenario((sim) => void new Channel(sim, 'x', { capacity: -1 })));
    expect(bad.failure?.error).toBeInstanceOf(UsageError);
  });
});
