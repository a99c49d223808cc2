/**
 * Workload params: drawn from the scenario's fast-check arbitrary with a seeded generator, kept with
 * their fast-check context so the shrinker can shrink them beside the schedule.
 */
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { UsageError } from './errors.js';
import type { Scenario } from './scenario.js';

export interface ParamsValue<P> {
  value: P;
  /** fast-check's shrink context; undefined for params that came from a token or the user. */
  context: unknown;
}

function seed32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h | 0;
}

/**
 * `check: false` skips the JSON round trip. An exploration checks its first draws (an arbitrary that
 * makes unserialisable values almost always does so at once) and every value it puts in a token;
 * checking all of them cost a few percent of a run.
 */
export function drawParams<W, P>(scenario: Scenario<W, P>, seed: string, check = true): ParamsValue<P> {
  if (!scenario.params) return { value: undefined as P, context: undefined };
  const v = scenario.params.generate(new fc.Random(xoroshiro128plus(seed32(seed))), undefined);
  if (check) assertSerialisable(scenario.name, v.value);
  return { value: v.value, context: v.context };
}

/** Params travel in replay tokens as JSON: refuse values that would not come back the same. */
export function assertSerialisable(scenario: string, value: unknown): void {
  if (value === undefined) return;
  let back: unknown;
  try {
    back = JSON.parse(JSON.stringify(value));
  } catch (e) {
    throw new UsageError(`scenario "${scenario}": params are not JSON-serialisable (${(e as Error).message})`, 'replay tokens carry params as JSON: use plain objects, arrays, strings, numbers and booleans');
  }
  if (!sameJson(value, back)) {
    throw new UsageError(`scenario "${scenario}": params do not survive a JSON round trip (undefined fields, NaN, Infinity, Dates or class instances?)`, 'replay tokens carry params as JSON: use plain objects, arrays, strings, numbers and booleans');
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return false;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a);
  if (proto !== null && proto !== Object.prototype && proto !== Array.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The most JSON text (characters) params may take in a token, and the deepest nesting. */
export const MAX_PARAMS_JSON = 65_536;
export const MAX_PARAMS_DEPTH = 64;

/** How deep the brackets of a JSON text nest (outside strings), without parsing it: no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

const FIT_PROBES = 20;
/** Per arbitrary: whether it recognises values it made (`canShrinkWithoutContext`); a `.map` without an unmapper does not. */
const judges = new WeakMap<object, boolean>();

function canJudge(arb: fc.Arbitrary<unknown>): boolean {
  let known = judges.get(arb);
  if (known === undefined) {
    const random = new fc.Random(xoroshiro128plus(0x17));
    known = true;
    for (let i = 0; i < FIT_PROBES && known; i++) {
      try {
        const v = arb.generate(random, undefined).value;
        known = arb.canShrinkWithoutContext(v === undefined ? v : JSON.parse(JSON.stringify(v)));
      } catch {
        known = false;
      }
    }
    judges.set(arb, known);
  }
  return known;
}

/**
 * Refuses params that did not come from this scenario's params arbitrary — from a token (typed,
 * edited, corrupted) or pinned by the caller — before `setup` sees them: a token carrying
 * `janitors: 1000000` must not build a million actors. The arbitrary judges the value
 * (`canShrinkWithoutContext`, which fast-check's records, integers, options, arrays and constants
 * implement exactly); one that cannot recognise even its own values (a `.map` without an unmapper)
 * is left to the size limits. A scenario without params takes none.
 */
export function checkParams(scenario: Scenario<unknown, unknown>, value: unknown, from = 'the token'): void {
  const hint =
    from === 'the token'
      ? 'replay a token explore printed for this scenario, unedited; or run explore again for a fresh one'
      : "pin params the scenario's params arbitrary can make (widen it to take these): a replay token carries them, and replay refuses params the arbitrary cannot make";
  if (value === undefined) {
    if (scenario.params && canJudge(scenario.params) && !scenario.params.canShrinkWithoutContext(undefined)) {
      throw new UsageError(`params do not fit this scenario: ${from} carries none, and "${scenario.name}" draws them from its params arbitrary`, hint);
    }
    return;
  }
  if (!scenario.params) throw new UsageError(`params do not fit this scenario: ${from} carries params, and "${scenario.name}" takes none`, hint);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || text.length > MAX_PARAMS_JSON || jsonDepth(text) > MAX_PARAMS_DEPTH) {
    throw new UsageError(`params do not fit this scenario: ${from}'s params are larger than ${MAX_PARAMS_JSON.toLocaleString('en-US')} characters of JSON or nested deeper than ${MAX_PARAMS_DEPTH}`, hint);
  }
  if (canJudge(scenario.params) && !scenario.params.canShrinkWithoutContext(value)) {
    const shown = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    throw new UsageError(`params do not fit this scenario: "${scenario.name}"'s params arbitrary cannot make ${shown}`, hint);
  }
}
