/** `interleave list`: the scenarios `explore` and `replay` know — bundled, or a `--file`'s. */
import type { Io } from './io.js';
import { allScenarios } from './scenarioSource.js';
import { widthOf } from './terminalWidth.js';
import { type Column, textTable } from './textTable.js';

/** Heads are the row keys; a narrow terminal cuts property first, then scenario names. */
const COLUMNS: Column[] = [{ head: 'scenario', min: 16 }, { head: 'case', min: 4 }, { head: 'variant', min: 7 }, { head: 'expect' }, { head: 'property', min: 12 }];

export async function listCommand(flags: { file?: string; json?: boolean }, io: Io): Promise<number> {
  const all = await allScenarios(flags.file);
  const rows = all.map(({ scenario, entry }) => ({ scenario: scenario.name, case: entry?.case ?? '', variant: entry?.variant ?? '', expect: entry?.expect ?? '', property: entry?.property ?? '' }));
  if (flags.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const cells = rows.map((r) => COLUMNS.map((c) => r[c.head as keyof (typeof rows)[number]]));
  io.out(textTable(COLUMNS, cells, widthOf(io)).join('\n'));
  io.out(`\n${rows.length} scenario${rows.length === 1 ? '' : 's'}${flags.file ? ` in ${flags.file}` : ''}. Explore one: interleave explore <scenario>${flags.file ? ` --file ${flags.file}` : ''}`);
  return 0;
}
