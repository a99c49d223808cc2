/**
 * A dfs configuration that exhausts, for every bundled row expected clean: a small pinned workload
 * and a preemption bound, so "no failure in any schedule up to the bound" is a proof, not a sample.
 * Keyed by scenario name; `scenarios/proofs.test.ts` runs them. A clean row without one says why.
 * The fenced double-wake world's proof over two wakes with one stall past the TTL (5,676 schedules
 * at bound 1) is in `double-wake/doubleWake.test.ts`; here the rows use the PR's two approvals.
 */
import type { ExploreOptions } from '../explore/options.js';
import { prExample } from './double-wake/workload.js';

export interface Proof {
  options: ExploreOptions;
}

/** Two runs, the second failing, the first cancelled (`before`: one run, cancelled, the before variant's tree is far wider). */
const submitRun = { fails: [false, true], cancel: 0, runs: 2 };
const submitRunBefore = { fails: [false, true], cancel: 0, runs: 1 };
/** One task reporting progress twice, cancelled after one yield. */
const eventTape = { tasks: 1, progress: 2, cancelAfter: 1 };
/** Two runs, a janitor, one kill. */
const janitor = { runs: 2, janitors: 1, signals: 0, kills: 1, parentDeaths: 0, orphan: false, timed: false };
/** One approval, no faults: with redelivery after 10 s the two-approval tree is beyond 20,000 schedules. */
const oneCall = { calls: 1, oldPrevious: false, stall: null, kill: null };

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
  'submit-run-before-completion': dfs(submitRunBefore, 1),
  'submit-run-before-no-torn-read': dfs(submitRunBefore, 1),
  'submit-run-after-completion': dfs(submitRun, 1),
  'submit-run-after-no-torn-read': dfs(submitRun, 1),
  'submit-run-locked-completion': dfs(submitRun, 1),
  'submit-run-locked-auto-approve': dfs(submitRun, 1),
  'submit-run-locked-no-torn-read': dfs(submitRun, 1),
  'submit-run-locked-cancel-is-final': dfs(submitRun, 1),
  'double-wake-before-progress': dfs(prExample, 1),
  'double-wake-after-progress': dfs(prExample, 1),
  'double-wake-fenced-exactly-once': dfs(prExample, 1),
  'double-wake-fenced-mutual-exclusion': dfs(prExample, 1),
  'double-wake-fenced-progress': dfs(prExample, 1),
  'double-wake-fenced-exactly-once_mutual-exclusion-visibility-10s': dfs(oneCall, 1),
  'double-wake-fenced-two-wakes-one-stall': dfs(undefined, 2),
};

/** Clean rows no dfs configuration can exhaust, and why. */
export const unprovable: Record<string, string> = {
  transfers: 'each of nine transfers draws its accounts and a delay (24 data choices each, 24^9 combinations), and the scenario has no params to make it smaller',
};
