import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface CompleteOnReturnOptions {
  /** Kind of the event logged when the awaited result is handed back (default `future.returned`). */
  kind?: string;
  /** Statuses that count as finished. */
  terminal: readonly string[];
  /** Status of the record, from the event (default `data.status`). */
  status?: (e: SimEvent) => unknown;
  /** Whether the record carries its outcome (default `data.hasResult || data.hasError`). */
  complete?: (e: SimEvent) => boolean;
}

/**
 * Completion: when a future (a promise, a join) hands its result back, the record it reports on is
 * already complete — terminal status and outcome set. The race it catches: the work "finishes" and
 * the waiter resumes before the bookkeeping that says so has landed (recce's submit_run before PR
 * #1342). Checks every `kind` event; throws {@link PropertyViolation} with the first incomplete one.
 */
export function completeOnReturn(events: readonly SimEvent[], options: CompleteOnReturnOptions): void {
  const kind = options.kind ?? 'future.returned';
  const terminal = new Set(options.terminal);
  const status = options.status ?? ((e: SimEvent) => (e.data as { status?: unknown } | undefined)?.status);
  const complete =
    options.complete ??
    ((e: SimEvent) => {
      const d = e.data as { hasResult?: boolean; hasError?: boolean } | undefined;
      return d?.hasResult === true || d?.hasError === true;
    });
  for (const e of events) {
    if (e.kind !== kind) continue;
    const s = status(e);
    if (!terminal.has(s as string)) {
      throw new PropertyViolation('completeOnReturn', `the future returned while the status was ${JSON.stringify(s)}, not one of ${[...terminal].join('/')}:`, [e]);
    }
    if (!complete(e)) throw new PropertyViolation('completeOnReturn', 'the future returned before the outcome (result or error) was recorded:', [e]);
  }
}
