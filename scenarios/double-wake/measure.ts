/**
 * Schedules to first failure per bug and strategy, median (and worst) over 20 seeds — the bug-finding
 * figure of docs/architecture.md, "Performance" for case D and the DurableQueue/Lease headline races. A script, not a
 * test: `npx tsx scenarios/double-wake/measure.ts`.
 */
import { explore } from '../../explore/explore.js';
import type { Scenario } from '../../sim/scenario.js';
import { duplicateDelivery } from '../durable/duplicateDelivery.js';
import { stolenLease } from '../durable/stolenLease.js';
import { doubleWake } from './doubleWake.js';
import { oldPrevious, prExample } from './workload.js';

const SEEDS = 20;
const BUDGET = 5000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bugs: [string, Scenario<any, any>, object][] = [
  ['D before: exactly once (drawn workloads)', doubleWake('before', ['exactly-once']), {}],
  ['D before: exactly once (the PR\'s two parallel approvals)', doubleWake('before', ['exactly-once']), { params: prExample }],
  ['D after: mutual exclusion (previous transition > TTL)', doubleWake('after', ['mutual-exclusion']), { params: oldPrevious }],
  ['D after: mutual exclusion (drawn workloads)', doubleWake('after', ['mutual-exclusion']), {}],
  ['D after: exactly once (drawn workloads)', doubleWake('after', ['exactly-once']), {}],
  ['DurableQueue: duplicate delivery', duplicateDelivery, {}],
  ['Lease: stolen lease, stale write', stolenLease, {}],
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`| bug | random | pct | portfolio |\n| --- | --- | --- | --- |`);
for (const [name, scenario, extra] of bugs) {
  const cells: string[] = [];
  for (const strategy of ['random', 'pct', 'portfolio'] as const) {
    const found: number[] = [];
    let missed = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = await explore(scenario, { strategy, seed, runs: BUDGET, shrink: false, ...extra });
      if (r.failure) found.push(r.failure.firstFoundAt);
      else missed++;
    }
    cells.push(found.length ? `${median(found)} (max ${Math.max(...found)}${missed ? `, ${missed} missed` : ''})` : `not found in ${BUDGET}`);
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
