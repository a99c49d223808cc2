import fc from 'fast-check';
import { EventLoop } from '../../models/executors/EventLoop.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { approvalFollowsOutcome } from '../../properties/approvalFollowsOutcome.js';
import { completeOnReturn } from '../../properties/completeOnReturn.js';
import { noTornRead } from '../../properties/noTornRead.js';
import { noTransitionAfter } from '../../properties/noTransitionAfter.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Checks } from './Checks.js';
import { runCheck } from './runCheck.js';
import { RunRegistry, type Variant } from './RunRegistry.js';

/** The case file's four properties. */
export type SubmitRunProperty = 'completion' | 'auto-approve' | 'no-torn-read' | 'cancel-is-final';
export const PROPERTIES: readonly SubmitRunProperty[] = ['completion', 'auto-approve', 'no-torn-read', 'cancel-is-final'];

/** The workload: how many checks the agent runs, which run a user cancels, which runs fail. */
export interface Workload {
  /** Checks run by the MCP tool, each its own loop task (1–2). */
  runs: number;
  /** Index of the check whose run a user cancels through `cancel_run` once it is visible, or null. */
  cancel: number | null;
  /** Per check: its run's work raises. */
  fails: boolean[];
}

// fast-check shrinks a record's fields in key order and does not revisit one it has passed, so the
// fields that gate the others (a failing run hides completion bugs) come first and `runs` last.
export const workload: fc.Arbitrary<Workload> = fc.record({
  fails: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  cancel: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
  runs: fc.integer({ min: 1, max: 2 }),
});

const TERMINAL = ['FINISHED', 'FAILED', 'CANCELLED'];

export interface World {
  registry: RunRegistry;
  checks: Checks;
}

function build(sim: Sim, variant: Variant, w: Workload): World {
  const loop = new EventLoop(sim);
  const checks = new Checks(sim);
  const registry = new RunRegistry(
    {
      sim,
      loop,
      executor: null,
      statusLock: variant === 'locked' ? new Mutex(sim, 'run_status_lock') : undefined,
      execute(_run, params) {
        if ((params as { fail: boolean }).fail) throw new Error('query failed');
        return { rows: 3 };
      },
    },
    variant,
  );
  const runs = Math.max(1, Math.min(2, w.runs));
  const ids: string[] = [];
  for (let i = 0; i < runs; i++) {
    const check = checks.add('row_count_diff', { model: `m${i}`, fail: w.fails[i] === true });
    ids.push(check.id);
    loop.createTask(`run_check#${i}`, () => runCheck(sim, registry, checks, check.id));
  }
  if (w.cancel !== null) {
    const checkId = ids[w.cancel % runs]!;
    const runOf = () => [...registry.runs.values()].find((r) => r.checkId === checkId);
    loop.createTask('cancel_run', async () => {
      // The user cancels a run they can see: wait until it is registered.
      await sim.point('cancel_run: run visible', { obj: 'registry', enabled: () => runOf() !== undefined, waitsFor: () => `the run of ${checkId} to be submitted` });
      await registry.cancelRun(runOf()!.id);
    });
  }
  return { registry, checks };
}

/** The scenario for one variant, checking one property (so a registry row names what breaks), or all four. */
export function submitRun(variant: Variant, property: SubmitRunProperty | 'all'): Scenario<World, Workload> {
  const on = (p: SubmitRunProperty) => property === 'all' || property === p;
  const history = (sim: Sim): void => {
    if (on('completion')) completeOnReturn(sim.events, { terminal: TERMINAL });
    if (on('no-torn-read')) noTornRead(sim.events, { read: 'run.read', consistent: (s: { status: string; hasResult: boolean }) => !(s.hasResult && s.status === 'RUNNING') });
    if (on('cancel-is-final')) noTransitionAfter(sim.events, { kind: 'run.status', sticky: 'CANCELLED', forbidden: ['FINISHED', 'FAILED'] });
  };
  return defineScenario<World, Workload>({
    name: `submit-run-${variant}-${property}`,
    params: workload,
    setup: (sim, w) => build(sim, variant, w),
    invariant: (_w, sim) => history(sim),
    check(_w, sim) {
      history(sim);
      if (on('auto-approve')) approvalFollowsOutcome(sim.events);
    },
  });
}
