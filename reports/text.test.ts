import { describe, expect, it } from 'vitest';
import { renderText } from './text.js';
import { failureOf } from './failures.fixture.js';

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
