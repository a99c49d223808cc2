/**
 * Case C — janitor vs acquire (seed 002): CI runs that deploy one test app per domain, guarded by a
 * per-app flock, a janitor that reaps apps of dead runs, lifetime guards and a signal funnel. The
 * world: a lockfile left by an earlier run (runs never delete their own), optionally an orphan app of
 * a run killed before the scenario began, `runs` harness processes each under its own CI job process
 * (the drone step's shell, a process with no code under test), `janitors` standalone janitors, and
 * fault actors: `signals` cancels (SIGTERM to a run), `kills` SIGKILLs of a run, `parentDeaths`
 * SIGKILLs of a run's CI job process. Which run a fault hits, and when, are the scheduler's choices.
 * `timed: false` takes time out of the picture (no alarm, instant abra calls): the configuration a
 * systematic dfs can exhaust, since every pending timer adds a "let time pass" option at every step.
 */
import fc from 'fast-check';
import { isErrno } from '../../models/posix/errno.js';
import { Kernel } from '../../models/posix/Kernel.js';
import type { Process } from '../../models/posix/Process.js';
import { SIGKILL, SIGTERM } from '../../models/posix/signals.js';
import { exactlyOnce } from '../../properties/exactlyOnce.js';
import { heldWhileClaimed } from '../../properties/heldWhileClaimed.js';
import { mutualExclusion } from '../../properties/mutualExclusion.js';
import { noOrphan } from '../../properties/noOrphan.js';
import { onlyAfterExit } from '../../properties/onlyAfterExit.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import type { SimEvent } from '../../sim/trace.js';
import { Swarm } from './apps.js';
import { janitor, lockPath } from './lifecycle.js';
import { type LockClaim, runMain } from './runner.js';
import { FIXES, type Fixes, type OneBug, type Variant } from './variant.js';

export const DOMAIN = 'plausible-3.ci.example';

/** When a timed fault strikes, in virtual ms from the start (a run: ~15 s in, tests to ~45 s, teardown after). */
const FAULT_DELAYS = [0, 20_000, 47_000];

export interface Workload {
  runs: number;
  janitors: number;
  signals: number;
  kills: number;
  parentDeaths: number;
  orphan: boolean;
  /** Whether time plays a part: the runs' alarms, test and abra durations (and so SIGALRM, stalls). */
  timed: boolean;
}

export const workload: fc.Arbitrary<Workload> = fc.record({
  runs: fc.integer({ min: 1, max: 3 }),
  janitors: fc.integer({ min: 0, max: 2 }),
  signals: fc.integer({ min: 0, max: 2 }),
  kills: fc.integer({ min: 0, max: 2 }),
  parentDeaths: fc.integer({ min: 0, max: 1 }),
  orphan: fc.boolean(),
  timed: fc.boolean(),
});

/** The five properties of the case, in its numbering. */
export const PROPERTIES = ['one-holder', 'cleanup-completes', 'no-orphan-runner', 'lock-outlives-scope', 'janitor-safety'] as const;
export type JanitorProperty = (typeof PROPERTIES)[number];

export interface World {
  kernel: Kernel;
  swarm: Swarm;
  runs: Process[];
  claims: Map<string, LockClaim>;
}

function build(sim: Sim, fixes: Fixes, w: Workload): World {
  const kernel = new Kernel(sim);
  const swarm = new Swarm(sim, w.timed);
  kernel.fs.seed(lockPath(DOMAIN));
  if (w.orphan) swarm.seedOrphan(DOMAIN);
  const claims = new Map<string, LockClaim>();
  const runs: Process[] = [];
  const jobs: Process[] = [];
  for (let i = 1; i <= w.runs; i++) {
    const job = kernel.spawn(`job-${i}`);
    jobs.push(job);
    runs.push(kernel.spawn(`run-${i}`, (os) => runMain(os, { sim, swarm, domain: DOMAIN, fixes, claims, timed: w.timed }), { ppid: job.pid }));
  }
  for (let j = 1; j <= w.janitors; j++) kernel.spawn(`janitor-${j}`, (os) => janitor(os, swarm, fixes));
  // A fault strikes at a step the scheduler picks, after a delay it picks (timed: at once, in the
  // middle of a run's tests, or around its teardown).
  const fault = (name: string, targets: Process[], sig: number) =>
    sim.spawn(name, async () => {
      const target = sim.pick(`${name} target`, targets);
      if (w.timed) await sim.sleep(sim.pick(`${name} delay`, FAULT_DELAYS));
      try {
        await kernel.kill(target.pid, sig);
      } catch (e) {
        if (!isErrno(e, 'ESRCH')) throw e;
      }
    });
  for (let s = 1; s <= w.signals; s++) fault(`cancel-${s}`, runs, SIGTERM);
  for (let k = 1; k <= w.kills; k++) fault(`sigkill-${k}`, runs, SIGKILL);
  for (let d = 1; d <= w.parentDeaths; d++) fault(`job-dies-${d}`, jobs, SIGKILL);
  return { kernel, swarm, runs, claims };
}

/**
 * Hold intervals as `{ resource, holder }` events: from `begin` to `end`, or to the holder's process
 * exit (SIGKILL skips the code that would log `end`; the kernel releases the flock anyway).
 */
function holds(events: readonly SimEvent[], begin: string, end: string, of: (e: SimEvent) => { resource: unknown; holder: string } | null): SimEvent[] {
  const holding = new Map<string, unknown>();
  const out: SimEvent[] = [];
  for (const e of events) {
    if (e.kind === begin || e.kind === end) {
      const h = of(e);
      if (h === null) continue;
      if (e.kind === begin) holding.set(h.holder, h.resource);
      else holding.delete(h.holder);
      out.push({ ...e, kind: e.kind === begin ? 'acquire' : 'release', data: h });
    } else if (e.kind === 'posix.exit') {
      const name = (e.data as { name: string }).name;
      if (!holding.has(name)) continue;
      out.push({ ...e, kind: 'release', data: { resource: holding.get(name), holder: name } });
      holding.delete(name);
    }
  }
  return out;
}

const lockHold = (e: SimEvent) => e.data as { resource: string; holder: string };
const reapHold = (e: SimEvent) => {
  const d = e.data as { instance: number | null; by: string };
  return d.instance === null ? null : { resource: `app instance ${d.instance}`, holder: d.by };
};

const killedBySignal = (events: readonly SimEvent[], pid: number) =>
  events.some((e) => e.kind === 'posix.exit' && (e.data as { pid: number; signal: string | null }).pid === pid && (e.data as { signal: string | null }).signal !== null);

const checks: Record<JanitorProperty, { invariant?: (w: World, sim: Sim) => void; check?: (w: World, sim: Sim) => void }> = {
  // 1. One holder per domain: no two live runs believe they hold the lock at once.
  'one-holder': {
    invariant: (_w, sim) => mutualExclusion(holds(sim.events, 'lock.acquired', 'lock.released', lockHold)),
  },
  // 2. Cleanup completes: every app a run deployed is removed by the end (runs killed outright excused).
  'cleanup-completes': {
    check: (_w, sim) => {
      const deployed = sim.events.filter((e) => e.kind === 'app.deployed').map((e) => e.data as { instance: number; owner: number });
      exactlyOnce(sim.events, {
        kind: 'app.removed',
        key: (d) => (d as { instance: number }).instance,
        expected: deployed.map((d) => d.instance),
        excused: (k) => killedBySignal(sim.events, deployed.find((d) => d.instance === k)!.owner),
        what: 'removal of app instance',
      });
    },
  },
  // 3. No orphan runner: a run whose CI job died exits or is signalled.
  'no-orphan-runner': {
    invariant: (_w, sim) => noOrphan(sim.events, { which: (name) => name.startsWith('run-') }),
  },
  // 4. The lock outlives its holder's scope: a live run that believes it holds the lock does.
  'lock-outlives-scope': {
    invariant: ({ claims }) =>
      heldWhileClaimed(
        [...claims.values()]
          .filter((c) => c.run.alive)
          .map((c) => ({ holder: c.run.name, resource: c.domain, held: c.file.lock === 'EX', lostBy: c.file.closed ? 'its lock descriptor was closed behind its back — the file object was dropped and collected' : undefined })),
      ),
  },
  // 5. Janitor safety: never reap the app of a live run; two janitors never reap one orphan at once
  //    (a reap a signal aborted may be finished by the next janitor: teardown is idempotent).
  'janitor-safety': {
    invariant: (_w, sim) => {
      onlyAfterExit(sim.events, { action: 'janitor.reap', owner: (e) => (e.data as { owner: number | null }).owner, deadBefore: (pid) => pid === 0, what: 'reap of the app' });
      mutualExclusion(holds(sim.events, 'janitor.reap', 'janitor.reaped', reapHold));
    },
  },
};

/** All five at once: one search proves them together (the schedules do not depend on what is checked). */
const everyCheck = {
  invariant: (w: World, sim: Sim) => {
    for (const c of Object.values(checks)) c.invariant?.(w, sim);
  },
  check: (w: World, sim: Sim) => {
    for (const c of Object.values(checks)) c.check?.(w, sim);
  },
};

/** The bug of `before` each property is about (the ledger's finding). */
export const BUG_OF: Record<JanitorProperty, keyof Fixes> = {
  'one-holder': 'inodeCheck',
  'cleanup-completes': 'swallowSecondSignal',
  'no-orphan-runner': 'prctlFirst',
  'lock-outlives-scope': 'keepLockObject',
  'janitor-safety': 'inodeCheck',
};

/**
 * The scenario for one variant — `before`, `after`, or a {@link OneBug} variant with a single fix
 * missing — checking one of the case's five properties, or `every` one of them.
 */
export function janitorScenario(variant: Variant | OneBug, property: JanitorProperty | 'every'): Scenario<World, Workload> {
  const c = property === 'every' ? everyCheck : checks[property];
  const fixes = typeof variant === 'string' ? FIXES[variant] : variant.fixes;
  const label = typeof variant === 'string' ? variant : variant.name;
  return defineScenario<World, Workload>({
    name: `janitor-${label}-${property}`,
    params: workload,
    setup: (sim, w) => build(sim, fixes, w),
    ...(c.invariant ? { invariant: c.invariant } : {}),
    ...(c.check ? { check: c.check } : {}),
  });
}
