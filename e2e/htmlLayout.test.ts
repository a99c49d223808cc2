/**
 * The HTML report's layout in a real browser (Debian's chromium, playwright-core, a 1280×720
 * viewport): a long timeline fits the page's width instead of one strip thousands of pixels wide,
 * and the page opens with the failing step in view — visible at its centre, not under a scroller;
 * with more lanes than fit, the timeline scrolls in its own box and the page keeps its width.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { explore } from '../explore/explore.js';
import { renderHtml } from '../reports/html.js';
import { bundledScenario } from '../scenarios/registry.js';
import { syntheticFailure } from '../reports/longTimeline.fixture.js';
import { failureOf } from '../reports/failures.fixture.js';
import type { ReportView } from '../reports/render.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 720 };

/** Measured in the page (a string: the kit's tsconfig has no DOM types). */
const MEASURE = `(() => {
  const f = document.querySelector('#swimlanes .step.failing rect').getBoundingClientRect();
  const hit = document.elementFromPoint(f.left + f.width / 2, f.top + f.height / 2);
  return {
    pageWidth: document.documentElement.scrollWidth,
    timelineWidth: document.querySelector('.timeline').getBoundingClientRect().width,
    failing: { top: f.top, bottom: f.bottom, left: f.left, right: f.right },
    failingHit: !!(hit && hit.closest('.step.failing')),
    gutterHit: !!(document.elementFromPoint(document.querySelector('.timeline').getBoundingClientRect().left + 20, f.top + f.height / 2) || { closest: () => null }).closest('.gutter'),
  };
})()`;

interface Layout {
  pageWidth: number;
  /** The timeline's box: the page's width at most, however many lanes scroll inside it. */
  timelineWidth: number;
  failing: { top: number; bottom: number; left: number; right: number };
  /** Whether the failing step is what the browser hits at its own centre (drawn, not clipped). */
  failingHit: boolean;
  /** Whether the step gutter is in view at the failing step's row (it stays put when the lanes scroll sideways). */
  gutterHit: boolean;
  errors: string[];
}

function synthetic(steps: number): ReportView {
  return syntheticFailure({ steps, actors: ['reader', 'writer', 'janitor', 'auditor'], value: (i) => ({ balance: 100 - i, owner: `session-${i % 7}` }) });
}

/** The failure docs/screenshot.ts photographs (39 steps over 15 actors today; 27 over ten, once 4,854 px wide, before). */
async function eventTape(): Promise<ReportView> {
  const entry = bundledScenario('event-tape:before:final-is-last')!;
  const r = await explore(entry.scenario, { seed: 1, ...entry.options, corpus: false });
  return r.failure!;
}

async function layoutOf(view: ReportView): Promise<Layout> {
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-layout-')), 'report.html');
  writeFileSync(file, renderHtml(view));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForTimeout(100); // let a smooth scroll, if any, settle (layout only; no time is asserted)
    const m = await page.evaluate<Omit<Layout, 'errors'>>(MEASURE);
    return { ...m, errors };
  } finally {
    await browser.close();
  }
}

describe.skipIf(!haveChromium)('HTML report layout in headless Chromium', () => {
  const cases: [string, () => Promise<ReportView>][] = [
    ['the event-tape failure (docs/report-example.png)', eventTape],
    ['a 27-step failure of 4 actors', async () => synthetic(27)],
    ['a 200-step failure of 4 actors', async () => synthetic(200)],
    ['a 40-step failure of 16 actors with long names', async () => syntheticFailure({ steps: 40, actors: Array.from({ length: 16 }, (_, i) => `task-${i} cancelled`), value: (i) => i })],
    ['the six-actor crowded failure', () => failureOf('crowded')],
    ['a 60-step failure of 24 actors (the lanes scroll in their own box)', async () => syntheticFailure({ steps: 60, actors: Array.from({ length: 24 }, (_, i) => `worker-${i}`), value: (i) => i })],
    ['a 300-step failure of 60 actors', async () => syntheticFailure({ steps: 300, actors: Array.from({ length: 60 }, (_, i) => `w${i}`), value: (i) => i })],
  ];
  for (const [name, view] of cases) {
    it(`${name} fits a 1280-px viewport and opens on the failing step`, async () => {
      const l = await layoutOf(await view());
      expect(l.pageWidth).toBeLessThanOrEqual(VIEWPORT.width);
      expect(l.timelineWidth).toBeLessThanOrEqual(VIEWPORT.width);
      expect(l.failing.left).toBeGreaterThanOrEqual(0);
      expect(l.failing.right).toBeLessThanOrEqual(VIEWPORT.width);
      expect(l.failing.top).toBeGreaterThanOrEqual(0);
      expect(l.failing.bottom).toBeLessThanOrEqual(VIEWPORT.height);
      expect(l.failingHit).toBe(true);
      expect(l.gutterHit).toBe(true);
      expect(l.errors).toEqual([]);
    }, 60_000);
  }
});
