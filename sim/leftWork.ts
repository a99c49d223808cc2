/**
 * The real work a tracked run's code started, as far as the end of the run cares: whether there was
 * any (its callbacks may call into the run after it ended — that code was left behind, and is
 * stopped silently rather than crashing the process), and the real timers setup or check started.
 * Setup and check may await real work (a database reset) — it is not interleaved with anything —
 * but a real timer they leave pending fires after the run, outside it: an escape of that phase.
 */
import { phaseEscape, type RunFailure } from './runFailures.js';

export class LeftWork {
  /** The run's code created real work. */
  any = false;
  private readonly timers: Array<{ timer: { _destroyed?: boolean }; phase: string }> = [];

  /** A real resource of the run's code was created in `phase` (not in a step: steps report escapes). */
  seen(type: string, resource: object, phase: string): void {
    this.any = true;
    if (type === 'Timeout' && phase !== 'steps') this.timers.push({ timer: resource as { _destroyed?: boolean }, phase });
  }

  /** At the end of the run: a real timer of setup or check still pending, as an escape. */
  pendingTimer(): RunFailure | undefined {
    const left = this.timers.find((t) => t.timer._destroyed !== true);
    return left === undefined ? undefined : phaseEscape(left.phase);
  }
}
