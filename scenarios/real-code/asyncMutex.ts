/**
 * async-mutex (npm), unmodified: an account whose withdrawals take the library's lock. A withdrawal
 * that checks the balance inside the lock is correct; one that checks it before taking the lock
 * (check-then-act) lets two withdrawals both see enough money and overdraw the account. Each comes
 * in the library's two styles, `runExclusive` and `acquire`/`release`. The lock's hand-off is the
 * library's own promise: a waiter blocks on it and resumes when the holder's step releases it.
 */
import { Mutex } from 'async-mutex';
import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';

type Style = 'runExclusive' | 'acquire';

async function locked<T>(mutex: Mutex, style: Style, fn: () => Promise<T>): Promise<T> {
  if (style === 'runExclusive') return mutex.runExclusive(fn);
  const release = await mutex.acquire();
  try {
    return await fn();
  } finally {
    release();
  }
}

function account(name: string, style: Style, checkInsideLock: boolean) {
  return defineScenario({
    name,
    setup(sim) {
      const balance = new Cell(sim, 'balance', 100);
      const mutex = new Mutex();
      const withdraw = async (amount: number) => {
        if (!checkInsideLock && (await balance.get()) < amount) return;
        await locked(mutex, style, async () => {
          const b = await balance.get();
          if (checkInsideLock && b < amount) return;
          await balance.set(b - amount);
        });
      };
      sim.spawn('alice', () => withdraw(60));
      sim.spawn('bob', () => withdraw(60));
      return balance;
    },
    invariant(balance) {
      if (balance.value < 0) throw new Error(`overdrawn: the balance is ${balance.value}`);
    },
  });
}

export const runExclusive = account('async-mutex-run-exclusive', 'runExclusive', true);
export const runExclusiveCheckOutside = account('async-mutex-run-exclusive-check-outside', 'runExclusive', false);
export const acquireRelease = account('async-mutex-acquire', 'acquire', true);
export const acquireReleaseCheckOutside = account('async-mutex-acquire-check-outside', 'acquire', false);
