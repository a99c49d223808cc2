/**
 * A dfs configuration that exhausts, for every bundled row expected clean: a small pinned workload
 * and a preemption bound, so "no failure in any schedule up to the bound" is a proof, not a sample.
 * Keyed by scenario name; `scenarios/proofs.test.ts` runs them. A clean row without one says why.
 */
import type { ExploreOptions } from '../explore/options.js';
import { prExample, twoWakesOneStall } from './double-wake/workload.js';

export interface Proof {
  options: ExploreOptions;
}

const submitRun = { fails: [false, true], cancel: 0, runs: 2 };
const eventTape = { tasks: 2, progress: 1, cancelAfter: null };
const janitor = { runs: 2, janitors: 1, signals: 0, kills: 1, parentDeaths: 0, orphan: false, timed: false };

const dfs = (params: unknown, preemptionBound: number | undefined, runs = 20_000): Proof => ({ options: { strategy: 'dfs', runs, ...(params !== undefined ? { params } : {}), ...(preemptionBound !== undefined ? { preemptionBound } : {}) } });

export const proofs: Record<string, Proof> = {
  'event-tape:before:tape-matches-row': dfs(eventTape, 1),
  'event-tape:before:no-strand:restart': dfs(eventTape, 1),
  'event-tape:after:final-is-last': dfs(eventTape, 1),
  'event-tape:after:tape-matches-row': dfs(eventTape, 1),
  'event-tape:after:no-strand:restart': dfs(eventTape, 1),
  'lost-wakeup-while': dfs(undefined, undefined),
  'kv-update-atomic': dfs(undefined, undefined),
  'kv-update-kvstore': dfs(undefined, undefined),
  'janitor-after-one-holder': dfs(janitor, 1),
  'janitor-after-cleanup-completes': dfs(janitor, 1),
  'janitor-after-no-orphan-runner': dfs(janitor, 1),
  'janitor-after-lock-outlives-scope': dfs(janitor, 1),
  'janitor-after-janitor-safety': dfs(janitor, 1),
  'submit-run-before-completion': dfs(submitRun, 1),
  'submit-run-before-no-torn-read': dfs(submitRun, 1),
  'submit-run-after-completion': dfs(submitRun, 1),
  'submit-run-after-no-torn-read': dfs(submitRun, 1),
  'submit-run-locked-completion': dfs(submitRun, 1),
  'submit-run-locked-auto-approve': dfs(submitRun, 1),
  'submit-run-locked-no-torn-read': dfs(submitRun, 1),
  'submit-run-locked-cancel-is-final': dfs(submitRun, 1),
  'double-wake-before-progress': dfs(prExample, 1),
  'double-wake-after-progress': dfs(prExample, 1),
  'double-wake-fenced-exactly-once': dfs(twoWakesOneStall, 1),
  'double-wake-fenced-mutual-exclusion': dfs(twoWakesOneStall, 1),
  'double-wake-fenced-progress': dfs(twoWakesOneStall, 1),
  'double-wake-fenced-exactly-once_mutual-exclusion-visibility-10s': dfs(prExample, 1),
  'double-wake-fenced-two-wakes-one-stall': dfs(undefined, 2),
};

/** Clean rows no dfs configuration can exhaust, and why. */
export const unprovable: Record<string, string> = {
  transfers: 'each of nine transfers draws its accounts and a delay (24 data choices each, 24^9 combinations), and the scenario has no params to make it smaller',
};
