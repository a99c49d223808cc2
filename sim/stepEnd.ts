/**
 * When a step of a tracked run is over. A step is everything JavaScript runs because of one
 * scheduling decision: the resumed continuation, the continuations of every promise it resolved
 * (another actor's, a library's), their `process.nextTick` callbacks and real `setImmediate`s. It is
 * over when all of that has run and nothing of the run is queued — exactly the moment a real event
 * loop would take the next I/O completion, which is what the next scheduling decision stands for.
 *
 * Exact, not a guess: Node runs a tick queued from a promise job only once the microtask queue is
 * empty. So the detector queues a job, the job queues a tick, and the tick finds the step over
 * unless a tick or an immediate of the run is still queued or ran in between (then it looks again
 * behind them). Never a count of microtask hops.
 */
import { actorContext } from './tracking.js';
import { real } from './realTimers.js';

const RESOLVED = Promise.resolve();

export class StepEnd {
  /** Ticks of the run queued and not yet run. */
  private ticks = 0;
  /** Ticks of the run that have run (a tick that ran since the check was armed may have queued jobs). */
  private tickRuns = 0;
  private armedAt = 0;
  private readonly immediates = new Set<{ _destroyed?: boolean }>();
  private armed = false;

  /** `over` is called once per armed step, when the step is over. */
  constructor(
    private readonly over: () => void,
    private readonly paused: () => boolean,
  ) {}

  /**
   * Call after resuming a step (and after anything that held it open, like an external call). The
   * detector's own job and tick are made outside every actor's frame, so they are not the step's.
   */
  arm(): void {
    if (this.armed) return;
    this.armed = true;
    if (actorContext.getStore() === undefined) void RESOLVED.then(this.queueCheck);
    else actorContext.exit(this.armOutside);
  }

  private readonly armOutside = (): void => {
    void RESOLVED.then(this.queueCheck);
  };

  private readonly queueCheck = (): void => {
    this.armedAt = this.tickRuns;
    process.nextTick(this.check);
  };

  private readonly check = (): void => {
    if (this.paused()) {
      // An external call holds the step open; it arms again when it settles.
      this.armed = false;
      return;
    }
    for (const i of this.immediates) if (i._destroyed === true) this.immediates.delete(i);
    if (this.ticks > 0 || this.tickRuns !== this.armedAt) {
      void RESOLVED.then(this.queueCheck);
      return;
    }
    if (this.immediates.size > 0) {
      // Real immediates run in the check phase, each followed by its ticks and jobs: look after them.
      real.setImmediate(this.check);
      return;
    }
    this.armed = false;
    // The next step stands for the next I/O completion, so it starts in a macrotask of its own:
    // with no tick queued, Node first reports a promise the step rejected and left unhandled, as
    // a real process would between two replies (a handler attached only after the next await of a
    // store is too late, and Node ends the process).
    real.setImmediate(this.over);
  };

  /** A `process.nextTick` callback of the run was queued: the step waits for it. */
  tick(resource: { callback?: unknown }): void {
    const callback = resource.callback;
    if (typeof callback !== 'function') return;
    this.ticks++;
    resource.callback = (...args: unknown[]): unknown => {
      this.ticks--;
      this.tickRuns++;
      return (callback as (...a: unknown[]) => unknown)(...args);
    };
  }

  /** A real `setImmediate` of the run was queued: the step waits for it (or for its clearing). */
  immediate(resource: { _onImmediate?: unknown; _destroyed?: boolean }): void {
    const callback = resource._onImmediate;
    if (typeof callback !== 'function') return;
    this.immediates.add(resource);
    resource._onImmediate = (...args: unknown[]): unknown => {
      this.immediates.delete(resource);
      return (callback as (...a: unknown[]) => unknown)(...args);
    };
  }
}
