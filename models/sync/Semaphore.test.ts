import { describe, expect, it } from 'vitest';
import { type OutcomeProgram, outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Semaphore } from './Semaphore.js';

function scenario(setup: (sim: Sim) => void, invariant?: () => void) {
  return defineScenario({ name: 'semaphore-test', setup, ...(invariant ? { invariant } : {}) });
}

describe('Semaphore', () => {
  it('never lets more than `initial` actors in, in any schedule (dfs exhausts it)', async () => {
    let inside = 0;
    let most = 0;
    const s = scenario((sim) => {
      inside = 0;
      const sem = new Semaphore(sim, 'pool', 2);
      for (const n of ['A', 'B', 'C']) {
        sim.spawn(n, () =>
          sem.withPermit(async () => {
            inside++;
            most = Math.max(most, inside);
            await sim.yield();
            inside--;
          }),
        );
      }
    }, () => {
      if (inside > 2) throw new Error(`${inside} inside a 2-permit pool`);
    });
    const r = await explore(s, { strategy: 'dfs', runs: 5000, seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toBeDefined();
    expect(most).toBe(2);
  });

  it('tryAcquire never blocks; a timed acquire gives up on the virtual clock', async () => {
    const out: unknown[] = [];
    const r = await runOnce(
      scenario((sim) => {
        const sem = new Semaphore(sim, 's', 1);
        sim.spawn('A', async () => {
          out.push(await sem.tryAcquire(), await sem.tryAcquire(), sem.value);
          const t0 = sim.now;
          out.push(await sem.acquire({ timeoutMs: 40 }), sim.now - t0);
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(out).toEqual([true, false, 0, false, 40]);
  });

  it('fair mode hands permits out first-come-first-served', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const order: string[] = [];
      const got: string[] = [];
      const r = await runOnce(
        scenario((sim) => {
          const sem = new Semaphore(sim, 's', 0, { fair: true });
          for (const n of ['A', 'B', 'C']) {
            sim.spawn(n, async () => {
              order.push(n);
              await sem.acquire();
              got.push(n);
            });
          }
          sim.spawn('R', async () => {
            while (order.length < 3) await sim.sleep(1);
            for (let i = 0; i < 3; i++) await sem.release();
          });
        }),
        { seed },
      );
      expect(r.ok).toBe(true);
      expect(got).toEqual(order);
    }
  });

  it('a bounded semaphore refuses over-release; a plain one allows release by anyone', async () => {
    const over = await runOnce(
      scenario((sim) => {
        const sem = new Semaphore(sim, 'slots', 1, { bounded: true });
        sim.spawn('A', async () => {
          await sem.acquire();
          await sem.release();
          await sem.release();
        });
      }),
    );
    expect(over.failure?.error).toBeInstanceOf(UsageError);
    expect(over.failure?.message).toContain('BoundedSemaphore "slots" released too many times by actor "A"');
    let value = -1;
    const plain = await runOnce(
      scenario((sim) => {
        const sem = new Semaphore(sim, 'p', 0);
        sim.spawn('other', async () => {
          await sem.release();
          value = sem.value;
        });
      }),
    );
    expect(plain.ok).toBe(true);
    expect(value).toBe(1);
  });

  it('deadlock reports name the semaphore and who holds its permits', async () => {
    const r = await runOnce(
      scenario((sim) => {
        const sem = new Semaphore(sim, 'pool', 2);
        for (const n of ['A', 'B', 'C']) sim.spawn(n, () => sem.acquire());
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('C waits at "pool.acquire" for Semaphore "pool" (0 permit(s) left of 2; held by A, B)');
  });

  it('rejects a bad initial value and use outside a run', async () => {
    let sem!: Semaphore;
    const bad = await runOnce(scenario((sim) => void new Semaphore(sim, 'x', -1)));
    expect(bad.failure?.message).toContain('the initial value must be an integer ≥ 0');
    await runOnce(scenario((sim) => void (sem = new Semaphore(sim, 'x', 1))));
    await expect(sem.tryAcquire()).rejects.toBeInstanceOf(UsageError);
  });

  it('a fair acquire() joins the queue in the step that calls it, so reduction orders it against a tryAcquire', async () => {
    const program: OutcomeProgram<string[]> = {
      name: 'fair-tryacquire',
      setup(sim) {
        const s = new Semaphore(sim, 's', 1, { fair: true });
        const log: string[] = [];
        sim.spawn('A', async () => {
          await s.acquire();
          log.push('A');
          await s.release();
        });
        sim.spawn('C', async () => {
          const got = await s.tryAcquire();
          log.push(`C:${got}`);
          if (got) await s.release();
        });
        return log;
      },
      outcome: (log) => log.join(' '),
    };
    const outcomes = (reduction: boolean) => outcomeSet(program, { reduction });
    expect(await outcomes(true)).toEqual(await outcomes(false));
  });
});
