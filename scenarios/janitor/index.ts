import type { RegistryEntry } from '../entry.js';
import { BUG_OF, janitorScenario, PROPERTIES } from './scenario.js';
import { ONE_BUG } from './variant.js';

const WORDS: Record<(typeof PROPERTIES)[number], string> = {
  'one-holder': '1. one holder per domain',
  'cleanup-completes': '2. cleanup completes',
  'no-orphan-runner': '3. no orphan runner',
  'lock-outlives-scope': "4. lock outlives its holder's scope",
  'janitor-safety': '5. janitor safety',
};

/**
 * Case C rows: `before` × properties 1–5 (1–4 must be found within the case's 1,000 schedules; 5 is
 * broken by the same missing identity check) and `after` × properties 1–5 (clean over the case's
 * 10,000-schedule budget, SIGKILL and cancel faults and two janitors included). With all four bugs
 * present the shrinker reports whichever repro is smallest; the `before-only-*` rows have exactly one
 * fix missing, so each property's repro is the bug the reviewer's ledger describes.
 */
export const entries: RegistryEntry[] = [
  ...PROPERTIES.map((p): RegistryEntry => ({ scenario: janitorScenario('before', p), case: 'C', variant: 'before', property: WORDS[p], expect: 'fails', options: { runs: 1000 } })),
  ...PROPERTIES.map((p): RegistryEntry => ({ scenario: janitorScenario(ONE_BUG[BUG_OF[p]], p), case: 'C', variant: ONE_BUG[BUG_OF[p]].name, property: WORDS[p], expect: 'fails', options: { runs: 10_000 } })),
  ...PROPERTIES.map((p): RegistryEntry => ({ scenario: janitorScenario('after', p), case: 'C', variant: 'after', property: WORDS[p], expect: 'passes', options: { runs: 10_000 } })),
];
