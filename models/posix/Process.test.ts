import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { PosixError } from './errno.js';
import { FileObject } from './FileObject.js';
import { LOCK_EX, LOCK_NB } from './flock.js';
import { Kernel } from './Kernel.js';
import { PR_SET_PDEATHSIG, type Process } from './Process.js';
import { SIGALRM, SIGKILL, SIGTERM } from './signals.js';
import { SystemExit } from './SystemExit.js';

/** Runs `build` as a one-schedule scenario (all-zeros unless `choices`); returns the kernel and the run. */
async function run(build: (sim: Sim, kernel: Kernel) => void, choices: number[] = []) {
  let kernel!: Kernel;
  const scenario = defineScenario({
    name: 'posix-unit',
    setup(sim) {
      kernel = new Kernel(sim);
      build(sim, kernel);
      return kernel;
    },
  });
  const r = await runOnce(scenario, { choices });
  return { kernel, r, events: r.trace.events };
}

describe('Process — signals', () => {
  it('a handler runs inside the target main thread at its next call; a blocking call is interrupted and retried (PEP 475)', async () => {
    const log: string[] = [];
    const { r, kernel } = await run((sim, k) => {
      const target = k.spawn('target', async (p) => {
        await p.signal(SIGTERM, () => void log.push(`handler in ${sim.current?.name} at ${sim.now}`));
        await p.sleep(10_000);
        log.push(`sleep done at ${sim.now}`);
      });
      sim.spawn('sender', async () => {
        await sim.sleep(1000);
        await k.kill(target.pid, SIGTERM);
      });
    });
    expect(r.ok).toBe(true);
    expect(log).toEqual(['handler in target at ' + (r.trace.steps[0]!.time + 1000), 'sleep done at ' + (r.trace.steps[0]!.time + 10_000)]);
    expect(kernel.processes.find((p) => p.name === 'target')!.status).toEqual({ status: 0, signal: null });
  });

  it('a second signal during a handler runs the handler again, nested (CPython handlers are re-entrant)', async () => {
    const depth: number[] = [];
    let inside = 0;
    const { r } = await run((sim, k) => {
      const target = k.spawn('target', async (p) => {
        await p.signal(SIGTERM, async () => {
          inside++;
          depth.push(inside);
          await p.sleep(100);
          inside--;
        });
        await p.sleep(10_000);
      });
      sim.spawn('sender', async () => {
        await sim.sleep(10);
        await k.kill(target.pid, SIGTERM);
        await sim.sleep(10);
        await k.kill(target.pid, SIGTERM);
      });
    });
    expect(r.ok).toBe(true);
    expect(depth).toEqual([1, 2]);
  });

  it('SIGTERM/SIGALRM without a handler terminate at once: no finally runs, descriptors close, flocks release', async () => {
    let finallyRan = false;
    const { r, kernel } = await run((sim, k) => {
      k.fs.seed('/l');
      k.spawn('victim', async (p) => {
        const fd = await p.open('/l');
        await p.flock(fd, LOCK_EX);
        await p.alarm(5);
        try {
          await p.sleep(60_000);
        } finally {
          finallyRan = true;
        }
      });
    });
    expect(r.ok).toBe(true);
    expect(finallyRan).toBe(false);
    const victim = kernel.processes.find((p) => p.name === 'victim')!;
    expect(victim.status).toEqual({ status: null, signal: SIGALRM });
    expect(victim.fds.open).toEqual([]);
    expect(kernel.fs.inodeAt('/l')!.locks.size).toBe(0);
    expect(r.trace.steps.at(-1)!.time - r.trace.steps[0]!.time).toBe(5000);
  });

  it('alarm(0) cancels and returns the seconds left; a handler raising SystemExit unwinds through finally', async () => {
    const seen: unknown[] = [];
    const { r, kernel } = await run((_sim, k) => {
      k.spawn('p', async (p) => {
        await p.signal(SIGALRM, (sig) => {
          throw new SystemExit(128 + sig);
        });
        await p.alarm(10);
        await p.sleep(4000);
        seen.push(await p.alarm(0));
        await p.alarm(1);
        try {
          await p.sleep(5000);
        } finally {
          seen.push('finally');
        }
      });
    });
    expect(r.ok).toBe(true);
    expect(seen).toEqual([6, 'finally']);
    expect(kernel.processes.find((p) => p.name === 'p')!.status).toEqual({ status: 142, signal: null });
  });
  it('a signal to oneself is handled before kill() returns; unknown pids are ESRCH, non-children ECHILD', async () => {
    const seen: string[] = [];
    const { r, kernel } = await run((_sim, k) => {
      k.spawn('p', async (q) => {
        await q.signal(SIGTERM, () => {
          throw new SystemExit(143);
        });
        await q.kill(99, SIGTERM).catch((e: PosixError) => seen.push(e.code));
        await q.waitpid(1).catch((e: PosixError) => seen.push(e.code));
        try {
          await q.kill(q.pid, SIGTERM);
          seen.push('kill returned');
        } finally {
          seen.push('finally');
        }
      });
    });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(seen).toEqual(['ESRCH', 'ECHILD', 'finally']);
    expect(kernel.processes.find((p) => p.name === 'p')!.status).toEqual({ status: 143, signal: null });
  });
});

describe('Process — lifetime', () => {
  it('orphans reparent to pid 1; PR_SET_PDEATHSIG delivers only for a parent death after the prctl', async () => {
    const ppids: number[] = [];
    const { r, kernel, events } = await run((sim, k) => {
      const parent = k.spawn('parent', async (p) => {
        await p.fork('late', async (c) => {
          await c.sleep(10); // the parent dies meanwhile: too late to ask
          await c.prctl(PR_SET_PDEATHSIG, SIGTERM);
          ppids.push(await c.getppid());
          await c.sleep(1000);
          return 0;
        });
        await p.fork('early', async (c) => {
          await c.prctl(PR_SET_PDEATHSIG, SIGTERM);
          await c.sleep(1000);
        });
        await p.sleep(5);
      });
      void parent;
      void sim;
    });
    expect(r.ok).toBe(true);
    expect(ppids).toEqual([1]);
    const late = kernel.processes.find((p) => p.name === 'late')!;
    const early = kernel.processes.find((p) => p.name === 'early')!;
    expect(late.status).toEqual({ status: 0, signal: null });
    expect(late.orphaned && !late.deathSignalled && late.noticedOrphaned).toBe(true);
    expect(early.deathSignalled).toBe(true);
    expect(early.status).toEqual({ status: null, signal: SIGTERM });
    expect(events.filter((e) => e.kind === 'posix.orphaned').length).toBe(2);
  });

  it('SIGKILL stops every thread of the process and a fork child keeps the inherited lock alive', async () => {
    const results: string[] = [];
    const { r } = await run((sim, k) => {
      k.fs.seed('/l');
      let child: Process | undefined;
      const holder = k.spawn('holder', async (p) => {
        const fd = await p.open('/l');
        await p.flock(fd, LOCK_EX);
        child = await p.fork('child', (c) => c.sleep(100));
        p.thread('worker', () => p.sleep(1_000_000));
        await p.sleep(1_000_000);
      });
      k.spawn('prober', async (p) => {
        const fd = await p.open('/l');
        await p.sleep(10);
        await k.kill(holder.pid, SIGKILL).catch(() => {});
        void child;
        for (const at of [20, 200]) {
          await p.sleep(at - (sim.now % 1000));
          try {
            await p.flock(fd, LOCK_EX | LOCK_NB);
            results.push('locked');
          } catch (e) {
            results.push((e as PosixError).code);
          }
        }
      });
    });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(results).toEqual(['EWOULDBLOCK', 'locked']);
  });

  it('calling a process\'s syscalls from an actor that is not its thread is a UsageError pointing at kernel.kill', async () => {
    const { r } = await run((sim, k) => {
      const p = k.spawn('p', (q) => q.sleep(1));
      sim.spawn('stranger', async () => {
        await p.getppid();
      });
    });
    expect(r.failure?.message).toMatch(/not a thread of this process.*kernel\.kill/);
  });
});

describe('flock — blocking, misuse, dropped file objects', () => {
  it('a blocked flock appears in the deadlock report with the inode and its holder', async () => {
    const { r } = await run((_sim, k) => {
      k.fs.seed('/locks/app');
      k.spawn('a', async (p) => {
        const fd = await p.open('/locks/app');
        await p.flock(fd, LOCK_EX);
        await p.pause();
      });
      k.spawn('b', async (p) => {
        await p.flock(await p.open('/locks/app'), LOCK_EX);
      });
    });
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toMatch(/b waits at "flock" for flock\(LOCK_EX\) on "\/locks\/app" \(inode \d+\) held by a \(pid 2, fd 3\)/);
  });

  it('flock on a closed descriptor is EBADF with a hint', async () => {
    let error: unknown;
    await run((_sim, k) => {
      k.spawn('p', async (p) => {
        const fd = await p.open('/x', { create: true });
        await p.close(fd);
        await p.flock(fd, LOCK_EX).catch((e) => (error = e));
      });
    });
    expect(error).toBeInstanceOf(PosixError);
    expect((error as PosixError).code).toBe('EBADF');
    expect((error as Error).message).toMatch(/descriptor 3 is not open.*keep the object that owns it alive/);
  });

  it('a dropped file object releases the lock at a step the scheduler chooses (found by explore)', async () => {
    const scenario = defineScenario({
      name: 'dropped-lock-object',
      setup(sim) {
        const k = new Kernel(sim);
        k.fs.seed('/l');
        const held = { by: [] as string[] };
        for (const name of ['a', 'b']) {
          k.spawn(name, async (p) => {
            const f = await FileObject.open(p, '/l');
            await p.flock(f.fileno(), LOCK_EX);
            held.by.push(name);
            f.drop(); // only the number is kept: the object is garbage
            await p.sleep(10);
            held.by.splice(held.by.indexOf(name), 1);
          });
        }
        return held;
      },
      invariant(held) {
        if (held.by.length > 1) throw new Error(`two holders: ${held.by.join(', ')}`);
      },
    });
    const res = await explore(scenario, { strategy: 'random', runs: 200, seed: 1 });
    expect(res.ok).toBe(false);
    expect(res.failure!.message).toMatch(/two holders/);
  });
});
