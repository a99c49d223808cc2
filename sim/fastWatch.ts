/**
 * What a fast run (one without async-context tracking, see `run.ts`) notices cheaply of the things
 * only a tracked run can judge, so it can ask for one:
 * - a `process.nextTick` queued while one of its steps runs (the tick would run after the step, out
 *   of the order a tracked run gives it);
 * - real work left behind: a real timer, request or socket that is still pending when the run ends
 *   and was not pending when it began (a tracked run reports it as an escape).
 * - a pause: a healthy fast run is one unbroken run of promise jobs, each step resuming the next.
 *   Node runs a tick queued from a promise job only once no job is left, so when the sentinel tick
 *   runs while a run is still stepping outside an external call, some step stopped at a promise no
 *   model settles, or at real work: only a tracked run can tell which. Exact, and one tick per
 *   pause of all fast runs together, not a timer per step.
 * None costs a step more than a flag; the second is one count of the process's active resources per run.
 */
import { kitResources } from './realTimers.js';

export interface FastWatch {
  /** At the end of the run's steps: why a tracked run must judge it, if it must. */
  finish(): string | undefined;
  close(): void;
}

interface Escalating {
  /** True while one of the run's steps is in progress. */
  readonly stepping: boolean;
  escalate(reason: string): void;
  /** The sentinel ran: the process ran out of promise jobs while this run was open. */
  onPause(): void;
}

const open = new Set<Watch>();
/** The real `process.nextTick`, for the kit's own ticks. */
export const realNextTick = process.nextTick;
let patched = false;

function tickDuringStep(this: unknown, ...args: unknown[]): void {
  for (const w of open) if (w.run.stepping) w.run.escalate('process.nextTick was called during a step');
  return (realNextTick as (...a: unknown[]) => void).apply(process, args);
}

/** The process's active resources, less the kit's own, by type. */
function countByType(types: readonly string[], kit: ReadonlyArray<[string, number]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  for (const [type, n] of kit) counts.set(type, (counts.get(type) ?? 0) - n);
  return counts;
}

const sameKit = (a: ReadonlyArray<[string, number]>, b: ReadonlyArray<[string, number]>) => a.length === b.length && a.every(([t, n], i) => b[i]![0] === t && b[i]![1] === n);

/** Whether the sentinel tick is queued. Read on every fast step, so a plain field. */
export const sentinel = { armed: false };

function paused(): void {
  sentinel.armed = false;
  for (const w of open) w.run.onPause();
  // The patch stays on while fast runs follow each other in one unbroken run of promise jobs; it
  // comes off once the process is idle with none open.
  if (open.size === 0) unpatch();
}

/** Queue the sentinel (from a promise job of a fast run's step). */
export function armSentinel(): void {
  sentinel.armed = true;
  realNextTick(paused);
}

function unpatch(): void {
  if (patched && process.nextTick === tickDuringStep) process.nextTick = realNextTick;
  patched = false;
}

class Watch implements FastWatch {
  private readonly before = process.getActiveResourcesInfo();
  private readonly kitBefore = kitResources();
  constructor(readonly run: Escalating) {}

  finish(): string | undefined {
    const now = process.getActiveResourcesInfo();
    const kit = kitResources();
    // The common case, cheaply: the same resources as before, in the same order.
    if (now.length === this.before.length && sameKit(kit, this.kitBefore) && now.every((t, i) => t === this.before[i])) return undefined;
    const before = countByType(this.before, this.kitBefore);
    for (const [type, n] of countByType(now, kit)) {
      if (n > (before.get(type) ?? 0)) return `real work (${type}) was left pending by the run`;
    }
    return undefined;
  }

  close(): void {
    open.delete(this);
    if (open.size === 0 && !sentinel.armed) armSentinel();
  }
}

/** Every open fast run stops and is run again tracked (runs overlap on installed globals). */
export function escalateFastRuns(reason: string): void {
  for (const w of open) w.run.escalate(reason);
}

export function fastWatch(run: Escalating): FastWatch {
  const w = new Watch(run);
  open.add(w);
  if (!patched) {
    process.nextTick = tickDuringStep as typeof process.nextTick;
    patched = true;
  }
  return w;
}
