import { describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Lease } from './Lease.js';

function one<W>(setup: (sim: Sim) => W) {
  return defineScenario({ name: 'lease', setup });
}

describe('Lease', () => {
  it('grants increasing fencing tokens; acquire waits while held; tryAcquire fails', async () => {
    const out: unknown[] = [];
    const r = await runOnce(
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 1000 });
        sim.spawn('A', async () => {
          const t = await lease.acquire();
          out.push(['A', t]);
          await sim.sleep(10);
          await lease.release(t);
        });
        sim.spawn('B', async () => {
          out.push(['B try', await lease.tryAcquire()]);
          const t = await lease.acquire();
          out.push(['B', t, sim.now - r0]);
          await lease.release(t);
        });
        const r0 = sim.now;
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toEqual([['A', 1], ['B try', null], ['B', 2, 10]]);
  });

  it('expires on the virtual clock: a holder that stalls past its TTL is robbed and renew tells it', async () => {
    const out: unknown[] = [];
    let lease!: Lease;
    const r = await runOnce(
      one((sim) => {
        lease = new Lease(sim, 'L', { ttlMs: 1000 });
        sim.spawn('A', async () => {
          const t = await lease.acquire();
          await sim.sleep(1500);
          out.push(['A renew', await lease.renew(t)]);
          try {
            await lease.release(t);
          } catch (e) {
            out.push(['A release', e instanceof UsageError, (e as Error).message.split(' — ')[0]]);
          }
        });
        sim.spawn('B', async () => {
          const t = await lease.acquire();
          out.push(['B', t, lease.isCurrent(t)]);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toEqual([
      ['B', 2, true],
      ['A renew', false],
      ['A release', true, 'Lease "L": release by A with token 1, but the lease is held by B (token 2, expires in 500 ms)'],
    ]);
    expect(lease.current?.holder).toBe('B');
    expect(r.trace.events.map((e) => [e.kind, (e.data as { holder: string }).holder])).toEqual([
      ['lease.acquire', 'A'],
      ['lease.acquire', 'B'],
    ]);
  });

  it('renew extends an unexpired lease; release of an expired, untaken lease is allowed', async () => {
    const out: unknown[] = [];
    await runOnce(
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 1000 });
        sim.spawn('A', async () => {
          const t = await lease.acquire();
          await sim.sleep(900);
          out.push(await lease.renew(t));
          await sim.sleep(900);
          out.push(lease.isCurrent(t));
          await sim.sleep(200);
          out.push(lease.isCurrent(t), lease.current);
          await lease.release(t);
          out.push(await lease.tryAcquire());
        });
      }),
    );
    expect(out).toEqual([true, true, false, null, 2]);
  });

  it('refuses a release twice and a release of a token never issued', async () => {
    const errors: string[] = [];
    await runOnce(
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 1000 });
        sim.spawn('A', async () => {
          const t = await lease.acquire();
          await lease.release(t);
          for (const tok of [t, 9]) {
            try {
              await lease.release(tok);
            } catch (e) {
              errors.push((e as Error).message.split(' — ')[0]!);
            }
          }
        });
      }),
    );
    expect(errors).toEqual(['Lease "L": release by A with token 1, but that grant was already released', 'Lease "L": release by A with token 9, but no such token was ever issued']);
    // A grant taken over after it expired, the thief's grant released since: not "already released".
    const late: string[] = [];
    await runOnce(
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 100 });
        sim.spawn('A', async () => {
          const t = await lease.acquire();
          await sim.sleep(300);
          try {
            await lease.release(t);
          } catch (e) {
            late.push((e as Error).message.split(' — ')[0]!);
          }
        });
        sim.spawn('B', async () => {
          await sim.sleep(150);
          await lease.release(await lease.acquire());
        });
      }),
    );
    expect(late).toEqual(['Lease "L": release by A with token 1, but that grant expired and was taken over (token 2 was granted since, and released)']);
    expect(() => new Lease({} as Sim, 'x', { ttlMs: 0 })).toThrow(UsageError);
  });

  it('never deadlocks: lease ABBA resolves when the first lease expires, and the waiter steals it', async () => {
    const got: unknown[] = [];
    const r = await runOnce(
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 1000 });
        const gate = new Lease(sim, 'gate', { ttlMs: 1e9 });
        const t0 = sim.now;
        sim.spawn('A', async () => {
          await gate.acquire();
          await sim.sleep(1);
          await lease.acquire();
          got.push(['A has L', sim.now - t0]);
        });
        sim.spawn('B', async () => {
          await lease.acquire();
          await sim.sleep(1);
          await gate.acquire();
          got.push(['B has gate', sim.now - t0]);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(got).toEqual([
      ['A has L', 1000],
      ['B has gate', 1e9],
    ]);
  });

  it('with leakCheck, reports a grant never released, but not one whose holder was killed (the TTL recovers it)', async () => {
    const world = (kill: boolean) =>
      one((sim) => {
        const lease = new Lease(sim, 'L', { ttlMs: 1000 });
        const holder = sim.spawn('holder', async () => {
          await lease.acquire();
          await sim.sleep(10);
        });
        sim.spawn('reaper', async () => {
          await sim.sleep(5);
          if (kill) holder.kill();
        });
      });
    const leaked = await runOnce(world(false), { leakCheck: true });
    expect(leaked.failure?.message).toMatch(/^leak check: Lease "L" still held by holder \(token 1, expires in 990 ms\): never released/);
    expect((await runOnce(world(false))).ok).toBe(true);
    expect((await runOnce(world(true), { leakCheck: true })).ok).toBe(true);
  });
});
