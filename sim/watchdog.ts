/**
 * Escape detection. A healthy step never lets a real macrotask run: the resumed actor parks, finishes
 * or throws within the microtask queue. So a macrotask callback that finds a step still in progress
 * proves the actor awaits something outside the simulation. Both a `setImmediate` and a `setTimeout(0)`
 * are armed, before the step begins, so the watchdog fires ahead of any real timer or immediate the
 * actor creates during its step. Nothing is armed between steps, so idle time costs nothing.
 */

const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A run as the watchdog sees it. */
export interface Watched {
  /** Called on a real macrotask; the run fails its step as an escape if one is in progress. */
  onMacrotask(): void;
}

const watched = new Set<Watched>();
let armed = false;

function fire(): void {
  if (!armed) return;
  armed = false;
  for (const w of watched) w.onMacrotask();
}

/** Call before resuming an actor. */
export function armWatchdog(run: Watched): void {
  watched.add(run);
  if (armed) return;
  armed = true;
  realSetImmediate(fire);
  realSetTimeout(fire, 0);
}

export function releaseWatchdog(run: Watched): void {
  watched.delete(run);
}

/** Real timer functions, captured before any run can patch the globals. */
export const real = {
  setImmediate: realSetImmediate,
  setTimeout: realSetTimeout,
  clearTimeout: realClearTimeout,
  /** Yields one real macrotask turn (lets progress bars and abort signals in). */
  turn(): Promise<void> {
    return new Promise((resolve) => realSetImmediate(resolve));
  },
};
