import { drawParams } from '../sim/params.js';
import { executeRun } from '../sim/execute.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { isSchedule } from './schedule.js';
import { randomStrategy } from './strategies/random.js';
import { listSource } from '../sim/listSource.js';

export interface RunOnceOptions<P> extends RunSettings {
  /** The schedule; past its end every choice is 0. Out-of-range choices are reduced mod n. */
  choices?: readonly number[];
  params?: P;
  /** Without choices: a uniformly random schedule from this seed (and params drawn from it). */
  seed?: number | string;
}

/**
 * Runs one schedule: the given choices, a random one from a seed, or the natural all-zeros run. A
 * `schedule()` value may be passed as the options: the run is recorded on it, for the report
 * fast-check prints of a counterexample.
 */
export async function runOnce<W, P>(scenario: Scenario<W, P>, options: RunOnceOptions<P> = {}): Promise<RunResult> {
  const seed = options.seed === undefined ? undefined : String(options.seed);
  const params = options.params !== undefined ? options.params : drawParams(scenario, `${seed ?? '0'}/params/0`).value;
  const source = options.choices ? listSource(options.choices) : seed !== undefined ? randomStrategy(seed).next()!.source : listSource([]);
  const settings = { maxSteps: options.maxSteps, externalTimeoutMs: options.externalTimeoutMs, leakCheck: options.leakCheck };
  const r = await executeRun(scenario, params, { ...settings, source });
  if (isSchedule(options)) options.record(scenario.name, r, settings);
  return r;
}
