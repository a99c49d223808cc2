/**
 * Schedules to first failure for case A's bugs: median (and max) over 20 explore seeds per strategy.
 * A measurement script, not a test: `npx tsx scenarios/submit-run/measure.ts`.
 */
import { explore } from '../../explore/explore.js';
import { entries } from './index.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log('| variant | property | strategy | found (of 20) | median | max |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of entries.filter((e) => e.expect === 'fails')) {
  for (const strategy of ['random', 'pct', 'portfolio'] as const) {
    const found: number[] = [];
    for (const seed of SEEDS) {
      const r = await explore(row.scenario, { strategy, seed, runs: 10_000, shrink: false });
      if (!r.ok) found.push(r.failure!.firstFoundAt);
    }
    console.log(`| ${row.variant} | ${row.property.split(':')[0]} | ${strategy} | ${found.length} | ${found.length ? median(found) : '-'} | ${found.length ? Math.max(...found) : '-'} |`);
  }
}
