/**
 * Promise rejections a run's code left unhandled. Node ends the process on one (the default since
 * Node 15), so in a run it is a failure, like an actor's throw — and it must not end the explorer's
 * process instead, with the user's stack and no token.
 *
 * While a run is open the kit's listener stands in for the process's own `unhandledRejection`
 * listeners (Node's default crash, a test runner's report), and they are put back when no run is
 * open. Node reports a rejection only once the promise jobs run out, which a run's steps never let
 * happen, so a run ends with one real turn (about a microsecond and a half) in which Node reports
 * what its code left. A tracked run (real code: plain promises, two operations in flight) starts
 * each step in a macrotask of its own (`stepEnd.ts`), as each stands for the next I/O completion,
 * so Node reports a rejection left unhandled past a step, as a real process would past the reply it
 * awaited. Not reproduced: on the fast loop a run's steps are one unbroken chain of promise jobs,
 * so there a rejection handled late in the run is as handled as one handled at once (a fast run
 * awaits nothing but models, which leaves little room for that). Runs overlapping in one process
 * (`simTest.concurrent`) cannot be told apart here: a rejection goes to the run opened last. A
 * promise library's own report (Bluebird's) is not Node's, and ends nothing (see onRejection).
 */
import { types } from 'node:util';
import { userSite } from './promiseSites.js';
import { real } from './realTimers.js';
import { describe } from './runFailures.js';

type Listener = (...args: unknown[]) => void;

/** The open runs' buckets, innermost last: a rejection goes to the run opened last. */
const open: unknown[][] = [];

/**
 * Node's own report carries the native promise. A promise library that emits the event itself
 * (Bluebird's `process.emit('unhandledRejection', reason, itsPromise)`) does not end the process:
 * with nobody listening it prints a warning and the process goes on, so that is no failure either.
 */
function onRejection(reason: unknown, promise?: unknown): void {
  if (!types.isPromise(promise)) return;
  open.at(-1)?.push(reason);
}

/**
 * A rejection Node reported was handled later in the run: the run fails on the report already, so
 * Node's PromiseRejectionHandledWarning (printed when nobody listens) would only be noise.
 */
function onHandled(): void {}

/** The process events the kit answers while a run is open, with its listener for each. */
const STAND_INS = { unhandledRejection: onRejection, rejectionHandled: onHandled } as const;
type Event = keyof typeof STAND_INS;
/** The process's own listeners, put back when no run is open. */
let saved = new Map<Event, Listener[]>();

/** A rejection's reason with where it was thrown, when its stack names a user's frame. */
export function describeRejection(reason: unknown): string {
  const stack = reason instanceof Error ? reason.stack : undefined;
  const at = typeof stack === 'string' ? userSite(stack) : undefined;
  return `${describe(reason)}${at === undefined ? '' : ` (thrown at ${at})`}`;
}

export interface RejectionWatch {
  /** Lets Node report the rejections left so far (one real turn); returns them. */
  settle(): Promise<unknown[]>;
  close(): void;
}

export function watchRejections(): RejectionWatch {
  const bucket: unknown[] = [];
  if (open.length === 0) {
    for (const [event, standIn] of Object.entries(STAND_INS) as [Event, Listener][]) {
      saved.set(event, process.rawListeners(event) as Listener[]);
      process.removeAllListeners(event);
      process.on(event, standIn);
    }
  }
  open.push(bucket);
  let closed = false;
  return {
    async settle() {
      await real.turn();
      return bucket;
    },
    close() {
      if (closed) return;
      closed = true;
      open.splice(open.indexOf(bucket), 1);
      if (open.length > 0) return;
      for (const [event, standIn] of Object.entries(STAND_INS) as [Event, Listener][]) {
        process.removeListener(event, standIn);
        for (const l of saved.get(event) ?? []) process.on(event, l);
      }
      saved = new Map();
    },
  };
}
