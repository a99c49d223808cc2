import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { render } from './render.js';
import { failureOf } from './failures.fixture.js';
import { syntheticFailure } from './longTimeline.fixture.js';

describe('HTML report', () => {
  it('is one self-contained page with a lane per actor and the failing step marked', async () => {
    const f = await failureOf('crowded');
    const html = renderHtml(f);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html.match(/<g class="lane"/g)).toHaveLength(6);
    expect(html.match(/class="step[^"]*failing/g)).toHaveLength(1);
    expect(html).toContain(f.token);
    expect(html).toContain('virtual time');
  });

  it('says a forced step had no choice, rather than "choice -1"', () => {
    const v = syntheticFailure({ steps: 4 });
    const steps = v.trace.steps.map((s, i) => (i === 3 ? { ...s, choice: -1, options: 1 } : s));
    const html = renderHtml({ ...v, trace: { ...v.trace, steps } });
    expect(html).toContain('the only runnable step (no choice)');
    expect(html).not.toContain('choice -1');
  });

  it('escapes values, so a scenario cannot inject markup', async () => {
    const f = await failureOf('lost-update');
    const html = renderHtml({ ...f, message: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)');
  });
});

describe('render()', () => {
  it('dispatches every format, and JSON carries the trace and the token', async () => {
    const f = await failureOf('abba');
    for (const format of ['text', 'md', 'html', 'json'] as const) expect(f.report(format).length).toBeGreaterThan(100);
    const data = JSON.parse(renderJson(f));
    expect(data).toMatchObject({ scenario: 'abba', kind: 'deadlock', token: f.token, fingerprint: f.trace.fingerprint });
    expect(data.trace).toHaveLength(f.steps);
    expect(() => render(f, 'pdf' as never)).toThrow(/unknown report format "pdf".*text, md, html, json/);
  });
});
