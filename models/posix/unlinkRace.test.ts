/**
 * The headline race of lock files that get cleaned up: a waiter blocks in flock on the old inode, a
 * cleaner unlinks the path and closes, a newcomer opens the path — creating a NEW inode — and locks
 * it, then the waiter's flock returns: two holders, on two inodes, of "the same" lock file.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { defineScenario } from '../../sim/scenario.js';
import { isErrno } from './errno.js';
import { LOCK_EX, LOCK_NB } from './flock.js';
import { Kernel } from './Kernel.js';

const PATH = '/locks/app';

const unlinkRace = defineScenario({
  name: 'posix-unlink-recreate-race',
  setup(sim) {
    const kernel = new Kernel(sim);
    kernel.fs.seed(PATH);
    const holders = new Map<string, number>();
    const holder = (name: string) =>
      kernel.spawn(name, async (p) => {
        const fd = await p.open(PATH, { create: true });
        await p.flock(fd, LOCK_EX);
        holders.set(name, (await p.fstat(fd)).ino);
        await p.sleep(10);
        holders.delete(name);
      });
    holder('waiter');
    kernel.spawn('cleaner', async (p) => {
      const fd = await p.open(PATH);
      try {
        await p.flock(fd, LOCK_EX | LOCK_NB);
      } catch (e) {
        if (isErrno(e, 'EWOULDBLOCK')) return;
        throw e;
      }
      await p.unlink(PATH);
      await p.close(fd);
    });
    holder('newcomer');
    return holders;
  },
  invariant(holders) {
    if (holders.size > 1) throw new Error(`two holders of ${PATH}: ${[...holders].map(([n, ino]) => `${n} on inode ${ino}`).join(', ')}`);
  },
});

describe('unlink + re-create race on flock files', () => {
  it('is found, shrunk to three actors, and replays from its token to the same fingerprint', async () => {
    const res = await explore(unlinkRace, { strategy: 'random', runs: 500, seed: 7 });
    expect(res.ok).toBe(false);
    const f = res.failure!;
    expect(f.message).toMatch(/two holders of \/locks\/app: .* on inode 1000, .* on inode 1001|two holders of \/locks\/app: .* on inode 1001, .* on inode 1000/);
    const actors = new Set(f.trace.steps.map((s) => s.actor));
    expect([...actors].sort()).toEqual(['cleaner', 'newcomer', 'waiter']);
    expect(f.preemptions).toBeLessThanOrEqual(2);
    expect(f.steps).toBeLessThanOrEqual(f.stepsBeforeShrink);
    const again = await replay(unlinkRace, f.token);
    expect(again.failure?.message).toBe(f.message);
    expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
  });
});
