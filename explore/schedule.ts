/**
 * `schedule()`: the schedule as a fast-check arbitrary, for hand-written properties —
 * `fc.asyncProperty(schedule(), async (s) => (await runOnce(scenario, s)).ok)`.
 *
 * Choices are small naturals (each is reduced mod the options it meets, so larger ones add nothing
 * but slower shrinking) in a list fast-check shrinks toward zeros and fewer elements: fewer context
 * switches and steps. `runOnce` records on the schedule what the run did, so fast-check's
 * counterexample prints the choices as the run took them, its minimal timeline and a replay token.
 */
import fc from 'fast-check';
import { render } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import type { RunResult } from '../sim/run.js';
import { encodeToken, tokenSettings } from './token.js';

/** The largest choice drawn: more options than this at one choice point are reached by the wrap. */
const MAX_CHOICE = 15;
/** The longest choice list drawn; past its end every choice is 0 (no further switch). */
const MAX_LENGTH = 200;

interface Ran {
  scenario: string;
  result: RunResult;
  settings: { maxSteps?: number | undefined; leakCheck?: boolean | undefined };
}

/** A schedule for hand-written fast-check properties: pass it to `runOnce` as its options. */
export class Schedule {
  /** What the last run of this schedule did (set by `runOnce`). */
  private ran: Ran | undefined;
  constructor(readonly choices: number[]) {}

  /** Called by `runOnce` with the run it made of this schedule. */
  record(scenario: string, result: RunResult, settings: Ran['settings']): void {
    this.ran = { scenario, result, settings };
  }

  /** The replay token of the last run, when there was one and its params survive JSON. */
  get token(): string | undefined {
    const r = this.ran;
    if (r === undefined) return undefined;
    try {
      return encodeToken({ scenario: r.scenario, params: r.result.params, choices: r.result.choices, fingerprint: r.result.trace.fingerprint, settings: tokenSettings(r.settings) });
    } catch {
      return undefined;
    }
  }

  [fc.toStringMethod](): string {
    const r = this.ran;
    if (r === undefined) return `schedule(${JSON.stringify(this.choices)})`;
    const token = this.token;
    const view = reviewView(r.scenario, r.result, token ?? '', r.result.params);
    return `schedule(${JSON.stringify(r.result.choices)}) — as the run took it:\n${render(token === undefined ? { ...view, token: undefined } : view, 'text')}`;
  }
}

export function isSchedule(x: unknown): x is Schedule {
  return x instanceof Schedule;
}

export function schedule(): fc.Arbitrary<Schedule> {
  return fc.array(fc.nat({ max: MAX_CHOICE }), { maxLength: MAX_LENGTH }).map(
    (choices) => new Schedule(choices),
    (v) => {
      if (!(v instanceof Schedule)) throw new Error('not a schedule');
      return v.choices;
    },
  );
}
