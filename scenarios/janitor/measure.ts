/**
 * Schedules to first failure for case C's `before` bugs, per strategy, median over seeds (docs/architecture.md,
 * "Performance" "bug-finding"). A script, not a test: `npx tsx scenarios/janitor/measure.ts [seeds] [budget]`.
 */
import { explore } from '../../explore/explore.js';
import { janitorScenario, PROPERTIES } from './scenario.js';

const seeds = Number(process.argv[2] ?? 20);
const budget = Number(process.argv[3] ?? 1000);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  console.log(`case C before: schedules to first failure, median over ${seeds} seeds (budget ${budget}; a miss counts as ${budget + 1})`);
  console.log('property              random  pct  portfolio   (misses r/p/f)');
  for (const property of PROPERTIES) {
    const cells: string[] = [];
    const misses: number[] = [];
    for (const strategy of ['random', 'pct', 'portfolio'] as const) {
      const found: number[] = [];
      let miss = 0;
      for (let seed = 1; seed <= seeds; seed++) {
        const r = await explore(janitorScenario('before', property), { strategy, runs: budget, seed, shrink: false });
        if (r.failure) found.push(r.failure.firstFoundAt);
        else {
          miss++;
          found.push(budget + 1);
        }
      }
      cells.push(String(median(found)).padStart(strategy === 'portfolio' ? 9 : strategy.length));
      misses.push(miss);
    }
    console.log(`${property.padEnd(20)}  ${cells.join('  ')}   (${misses.join('/')})`);
  }
}

void main();
