/**
 * runner/lifetime.py, ported: the lifetime guards that make a harness die with its CI job, and the
 * signal funnel that turns SIGTERM / SIGALRM into one orderly teardown.
 */
import { PR_SET_PDEATHSIG, type Process } from '../../models/posix/Process.js';
import { SIGALRM, SIGTERM } from '../../models/posix/signals.js';
import { SystemExit } from '../../models/posix/SystemExit.js';
import type { Fixes } from './variant.js';

/** Exit status of a harness that finds its parent already gone. */
export const EXIT_ORPHANED = 3;

export class Lifetime {
  /** `_state.tearing_down`: set by the first line of every `finally`. */
  tearingDown = false;
  /** Signals that arrived during teardown and were swallowed (fixed) — for the report. */
  swallowed = 0;

  constructor(
    private readonly os: Process,
    private readonly fixes: Fixes,
  ) {}

  /**
   * `install_lifetime_guards()`, the first statement of main: ask for SIGTERM when the parent dies,
   * *then* check it has not died already (fixed order; before: check first, so a parent dying between
   * the check and the prctl goes unnoticed), then route SIGTERM and SIGALRM into the funnel.
   */
  async install(): Promise<void> {
    if (this.fixes.prctlFirst) {
      await this.os.prctl(PR_SET_PDEATHSIG, SIGTERM);
      if ((await this.os.getppid()) === 1) this.os.exit(EXIT_ORPHANED);
    } else {
      if ((await this.os.getppid()) === 1) this.os.exit(EXIT_ORPHANED);
      await this.os.prctl(PR_SET_PDEATHSIG, SIGTERM);
    }
    await this.os.signal(SIGTERM, this.funnel);
    await this.os.signal(SIGALRM, this.funnel);
  }

  /** `begin_teardown()`: the first line of every `finally`. */
  beginTeardown(): void {
    this.tearingDown = true;
  }

  /**
   * `_funnel_handler`: the first signal unwinds main into its `finally` (exit status 128 + signal).
   * Once tearing down, a further signal must not abort the cleanup the first one started (fixed:
   * logged and swallowed; before: raised again, out of the teardown).
   */
  private readonly funnel = (sig: number): void => {
    if (this.tearingDown && this.fixes.swallowSecondSignal) {
      this.swallowed++;
      return;
    }
    throw new SystemExit(128 + sig);
  };
}
