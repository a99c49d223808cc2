import type { Scenario } from '../../sim/scenario.js';

/**
 * One program of the bug-finding benchmark (bench/bugFinding.bench.ts): a classic concurrency bug,
 * written for this kit after the programs of SCTBench's concurrent-software set (Thomson, Donaldson
 * & Betts, 2016) and the textbooks, with the fixed variant where there is one. Every `buggy`
 * scenario fails under some schedule; every `correct` one passes under all of them.
 */
export interface BenchProgram {
  /** The benchmark's row name (SCTBench's where the program follows one of theirs). */
  name: string;
  /** What goes wrong, in one line. */
  bug: string;
  buggy: Scenario<unknown, void>;
  correct?: Scenario<unknown, void>;
}

/** Throws when `ok` is false: the benchmark programs' `assert`. */
export function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
