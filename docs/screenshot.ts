/**
 * Regenerates docs/report-example.png (and the .html it shows): explores a case study, renders its
 * minimal failure as the HTML report and photographs it in headless Chromium.
 *   npx tsx docs/screenshot.ts [scenario]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { bundledScenario } from '../scenarios/registry.js';
import { explore } from '../explore/explore.js';

const name = process.argv[2] ?? 'event-tape:before:final-is-last';
const entry = bundledScenario(name);
if (!entry) throw new Error(`no bundled scenario "${name}"`);
const r = await explore(entry.scenario, { seed: 1, ...entry.options });
if (!r.failure) throw new Error(`${name}: no failure found, nothing to show`);
const html = join(import.meta.dirname, 'report-example.html');
writeFileSync(html, r.failure.report('html'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
await page.goto(pathToFileURL(html).href);
// The page opens on the failing step with its details shown; hover it too, as a reader would.
await page.locator('#swimlanes .step.failing').hover();
// The lane header and the details pane are sticky: a viewport as tall as the page shows both in place.
await page.setViewportSize({ width: 1600, height: await page.evaluate<number>('document.documentElement.scrollHeight') });
await page.screenshot({ path: join(import.meta.dirname, 'report-example.png') });
await browser.close();
console.log(`wrote docs/report-example.html and docs/report-example.png (${name}, token ${r.failure.token})`);
