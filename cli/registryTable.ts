/** The table `npm run explore` prints: one row per bundled scenario, what was found, how to replay. */
import type { ExploreResult } from '../explore/explore.js';
import { cutToWidth, displayWidth } from '../reports/displayWidth.js';
import type { Found } from './scenarioSource.js';
import { type Column, narrowest, textTable } from './textTable.js';

export interface TableRow {
  found: Found;
  result: ExploreResult;
  /** Whether the outcome is the row's `expect` (a bug found where expected, clean where expected). */
  matched: boolean;
}

const COLUMNS: Column[] = [
  { head: '' },
  { head: 'case', min: 4 },
  { head: 'variant', min: 6 },
  { head: 'scenario', min: 22 },
  { head: 'property', min: 12 },
  { head: 'expect' },
  { head: 'found', optional: true },
  { head: 'schedules to 1st failure', min: 10 },
  { head: 'steps / preemptions', min: 7, optional: true },
];
/** Never cut: a reader copies it whole. */
const TOKEN: Column = { head: 'replay token' };

/**
 * The table within `width` terminal columns. When even the narrowest columns leave no room for the
 * replay tokens, they move below the table, one a line (a token longer than the width stays whole);
 * narrower still, `found` (✓ and expect say it) and the sizes are left out.
 */
export function registryTable(rows: TableRow[], width = 120): string {
  const cells = rows.map(({ found, result, matched }) => {
    const e = found.entry;
    const f = result.failure;
    return [
      matched ? '✓' : '✗',
      e?.case ?? '',
      e?.variant ?? '',
      found.scenario.name,
      cutToWidth(e?.property ?? '', 48),
      e?.expect ?? '',
      f ? 'yes' : 'no',
      f ? String(f.firstFoundAt) : `— (${result.schedules} runs${result.exhausted ? ', exhausted' : ''})`,
      f ? `${f.steps} / ${f.preemptions}` : '—',
      f?.token ?? '',
    ];
  });
  const withTokens = [...COLUMNS, TOKEN];
  if (narrowest(withTokens, cells) <= width) return textTable(withTokens, cells, width).join('\n');
  const out = textTable(COLUMNS, cells.map((c) => c.slice(0, -1)), width);
  const tokens = cells.filter((c) => c.at(-1));
  if (tokens.length) out.push('', 'replay tokens (npx interleave replay <token>):');
  for (const c of tokens) {
    const one = `  ${c[3]}  ${c.at(-1)}`;
    out.push(...(displayWidth(one) <= width ? [one] : [`  ${c[3]}`, `    ${c.at(-1)}`]));
  }
  return out.join('\n');
}
