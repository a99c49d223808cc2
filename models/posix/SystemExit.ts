/**
 * Python's `SystemExit` (what `sys.exit(status)` raises): it unwinds through `finally` blocks, and
 * when it leaves a process's main function the process exits with `status`. A signal handler that
 * raises it is how Python programs turn SIGTERM into an orderly teardown (exit status 128 + signal
 * by convention).
 */
export class SystemExit extends Error {
  constructor(readonly status: number) {
    super(`SystemExit(${status})`);
    this.name = 'SystemExit';
  }
}
