import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { failureOf } from './failures.fixture.js';

describe('Markdown report', () => {
  it('has the verdict, the replay command, the minimal table open and the full trace collapsed', async () => {
    const f = await failureOf('lost-update');
    const md = renderMarkdown(f);
    expect(md).toMatch(/^### ✗ `lost-update`: invariant/);
    expect(md).toContain(`npx interleave replay ${f.token}`);
    expect(md).toMatch(/\| step \| time \| A \| B \|/);
    expect(md).toMatch(/\| \*\*▶ 5\*\* \|/);
    const open = md.indexOf('| step |');
    const details = md.indexOf('<details>');
    expect(open).toBeGreaterThan(0);
    expect(details).toBeGreaterThan(open);
    expect(md).toContain('</details>');
    expect(md).toContain(`fingerprint ${f.trace.fingerprint}`);
  });

  it('escapes table-breaking characters in values', async () => {
    const f = await failureOf('lost-update');
    const weird = { ...f, trace: { ...f.trace, steps: f.trace.steps.map((s, i) => (i === 1 ? { ...s, result: 'a|b`c' } : s)) } };
    const row = renderMarkdown(weird).split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(6); // 4 cells + the two ends
  });
});
