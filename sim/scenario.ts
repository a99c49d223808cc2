import type * as fc from 'fast-check';
import { UsageError } from './errors.js';
import type { Sim } from './sim.js';

/** A scenario: how to build a fresh world each run, and what must hold of it. */
export interface ScenarioSpec<W, P = void> {
  /** Unique name; it is carried in replay tokens, so it may not contain dots or spaces. */
  name: string;
  /** Workload parameters, generated per run and shrunk with the schedule. Must be JSON-serialisable. */
  params?: fc.Arbitrary<P>;
  /** Builds a fresh world and spawns the actors. Runs once per schedule. */
  setup(sim: Sim, params: P): W | Promise<W>;
  /** Checked after every step; throw to fail. Read model state through plain getters only. */
  invariant?(world: W, sim: Sim): void;
  /** Checked once all actors have finished; throw to fail. The home of history properties. */
  check?(world: W, sim: Sim): void | Promise<void>;
}

export interface Scenario<W = unknown, P = void> extends ScenarioSpec<W, P> {
  readonly kind: 'interleave.scenario';
  /**
   * The files (absolute, nearest first) whose code called `defineScenario` — and the callers of a
   * factory that did — as the stack says: replay commands name the first that exports it.
   */
  readonly modules?: readonly string[] | undefined;
}

/** The files of the frames above defineScenario, distinct, nearest first. */
function callerFiles(): string[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 6;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const files: string[] = [];
  for (const frame of stack.split('\n').slice(3)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(frame.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? decodeURIComponent(m[1]!.slice(7)) : m[1]!;
    if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** What a scenario may be called: it travels inside replay tokens (no dots, spaces or control characters). */
export const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9_:/-]*$/;
const NAME = SCENARIO_NAME;

/** Declares a scenario. Validates eagerly so mistakes surface at definition, not mid-exploration. */
export function defineScenario<W, P = void>(spec: ScenarioSpec<W, P>): Scenario<W, P> {
  if (spec === null || typeof spec !== 'object') throw new UsageError('defineScenario needs an object { name, setup, … }');
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) {
    throw new UsageError(
      `defineScenario: invalid name ${JSON.stringify(spec.name)}`,
      'use letters, digits and - _ : / (no dots or spaces): the name travels inside replay tokens',
    );
  }
  if (typeof spec.setup !== 'function') throw new UsageError(`defineScenario("${spec.name}"): setup must be a function`);
  for (const k of ['invariant', 'check'] as const) {
    if (spec[k] !== undefined && typeof spec[k] !== 'function') throw new UsageError(`defineScenario("${spec.name}"): ${k} must be a function`);
  }
  if (spec.invariant?.constructor.name === 'AsyncFunction') {
    throw new UsageError(
      `defineScenario("${spec.name}"): invariant is an async function`,
      'an invariant runs synchronously after every step (its promise would never be awaited): make it a plain function that reads model state through plain getters, and put async checks in check(world)',
    );
  }
  return { ...spec, kind: 'interleave.scenario', modules: callerFiles() };
}

export function isScenario(x: unknown): x is Scenario<unknown, unknown> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'interleave.scenario';
}

/**
 * The scenarios a module exports (named or default, single or in an array, or as `{ scenario }`), in
 * export order. One scenario exported twice (named and default) is one; two different scenarios of
 * one name are a mistake a token could not tell apart: with `where` (how the user named the module),
 * refused with a UsageError; without, the first is kept.
 */
export function scenariosOf(mod: Record<string, unknown>, where?: string): Scenario<unknown, unknown>[] {
  const found: Scenario<unknown, unknown>[] = [];
  for (const value of Object.values(mod)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const s = isScenario(v) ? v : isScenario((v as { scenario?: unknown } | null)?.scenario) ? (v as { scenario: Scenario<unknown, unknown> }).scenario : undefined;
      if (!s) continue;
      const same = found.find((f) => f.name === s.name);
      if (same === undefined) found.push(s);
      else if (where !== undefined && same !== s && !(same.setup === s.setup && same.params === s.params && same.invariant === s.invariant && same.check === s.check)) {
        throw new UsageError(`${where} exports two different scenarios named "${s.name}"`, 'give each scenario a name of its own: a replay token names the scenario it replays');
      }
    }
  }
  return found;
}
