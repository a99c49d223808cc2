import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../sim/trace.js';
import { failureOf } from './failures.fixture.js';
import { render, type ReportView } from './render.js';
import { htmlText, isTerminalSafe, markdownCode, markdownFence, markdownText, terminalText } from './sanitise.js';

describe('the sanitiser', () => {
  it('shows terminal control characters escaped, and keeps printable text as it is', () => {
    expect(terminalText('\u001b[2K\rerror: none; replay OK')).toBe('\\x1b[2K\\rerror: none; replay OK');
    expect(terminalText('a\nb\tc\u0000\u007f\u009b\u2028\u202e')).toBe('a\\nb\\tc\\x00\\x7f\\x9b\\u2028\\u202e');
    expect(terminalText('a\nb', { keepNewlines: true })).toBe('a\nb');
    expect(terminalText('plain — ✓ ⇢ ünïcödé 日本')).toBe('plain — ✓ ⇢ ünïcödé 日本');
    expect(isTerminalSafe(terminalText('\u001b\r\n'))).toBe(true);
    // Idempotent: a second pass changes nothing.
    const once = terminalText('\u001b[31m\u2028');
    expect(terminalText(once)).toBe(once);
  });

  it('Markdown: text shows literally, a code span survives backticks and pipes, a fence cannot be closed from inside', () => {
    const md = new MarkdownIt({ html: true });
    expect(md.renderInline(markdownText('<img src=x onerror=alert(1)> **b** [l](javascript:x) a|b `c`'))).toBe('&lt;img src=x onerror=alert(1)&gt; **b** [l](javascript:x) a|b `c`');
    expect(md.renderInline(markdownCode('a ``b`` <i>'))).toBe('<code>a ``b`` &lt;i&gt;</code>');
    const table = md.render(`| a | b |\n|---|---|\n| ${markdownCode('x|y\r\n| 9 | 9 |')} | ${markdownText('p|q\u2028')} |\n`);
    expect(table.match(/<tr>/g)).toHaveLength(2);
    expect(table).toContain('<code>x|y\\r\\n| 9 | 9 |</code>');
    const fenced = md.render(markdownFence('```\n<img src=x onerror=alert(1)>\n````'));
    expect(fenced).not.toContain('<img');
    expect(htmlText(`"'<&>`)).toBe('&quot;&#39;&lt;&amp;&gt;');
  });
});

describe('reports of big or deep runs', () => {
  it('render 150,000 steps and values nested 5,000 deep without a RangeError (report() threw one)', async () => {
    const f = await failureOf('lost-update');
    const step = f.trace.steps[1]!;
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const steps: TraceEntry[] = Array.from({ length: 150_000 }, (_, i) => ({ ...step, step: i, result: i === 3 ? deep : step.result }));
    const view: ReportView = { ...f, params: deep, message: '`a'.repeat(200_000), trace: { steps, events: [], fingerprint: 'x' } };
    for (const format of ['text', 'md', 'html'] as const) expect(render(view, format).length).toBeGreaterThan(150_000);
    // 7 s for all three formats here (it was 55 s before box drawing and arrows took the one-column fast path).
  }, 120_000);
});
