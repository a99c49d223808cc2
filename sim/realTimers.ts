/**
 * The real timer functions, captured before any run can install virtual ones (`sim.installGlobals()`),
 * for the kit's own use: hang timeouts of external and adapter calls, yielding a real turn between
 * runs. The kit's pending timeouts are counted, so a fast run can tell them from real work its
 * code left behind (`fastWatch.ts`).
 */

const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

const kitTimers = new Set<ReturnType<typeof setTimeout>>();
/** Every timer the kit made, pending or not: a run's books tell them from its code's (`leftWork.ts`). */
const kitMade = new WeakSet<object>();

export function isKitTimer(t: object): boolean {
  return kitMade.has(t);
}

/** The real resources the kit itself holds right now, by `process.getActiveResourcesInfo()` type. */
export function kitResources(): Array<[string, number]> {
  return kitTimers.size > 0 ? [['Timeout', kitTimers.size]] : [];
}

export const real = {
  setImmediate: realSetImmediate,
  setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const t = realSetTimeout(() => {
      kitTimers.delete(t);
      fn();
    }, ms);
    kitTimers.add(t);
    kitMade.add(t);
    return t;
  },
  clearTimeout(t: ReturnType<typeof setTimeout> | undefined): void {
    if (t === undefined) return;
    kitTimers.delete(t);
    realClearTimeout(t);
  },
  /** Yields one real macrotask turn (lets progress bars and abort signals in). */
  turn(): Promise<void> {
    return new Promise((resolve) => realSetImmediate(resolve));
  },
};
