import type { RegistryEntry } from '../entry.js';
import { doubleWake } from './doubleWake.js';
import { twoWakesOneStall } from './twoWakes.js';
import { oldPrevious } from './workload.js';

/**
 * Case D, double-wake (seed 003): per variant × property, with the budgets of the case's acceptance
 * figures. `before` has no lease, so mutual exclusion has nothing to check there. The `turn-step`
 * queue has no visibility timeout unless the row says so: the seed states none, and the PR's race is
 * two approvals on a live queue; the rows with a 10 s timeout show the redelivery path on its own.
 */
export const entries: RegistryEntry[] = [
  { scenario: doubleWake('before', ['exactly-once']), case: 'D', variant: 'before', property: 'exactly once', expect: 'fails', options: { runs: 100 } },
  { scenario: doubleWake('before', ['progress']), case: 'D', variant: 'before', property: 'progress (no silent drop)', expect: 'passes', options: { runs: 2000 } },
  { scenario: doubleWake('before', ['exactly-once'], { visibilityTimeoutMs: 10_000 }), case: 'D', variant: 'before (queue with a 10 s visibility timeout)', property: 'exactly once', expect: 'fails', options: { runs: 100 } },
  { scenario: doubleWake('after', ['exactly-once']), case: 'D', variant: 'after', property: 'exactly once', expect: 'fails', options: { runs: 5000 } },
  { scenario: doubleWake('after', ['mutual-exclusion']), case: 'D', variant: 'after (previous transition older than the TTL)', property: 'mutual exclusion', expect: 'fails', options: { runs: 5000, params: oldPrevious } },
  { scenario: doubleWake('after', ['progress']), case: 'D', variant: 'after', property: 'progress (no silent drop)', expect: 'passes', options: { runs: 2000 } },
  { scenario: doubleWake('fenced', ['exactly-once']), case: 'D', variant: 'fenced', property: 'exactly once', expect: 'passes', options: { runs: 10_000 } },
  { scenario: doubleWake('fenced', ['mutual-exclusion']), case: 'D', variant: 'fenced', property: 'mutual exclusion', expect: 'passes', options: { runs: 10_000 } },
  { scenario: doubleWake('fenced', ['progress']), case: 'D', variant: 'fenced', property: 'progress (no silent drop)', expect: 'passes', options: { runs: 10_000 } },
  { scenario: doubleWake('fenced', ['exactly-once', 'mutual-exclusion'], { visibilityTimeoutMs: 10_000 }), case: 'D', variant: 'fenced (queue with a 10 s visibility timeout)', property: 'exactly once and mutual exclusion', expect: 'passes', options: { runs: 10_000 } },
  { scenario: twoWakesOneStall('fenced'), case: 'D', variant: 'fenced, two wakes one stall', property: 'all three (dfs)', expect: 'passes', options: { strategy: 'dfs', runs: 100_000, preemptionBound: 2 } },
  { scenario: twoWakesOneStall('after'), case: 'D', variant: 'after, two wakes one stall', property: 'exactly once (dfs)', expect: 'fails', options: { strategy: 'dfs', runs: 1000 } },
];
