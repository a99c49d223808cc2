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
  /** Set while one of the run's steps is in progress. */
  stepping: boolean;
  /** At the end of the run's steps: why a tracked run must judge it, if it must. */
  finish(): string | undefined;
  close(): void;
}

interface Escalating {
  escalate(reason: string): void;
  /** The sentinel ran: the process ran out of promise jobs while this run was open. */
  onPause(): void;
}

const open = new Set<Watch>();
/** The real `process.nextTick`, for the kit's own ticks. */
export const realNextTick = process.nextTick;
let patched = false;

function tickDuringStep(this: unknown, ...args: unknown[]): void {
  for (const w of open) if (w.stepping) w.run.escalate('process.nextTick was called during a step');
  return (realNextTick as (...a: unknown[]) => void).apply(process, args);
}

function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  for (const [type, n] of kitResources()) counts.set(type, (counts.get(type) ?? 0) - n);
  return counts;
}

/** Whether the sentinel tick is queued. Read on every fast step, so a plain field. */
export const sentinel = { armed: false };

function paused(): void {
  sentinel.armed = false;
  for (const w of open) w.run.onPause();
}

/** Queue the sentinel (from a promise job of a fast run's step). */
export function armSentinel(): void {
  sentinel.armed = true;
  realNextTick(paused);
}

class Watch implements FastWatch {
  stepping = false;
  private readonly before = activeResources();
  constructor(readonly run: Escalating) {}

  finish(): string | undefined {
    for (const [type, n] of activeResources()) {
      if (n > (this.before.get(type) ?? 0)) return `real work (${type}) was left pending by the run`;
    }
    return undefined;
  }

  close(): void {
    open.delete(this);
    if (open.size === 0 && patched && process.nextTick === tickDuringStep) {
      process.nextTick = realNextTick;
      patched = false;
    }
  }
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
