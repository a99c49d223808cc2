/**
 * run_recipe_ci.py `main()`, ported: lifetime guards, an alarm for the whole run, the janitor, the
 * per-app lock, deploy, the recipe's tests, and a `finally` that tears the app down and releases the
 * lock. `claims` is the harness's own belief that it holds the lock (for the properties).
 */
import type { OpenFile } from '../../models/posix/OpenFile.js';
import type { Process } from '../../models/posix/Process.js';
import type { Sim } from '../../sim/sim.js';
import type { Swarm } from './apps.js';
import { acquireAppLock, type AppLock, janitor, releaseAppLock } from './lifecycle.js';
import { Lifetime } from './lifetime.js';
import type { Fixes } from './variant.js';

/** `CCCI_RUN_TIMEOUT`: the alarm, in seconds. */
export const RUN_TIMEOUT_S = 60;
/** How long the recipe's tests take (virtual ms). */
export const TESTS_MS = 30_000;

/** A run's belief that it holds a domain's lock, and the description that should hold it. */
export interface LockClaim {
  run: Process;
  domain: string;
  file: OpenFile;
}

export interface RunContext {
  sim: Sim;
  swarm: Swarm;
  domain: string;
  fixes: Fixes;
  claims: Map<string, LockClaim>;
  /** Arm the run's alarm and let the tests take their time (false: time plays no part). */
  timed: boolean;
}

export async function runMain(os: Process, ctx: RunContext): Promise<void> {
  const { sim, swarm, domain, fixes, claims } = ctx;
  const lifetime = new Lifetime(os, fixes);
  await lifetime.install();
  if (ctx.timed) await os.alarm(RUN_TIMEOUT_S);
  let lock: AppLock | null = null;
  try {
    await janitor(os, swarm, fixes);
    lock = await acquireAppLock(os, domain, fixes);
    claims.set(os.name, { run: os, domain, file: os.fds.get(lock.fd)! });
    sim.log('lock.acquired', { resource: domain, holder: os.name });
    await swarm.deploy(os, domain);
    if (ctx.timed) await os.sleep(TESTS_MS);
  } finally {
    lifetime.beginTeardown();
    // Idempotent (verify=False), and only for the app this run's lock covers.
    if (lock) await swarm.teardown(os, domain);
    if (lock) {
      claims.delete(os.name);
      sim.log('lock.released', { resource: domain, holder: os.name });
      await releaseAppLock(os, lock);
    }
  }
  if (ctx.timed) await os.alarm(0);
}
