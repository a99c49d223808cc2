/**
 * Runs one schedule of a scenario, fast when it can and tracked when it must (see `run.ts`). A
 * scenario starts out fast; the first run that meets something only a tracked run can judge stops
 * and is run again tracked, and from then on every run of that scenario in this process is tracked.
 * The tracked re-run replays the choices the fast attempt drew (and swallows the step reports its
 * source already had), so the source sees one run: the same campaign, either way.
 *
 * A tracked run that deadlocks with an actor waiting on a plain promise is run once more with
 * promise creation sites recorded, for a message that says where that promise came from.
 */
import type { ChoiceSource } from './choices.js';
import { Run, type RunConfig, type RunResult, type RunSettings } from './run.js';
import type { Scenario } from './scenario.js';
import { listSource } from './listSource.js';
import { real } from './realTimers.js';

const trackedScenarios = new WeakSet<object>();

/** Whether runs of this scenario go straight to tracking (it needed it once). */
export function isTracked(scenario: object): boolean {
  return trackedScenarios.has(scenario);
}

/**
 * The source of a re-run: the answers the fast attempt got, then the source itself. The attempt's
 * forced-step and step reports already reached the source; the re-run's first ones are swallowed.
 */
function continuing(inner: ChoiceSource, fast: RunResult): ChoiceSource {
  const answers = fast.choices;
  const log = fast.sourceLog ?? { forced: 0, stepReports: 0 };
  let i = 0;
  let forced = 0;
  let reports = 0;
  return {
    get wantsFootprints() {
      return inner.wantsFootprints === true;
    },
    choose: (p) => (i < answers.length ? answers[i++]! : inner.choose(p)),
    onStep: (fp, actor, blocking, disabled) => {
      if (reports < log.stepReports) reports++;
      else inner.onStep?.(fp, actor, blocking, disabled);
    },
    onForced: (actor) => {
      if (forced < log.forced) {
        forced++;
        return undefined;
      }
      return inner.onForced?.(actor);
    },
  };
}

export interface ExecuteOptions {
  /**
   * If the run is fast, run the same choices tracked too and keep the tracked result when the two
   * differ (the scenario then stays tracked). The fast loop is exact for code whose hand-offs go
   * through models; a chain of plain awaits started and left running by a step (fire-and-forget)
   * outlives the step only on the fast loop, and nothing cheap can see it there. explore verifies
   * its first schedule and every failure, `selfCheck` every schedule, replay and token minting the
   * schedule they run. `'failures'`: only a run that failed. A run that hung (`HangError`) is
   * never run again: the other loop would wait the same deadline out.
   */
  verify?: boolean | 'failures';
}

function sameRun(a: RunResult, b: RunResult): boolean {
  return a.trace.fingerprint === b.trace.fingerprint && a.failure?.message === b.failure?.message && a.choices.length === b.choices.length;
}

function goTracked(scenario: object, why: string): void {
  if (process.env.INTERLEAVE_DEBUG) console.error(`interleave: ${(scenario as { name?: string }).name} runs tracked from now on: ${why}`);
  trackedScenarios.add(scenario);
}

export async function executeRun<W, P>(scenario: Scenario<W, P>, params: P, config: RunConfig, options: ExecuteOptions = {}): Promise<RunResult> {
  let source = config.source;
  if (!config.tracked && !trackedScenarios.has(scenario)) {
    const fast = await new Run(config).execute(scenario, params);
    if (fast.escalate === undefined) {
      if (!options.verify || fast.abandoned || fast.hung || (options.verify === 'failures' && fast.ok)) return fast;
      const tracked = await trackedRun(scenario, params, { ...config, source: listSource(fast.choices) });
      if (sameRun(fast, tracked)) return fast;
      goTracked(scenario, 'a fast run and a tracked run of the same choices differ');
      return tracked;
    }
    goTracked(scenario, fast.escalate);
    source = continuing(source, fast);
    // The fast run stopped mid-step: work its code queued for the next turn (a library's own
    // setImmediate, such as Bluebird's queue drain) is still pending, and a library that drains one
    // queue for all its callers would not queue another for the tracked run, which then waits on it
    // as on a promise nothing settles. One real turn lets it run first, outside any run.
    await real.turn();
  }
  return trackedRun(scenario, params, { ...config, source });
}

async function trackedRun<W, P>(scenario: Scenario<W, P>, params: P, config: RunConfig): Promise<RunResult> {
  const r = await new Run({ ...config, tracked: true }).execute(scenario, params);
  if (r.hung || r.failure?.kind !== 'deadlock' || !/waits on a promise/.test(r.failure.message)) return r;
  const again = await new Run({ ...config, source: listSource(r.choices), strict: true, tracked: true, diagnose: true }).execute(scenario, params);
  if (again.failure?.kind === 'deadlock' && again.trace.fingerprint === r.trace.fingerprint) r.failure = again.failure;
  return r;
}

/** One schedule from `source`; `verify` as in {@link ExecuteOptions}. */
export function runSource<W, P>(scenario: Scenario<W, P>, params: P, source: ChoiceSource, settings: RunSettings, strict = false, verify = false): Promise<RunResult> {
  return executeRun(scenario, params, { ...settings, source, strict }, { verify });
}

/** One schedule from a recorded choice list; `verify` also runs it tracked when it ran fast, for runs whose trace is kept. */
export function runChoices<W, P>(scenario: Scenario<W, P>, params: P, choices: readonly number[], settings: RunSettings, strict = false, verify = false): Promise<RunResult> {
  return runSource(scenario, params, listSource(choices), settings, strict, verify);
}
