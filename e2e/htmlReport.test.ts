/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core): the lanes are
 * drawn, the failing step is marked, hovering a step shows its arguments and result, and the page
 * logs no errors.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { failureOf } from '../reports/failures.fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

export const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe.skipIf(!haveChromium)('HTML report in headless Chromium', () => {
  it('draws one lane per actor, marks the failing step, shows details on hover, logs no errors', async () => {
    const f = await failureOf('crowded');
    const file = join(mkdtempSync(join(tmpdir(), 'interleave-html-')), 'report.html');
    writeFileSync(file, f.report('html'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      const lanes = await page.$$eval('#swimlanes .lane', (gs) => gs.map((g) => g.getAttribute('data-actor')));
      expect(lanes).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']);
      expect(await page.locator('#swimlanes .step').count()).toBe(f.trace.steps.length);
      const failing = page.locator('#swimlanes .step.failing');
      expect(await failing.count()).toBe(1);
      expect(await failing.getAttribute('data-step')).toBe(String(f.trace.steps.length - 1));
      expect(await page.locator('.failing-label').textContent()).toContain('invariant');
      const box = await failing.locator('rect').boundingBox();
      expect(box!.width).toBeGreaterThan(50);
      await page.locator('#swimlanes .step[data-step="1"]').hover();
      expect(await page.locator('#detail').textContent()).toMatch(/result: \{"owner":"nobody","items":\[1,2,3\]\}/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
