/**
 * The replay strategy: reads a recorded choice list; past its end every choice is 0 (the
 * non-preemptive continuation). `replay()`, `runOnce({ choices })` and the shrinker use it.
 */
import type { ChoiceSource } from './choices.js';

export function listSource(choices: readonly number[]): ChoiceSource {
  let i = 0;
  return { choose: () => choices[i++] ?? 0 };
}
