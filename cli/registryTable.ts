/** The table `npm run explore` prints: one row per bundled scenario, what was found, how to replay. */
import type { ExploreResult } from '../explore/explore.js';
import type { Found } from './scenarioSource.js';

export interface TableRow {
  found: Found;
  result: ExploreResult;
  /** Whether the outcome is the row's `expect` (a bug found where expected, clean where expected). */
  matched: boolean;
}

const HEAD = ['', 'case', 'variant', 'scenario', 'property', 'expect', 'found', 'schedules to 1st failure', 'steps / preemptions', 'replay token'];

function cut(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function registryTable(rows: TableRow[]): string {
  const cells = rows.map(({ found, result, matched }) => {
    const e = found.entry;
    const f = result.failure;
    return [
      matched ? '✓' : '✗',
      e?.case ?? '',
      e?.variant ?? '',
      found.scenario.name,
      cut(e?.property ?? '', 48),
      e?.expect ?? '',
      f ? 'yes' : 'no',
      f ? String(f.firstFoundAt) : `— (${result.schedules} runs${result.exhausted ? ', exhausted' : ''})`,
      f ? `${f.steps} / ${f.preemptions}` : '—',
      f?.token ?? '',
    ];
  });
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((t, i) => t.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
