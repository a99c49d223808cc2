import { describe, expect, it } from 'vitest';
import type { ExploreResult } from '../explore/explore.js';
import { displayWidth, graphemes } from '../reports/displayWidth.js';
import { registry } from '../scenarios/registry.js';
import { registryTable, type TableRow } from './registryTable.js';

/** The bundled registry's rows with made-up outcomes: each expected bug found, with a long token. */
function rows(): TableRow[] {
  return registry.map((entry, i) => {
    const failure = entry.expect === 'fails' ? { firstFoundAt: 10 + i, steps: 20 + i, preemptions: 2, token: `il1.${entry.scenario.name}.-.${'A'.repeat(30)}.1uwtbbp7roa` } : undefined;
    const result = { ok: !failure, failure, schedules: 2000, exhausted: undefined } as unknown as ExploreResult;
    return { found: { scenario: entry.scenario, entry }, result, matched: true };
  });
}

describe('registry table', () => {
  it('fits an 80-column terminal: the table within 80 columns, every token below it whole', () => {
    const all = rows();
    const wide = registryTable(all, 1000).split('\n');
    expect(Math.max(...wide.map(displayWidth))).toBeGreaterThan(150); // what an 80-column terminal got before
    const lines = registryTable(all, 80).split('\n');
    const table = lines.slice(0, lines.indexOf(''));
    expect(table).toHaveLength(all.length + 2);
    for (const l of table) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    for (const r of all) if (r.result.failure) expect(lines.some((l) => l.endsWith(` ${r.result.failure!.token}`))).toBe(true);
  });

  it('keeps the token column when the width holds it', () => {
    const lines = registryTable(rows(), 1000).split('\n');
    expect(lines[0]).toMatch(/replay token$/);
  });

  it('lines up a CJK scenario name by terminal columns', () => {
    const [first, ...rest] = rows();
    const cjk = { ...first!, found: { ...first!.found, scenario: { ...first!.found.scenario, name: '競合する更新' } } };
    const lines = registryTable([cjk, ...rest], 1000).split('\n');
    const columnOf = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
    const expectCol = columnOf(lines[0]!, 'expect');
    for (const l of lines.slice(2)) expect(columnOf(l, l.includes(' fails ') ? ' fails ' : ' passes ') + 1, l).toBe(expectCol);
    expect(graphemes(lines[2]!).join('')).toBe(lines[2]);
  });
});
