import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface OnlyAfterExitOptions {
  /** Kind of the guarded action (e.g. `janitor.reap`). */
  action: string;
  /** The pid of the process whose death the action presumes, or undefined when it presumes none. */
  owner: (e: SimEvent) => number | null | undefined;
  /** Kind of the exit event (default `posix.exit`, data `{ pid }`). */
  exit?: string;
  /** Pids that were already dead when the run began (owners left over from earlier runs). */
  deadBefore?: (pid: number) => boolean;
  /** Noun for messages (default: the action kind). */
  what?: string;
}

/**
 * An action that presumes a process is dead — reaping its resources, stealing its lock, deleting
 * its temp files — happens only after that process's exit event. Throws {@link PropertyViolation}
 * naming the action and the still-running owner.
 */
export function onlyAfterExit(events: readonly SimEvent[], options: OnlyAfterExitOptions): void {
  const exit = options.exit ?? 'posix.exit';
  const dead = new Set<number>();
  for (const e of events) {
    if (e.kind === exit) {
      dead.add((e.data as { pid: number }).pid);
      continue;
    }
    if (e.kind !== options.action) continue;
    const owner = options.owner(e);
    if (owner === null || owner === undefined || dead.has(owner) || options.deadBefore?.(owner)) continue;
    throw new PropertyViolation('onlyAfterExit', `${options.what ?? options.action} by ${e.actor} while its owner (pid ${owner}) was still running:`, [e]);
  }
}
