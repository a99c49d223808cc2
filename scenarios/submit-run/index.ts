import type { RegistryEntry } from '../entry.js';
import type { Variant } from './RunRegistry.js';
import { submitRun, type SubmitRunProperty } from './submitRun.js';

const PROPERTY: Record<SubmitRunProperty, string> = {
  completion: 'completion: when `await future` returns, the run is terminal and its result/error is set',
  'auto-approve': 'auto-approve: a run that succeeded without cancellation ends approved and exported; a failed or cancelled one does not',
  'no-torn-read': 'no torn read: no reader on the loop observes a result while the status is RUNNING',
  'cancel-is-final': 'cancel is final: once cancel_run stored CANCELLED, the status never becomes FINISHED or FAILED',
};

function row(variant: Variant, property: SubmitRunProperty, expect: 'fails' | 'passes', runs: number): RegistryEntry {
  return { scenario: submitRun(variant, property), case: 'A', variant, property: PROPERTY[property], expect, options: { runs } };
}

/** Case A — submit-run: a future that resolves before the result is recorded (recce PR #1342). */
export const entries: RegistryEntry[] = [
  // The PR's code: update_run_result has no await, so CPython's FIFO loop runs it whole before the
  // tool resumes — completion and torn read hold; the unconditional FINISHED breaks cancel-is-final
  // (and, through it, auto-approve of a run cancelled before the decision).
  row('before', 'completion', 'passes', 10_000),
  row('before', 'auto-approve', 'fails', 200),
  row('before', 'no-torn-read', 'passes', 10_000),
  row('before', 'cancel-is-final', 'fails', 200),
  // The race the PR describes: the same coroutine with one await before its writes.
  row('before-awaiting', 'completion', 'fails', 200),
  row('before-awaiting', 'auto-approve', 'fails', 200),
  row('before-awaiting', 'no-torn-read', 'fails', 200),
  row('before-awaiting', 'cancel-is-final', 'fails', 200),
  // The PR's fix: 1 and 3 hold; the admitted check-then-assign window breaks 4 within 2,000 — and 2
  // with it: cancel_run only flags recce's task, so the tool reads the overwritten FINISHED and approves.
  row('after', 'completion', 'passes', 10_000),
  row('after', 'auto-approve', 'fails', 2_000),
  row('after', 'no-torn-read', 'passes', 10_000),
  row('after', 'cancel-is-final', 'fails', 2_000),
  // Status transitions under the lock cancel_run shares: clean over 10,000 schedules per property.
  row('locked', 'completion', 'passes', 10_000),
  row('locked', 'auto-approve', 'passes', 10_000),
  row('locked', 'no-torn-read', 'passes', 10_000),
  row('locked', 'cancel-is-final', 'passes', 10_000),
];
