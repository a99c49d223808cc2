/** Reads a recorded choice list; past its end every choice is 0 (the non-preemptive continuation). */
import type { ChoiceSource } from '../choices.js';
import type { Strategy } from './strategy.js';

export function listSource(choices: readonly number[]): ChoiceSource & { consumed(): number } {
  let i = 0;
  return {
    choose: () => choices[i++] ?? 0,
    consumed: () => Math.min(i, choices.length),
  };
}

export function replayStrategy(choices: readonly number[]): Strategy {
  let used = false;
  return {
    name: 'replay',
    next() {
      if (used) return undefined;
      used = true;
      return { source: listSource(choices), strategy: 'replay', fixedParams: true };
    },
    done() {},
  };
}
