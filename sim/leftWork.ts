/**
 * The real work a tracked run's code started, as far as the end of the run cares: whether there was
 * any (its callbacks may call into the run after it ended — that code was left behind, and is
 * stopped silently rather than crashing the process), and the real timers setup or check started.
 * Setup and check may await real work (a database reset) — it is not interleaved with anything —
 * but a real timer they leave pending fires after the run, outside it: an escape of that phase.
 */
import { isKitTimer } from './realTimers.js';
import { phaseEscape, type RunFailure } from './runFailures.js';

export class LeftWork {
  /** Real work other than timers. */
  private io = false;
  /** Real timers, and the phase that made each (the kit's own hang timeouts are told apart later). */
  private readonly timers: Array<{ timer: { _destroyed?: boolean }; phase: string }> = [];

  /** A real resource was created in the run's code, in `phase`. */
  seen(type: string, resource: object, phase: string): void {
    if (type === 'Timeout') this.timers.push({ timer: resource as { _destroyed?: boolean }, phase });
    else this.io = true;
  }

  /** The run's code created real work (the kit's own timeouts are not the code's). */
  get any(): boolean {
    return this.io || this.timers.some((t) => !isKitTimer(t.timer));
  }

  /** At the end of the run: a real timer of setup or check still pending, as an escape. */
  pendingTimer(): RunFailure | undefined {
    const left = this.timers.find((t) => t.phase !== 'steps' && t.timer._destroyed !== true && !isKitTimer(t.timer));
    return left === undefined ? undefined : phaseEscape(left.phase);
  }
}
