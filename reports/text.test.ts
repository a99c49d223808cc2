import { describe, expect, it } from 'vitest';
import { renderText } from './text.js';
import { failureOf } from './failures.fixture.js';
import { displayWidth, graphemes } from './displayWidth.js';
import { syntheticFailure } from './longTimeline.fixture.js';

describe('text timeline', () => {
  it('shows one column per actor, the values read and written, the switch and the failing step', async () => {
    const f = await failureOf('lost-update');
    const text = renderText(f);
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('step') && l.includes('│'))!;
    expect(header).toMatch(/│ A\s+│ B$/);
    expect(text).toContain('counter.get → 0');
    expect(text).toContain('counter.set(1)');
    const failing = lines.filter((l) => l.startsWith('▶'));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toContain('✗');
    expect(lines.some((l) => /^ {2}⇢/.test(l))).toBe(true);
    expect(text).toContain(`replay: npx interleave replay ${f.token}`);
    // Columns line up: every row's first separator sits where the header's does.
    const col = header.indexOf('│');
    for (const l of lines.filter((x) => /^[▶ ] [⇢· ] {0,3}\d/.test(x))) expect(l.indexOf('│')).toBe(col);
  });

  it('prints every line of a multi-line failure message (deadlock wait-for list)', async () => {
    const text = renderText(await failureOf('abba'));
    expect(text).toMatch(/first waits at "L2.lock"/);
    expect(text).toMatch(/second waits at "L1.lock"/);
  });

  it('keeps six actors with long values within the width, wrapping instead of losing values', async () => {
    const f = await failureOf('crowded');
    const text = renderText(f, { width: 120 });
    const table = text.split('\n').filter((l) => l.includes('│'));
    for (const l of table) expect([...l].length).toBeLessThanOrEqual(120);
    expect(table[0]).toMatch(/alpha.*bravo.*charlie.*delta.*echo.*foxtrot/);
    expect(text).toContain('events:');
    expect(text).toMatch(/\+5/); // virtual time moved
  });
});

/** The terminal column of each `│` in a line (display width of what comes before it). */
function separatorColumns(line: string): number[] {
  const cols: number[] = [];
  let at = 0;
  for (const g of graphemes(line)) {
    if (g === '│' || g === '┼') cols.push(at);
    at += displayWidth(g);
  }
  return cols;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('text timeline: display width', () => {
  it('lines up the columns of CJK actor names by terminal columns, not UTF-16 length', () => {
    const v = syntheticFailure({ steps: 9, actors: ['読み手', '書き手です', 'writer'] });
    const table = renderText(v, { width: 120 }).split('\n').filter((l) => l.includes('│') || l.includes('┼'));
    const header = separatorColumns(table[0]!);
    expect(header).toHaveLength(3);
    for (const l of table) expect(separatorColumns(l)).toEqual(header);
  });

  it('cuts long emoji values between graphemes: no U+FFFD, no half a surrogate pair or ZWJ sequence', () => {
    const v = syntheticFailure({ steps: 6, value: (i) => `${'😀'.repeat(30 + i)}👩‍👩‍👧`.repeat(2) });
    const text = renderText(v, { width: 80 });
    expect(text).toContain('…');
    expect(text).not.toMatch(LONE_SURROGATE);
    expect(Buffer.from(text, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    expect(text).not.toMatch(/\u200D(?!\p{Extended_Pictographic})/u);
  });

  it('fits an 80-column terminal: six actors with long values, every table line at most 80 columns', async () => {
    const f = await failureOf('crowded');
    const lines = renderText(f, { width: 80 }).split('\n');
    // The replay command is one token a reader copies whole: it alone may run past the width.
    const laidOut = lines.filter((l) => !l.startsWith('  replay:'));
    for (const l of laidOut) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']) expect(text).toContain(name);
    expect(text).toContain('a-rather-long-shared-cell-name');
    expect(lines.filter((l) => l.startsWith('▶'))).toHaveLength(1);
  });

  it('fits a CJK-named timeline into 80 columns too', () => {
    const v = syntheticFailure({ steps: 12, actors: ['読み手', '書き手', '掃除係', '監視者'], value: (i) => ({ 名前: '値'.repeat(i) }) });
    for (const l of renderText(v, { width: 80 }).split('\n').filter((x) => !x.startsWith('  replay:'))) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
  });
});
