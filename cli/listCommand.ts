/** `interleave list`: the scenarios `explore` and `replay` know — bundled, or a `--file`'s. */
import type { Io } from './io.js';
import { allScenarios } from './scenarioSource.js';

export async function listCommand(flags: { file?: string; json?: boolean }, io: Io): Promise<number> {
  const all = await allScenarios(flags.file);
  const rows = all.map(({ scenario, entry }) => ({ scenario: scenario.name, case: entry?.case ?? '', variant: entry?.variant ?? '', expect: entry?.expect ?? '', property: entry?.property ?? '' }));
  if (flags.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const head = { scenario: 'scenario', case: 'case', variant: 'variant', expect: 'expect', property: 'property' };
  const keys = Object.keys(head) as (keyof typeof head)[];
  const widths = keys.map((k) => Math.max(...[head, ...rows].map((r) => r[k].length)));
  const line = (r: typeof head) => keys.map((k, i) => r[k].padEnd(widths[i]!)).join('  ').trimEnd();
  io.out([line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
  io.out(`\n${rows.length} scenario${rows.length === 1 ? '' : 's'}${flags.file ? ` in ${flags.file}` : ''}. Explore one: interleave explore <scenario>${flags.file ? ` --file ${flags.file}` : ''}`);
  return 0;
}
