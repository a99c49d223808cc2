/**
 * The linearizability view in a real browser (Debian's chromium, driven by playwright-core): one
 * lane per client, the longest linearizable prefix highlighted, the operation where every order
 * breaks marked, details on hover, no errors — standalone (`check-history --html`) and inside the
 * failure report of a scenario whose check is `linearizable`.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readJepsenHistory } from '../properties/jepsenHistory.js';
import { jepsenRegisterSpec } from '../properties/jepsenSpecs.js';
import { checkLinearizable } from '../properties/linearizable.js';
import { linearizabilityPicture } from '../properties/linearizabilityPicture.js';
import { bundledScenario } from '../scenarios/registry.js';
import { explore } from '../explore/explore.js';
import { renderLinearizabilityHtml } from '../reports/linearizabilityHtml.js';

const CHROMIUM = '/usr/bin/chromium';
// As htmlReport.test.ts launches it (importing that file would run its tests here too).
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping the linearizability view browser test: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

const ev = (process: number, type: string, f: string, value: unknown) => JSON.stringify({ process, type, f, value });
// Three clients; client 2 reads 1 after 2 overwrote it, while a timed-out write hangs around.
const history = [
  ev(0, 'invoke', 'write', 1),
  ev(1, 'invoke', 'write', 3),
  ev(0, 'ok', 'write', 1),
  ev(1, 'info', 'write', 'timed-out'),
  ev(0, 'invoke', 'write', 2),
  ev(2, 'invoke', 'read', null),
  ev(0, 'ok', 'write', 2),
  ev(2, 'ok', 'read', 2),
  ev(2, 'invoke', 'read', null),
  ev(2, 'ok', 'read', 1),
].join('\n');

async function open(html: string, body: (page: Page, errors: string[]) => Promise<void>): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-lin-')), 'view.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await body(page, errors);
  } finally {
    await browser.close();
  }
}

describe.skipIf(!haveChromium)('linearizability view in headless Chromium', () => {
  it('standalone: a lane per client, the prefix highlighted, the breaking operation marked, details on hover', async () => {
    const ops = readJepsenHistory(history);
    const spec = jepsenRegisterSpec();
    const picture = linearizabilityPicture(checkLinearizable(ops, spec), ops, spec.describe);
    await open(renderLinearizabilityHtml(picture, 'not-linearizable: history.jsonl'), async (page, errors) => {
      expect(await page.$$eval('#linearizability .lane', (gs) => gs.map((g) => g.getAttribute('data-actor')))).toEqual(['0', '1', '2']);
      expect(await page.locator('#linearizability .op').count()).toBe(5);
      expect(await page.locator('#linearizability .op.in-prefix').count()).toBe(picture.prefix.length);
      const breaking = page.locator('#linearizability .op.breaking');
      expect(await breaking.count()).toBe(1);
      expect(await breaking.getAttribute('data-actor')).toBe('2');
      expect(await breaking.locator('text').textContent()).toContain('✗');
      expect(await page.locator('#linearizability .breaking-label').textContent()).toBe('✗ every order breaks here');
      expect((await breaking.locator('rect').boundingBox())!.width).toBeGreaterThan(20);
      await breaking.hover();
      expect(await page.locator('#lin-detail').textContent()).toMatch(/^2: read → 1\ncall 9, return 10\n✗ every order breaks here/);
      await page.locator('#linearizability .op.pending').hover();
      expect(await page.locator('#lin-detail').textContent()).toContain('never returned');
      expect(errors).toEqual([]);
    });
  }, 60_000);

  it('in the failure report of a scenario checked with linearizable()', async () => {
    const entry = bundledScenario('kv-update-read-then-write')!;
    const r = await explore(entry.scenario, { seed: 1, ...entry.options });
    await open(r.failure!.report('html'), async (page, errors) => {
      expect(await page.locator('#swimlanes .step').count()).toBe(r.failure!.trace.steps.length);
      expect(await page.locator('#linearizability .lane').count()).toBeGreaterThan(1);
      expect(await page.locator('#linearizability .op.breaking').count()).toBe(1);
      await page.locator('#linearizability .op.breaking').hover();
      expect(await page.locator('#lin-detail').textContent()).toContain('every order breaks here');
      await page.locator('#swimlanes .step[data-step="1"]').hover();
      expect(await page.locator('#detail').textContent()).toMatch(/^step 1 · /);
      expect(errors).toEqual([]);
    });
  }, 60_000);
});
