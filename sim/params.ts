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
