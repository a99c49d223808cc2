/**
 * Errors that are part of interleave's interface. Each one says what happened and what to do next.
 */

/** Base class of every error the kit raises on purpose; `hint` is the next step for the user. */
export class InterleaveError extends Error {
  /** What happened, without the hint (the message is both). */
  readonly what: string;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(hint ? `${message} — ${hint}` : message);
    this.what = message;
    this.name = 'InterleaveError';
  }
}

/** Misuse of the API (bad option, model used outside a run, unlock by a non-owner, …). */
export class UsageError extends InterleaveError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'UsageError';
  }
}

/**
 * Real time ran out on a call the run made (`sim.external`, an adapter call of a contract suite):
 * the code hangs. A run that met one is a verdict as it is — not verified on the other loop, not
 * shrunk — since every re-run would wait out the same deadline again.
 */
export class HangError extends UsageError {
  readonly hang = true;
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'HangError';
  }
}

/** A {@link HangError}, or an error of a layer above that says it stands for one (`hang: true`). */
export function isHang(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { hang?: unknown }).hang === true;
}

/** A replay token that does not fit: malformed, for another scenario, or recorded against other code. */
export class StaleReplayError extends InterleaveError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'StaleReplayError';
  }
}

/**
 * Delivered at an actor's next scheduling point after `actor.cancel()` — Python's
 * `asyncio.CancelledError`. An actor that lets it escape ends as cancelled, which is not a failure.
 */
export class CancelledError extends Error {
  readonly reason: unknown;
  constructor(reason?: unknown) {
    // No stack: a cancel is delivered by the scheduler, not thrown by the code where it lands, and
    // the trace already says where. Capturing one cost a tenth of a cancel-heavy exploration.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason === undefined ? 'cancelled' : `cancelled: ${String(reason)}`);
    Error.stackTraceLimit = limit;
    this.reason = reason;
    this.name = 'CancelledError';
  }
}

/** Raised by `join()` on an actor that was killed (SIGKILL semantics: it never finished). */
export class ActorKilledError extends Error {
  constructor(readonly actor: string) {
    super(`actor "${actor}" was killed`);
    this.name = 'ActorKilledError';
  }
}

/** An invariant that returned a promise: refused, since it runs synchronously after every step. */
export class AsyncInvariantError extends UsageError {
  constructor() {
    super('the invariant returned a promise', 'an invariant runs synchronously after every step: read model state through plain getters, and put async checks in check(world)');
  }
}
