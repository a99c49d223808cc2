/**
 * The injection suite (issue 17): a failure whose every user-controlled field carries the payloads
 * of reports/injection.fixture.ts, rendered as HTML and as Markdown through markdown-it with HTML
 * enabled (as a wiki, a static site or a mail client may render a .md), opened in headless Chromium.
 * Acceptance: no payload runs a script (no dialog, no hit counted, no javascript: link), every table
 * is still a table with one row per step and one cell per lane, and no report leaves a raw control
 * character for a terminal.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileFailure, PAYLOADS } from '../reports/injection.fixture.js';
import type { ReportView } from '../reports/render.js';
import { render } from '../reports/render.js';
import { isTerminalSafe } from '../reports/sanitise.js';
import { timeline } from '../reports/timeline.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const dir = mkdtempSync(join(tmpdir(), 'interleave-injection-'));

interface Opened {
  dialogs: number;
  hits: number;
  scriptLinks: number;
  tables: { rows: number; cells: number[] }[];
}

/** Opens `html` and lets it run: dialogs raised, hits counted, `javascript:` links, and the tables' shape. */
async function open(browser: Browser, name: string, html: string): Promise<Opened> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Hover every step: a payload in a detail must not run when the detail is shown either.
    for (const g of await page.locator('#swimlanes .step').all()) await g.hover();
    await page.waitForTimeout(50);
    const hits = await page.evaluate(() => (globalThis as unknown as { __hits?: number }).__hits ?? 0);
    const scriptLinks = await page.$$eval('a[href]', (as) => as.filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length);
    const tables = await page.$$eval('table', (ts) => ts.map((t) => ({ rows: t.querySelectorAll('tbody tr').length, cells: [...t.querySelectorAll('tbody tr')].map((r) => r.children.length) })));
    return { dialogs, hits, scriptLinks, tables };
  } finally {
    await page.close();
  }
}

describe.skipIf(!haveChromium)('injection payloads in every field, in headless Chromium', () => {
  let browser: Browser;
  let views: { name: string; view: ReportView }[];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
    const { failure, view } = await hostileFailure();
    // A view made by hand may carry anything in the fields a scenario name would never hold.
    views = [
      { name: 'failure', view: failure },
      { name: 'cli-view', view },
      { name: 'hand-made', view: { ...view, scenario: PAYLOADS.join(' '), kind: PAYLOADS[1]!, actor: PAYLOADS[PAYLOADS.length - 1]! } },
    ];
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('HTML: no script runs, no javascript: link, the meta table intact', async () => {
    for (const { name, view } of views) {
      const opened = await open(browser, `${name}.html`, render(view, 'html'));
      expect({ name, dialogs: opened.dialogs, hits: opened.hits, scriptLinks: opened.scriptLinks }).toEqual({ name, dialogs: 0, hits: 0, scriptLinks: 0 });
      expect(opened.tables.length).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it('Markdown rendered with HTML enabled: no script runs, and the step table keeps one row per step and one cell per lane', async () => {
    const md = new MarkdownIt({ html: true });
    for (const { name, view } of views) {
      const page = `<!doctype html><html><head><meta charset="utf-8"></head><body>${md.render(render(view, 'md'))}</body></html>`;
      const opened = await open(browser, `${name}.md.html`, page);
      expect({ name, dialogs: opened.dialogs, hits: opened.hits, scriptLinks: opened.scriptLinks }).toEqual({ name, dialogs: 0, hits: 0, scriptLinks: 0 });
      const tl = timeline(view);
      expect(opened.tables).toHaveLength(1);
      expect(opened.tables[0]!.rows).toBe(tl.rows.length);
      expect(new Set(opened.tables[0]!.cells)).toEqual(new Set([2 + tl.lanes.length]));
    }
  }, 120_000);

  it('text: no raw control character, line separator or bidi control reaches the terminal', async () => {
    for (const { name, view } of views) {
      const text = render(view, 'text');
      expect({ name, safe: text.split('\n').every(isTerminalSafe) }).toEqual({ name, safe: true });
      // Each payload's newline is shown, not obeyed: one timeline row per step.
      expect(text.split('\n').filter((l) => /^[▶ ] [⇢· ]\s*\d+ /.test(l)).length).toBeGreaterThanOrEqual(timeline(view).rows.length);
    }
  });
});
