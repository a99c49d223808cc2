import { describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.js';
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
});
