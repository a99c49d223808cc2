/**
 * Regenerates docs/linearizability-example.png (and the .html it shows): a generated etcd-like
 * register history (5 clients, timeouts, one read of a value nobody wrote), checked, drawn as the
 * linearizability view and photographed in headless Chromium with the breaking operation hovered.
 *   npx tsx docs/linearizabilityScreenshot.ts [seed]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { registerHistory } from '../bench/linearizabilityHistories.js';
import { checkLinearizable } from '../properties/linearizable.js';
import { linearizabilityPicture } from '../properties/linearizabilityPicture.js';
import { registerSpec } from '../properties/registerSpec.js';
import { renderLinearizabilityHtml } from '../reports/linearizabilityHtml.js';

const seed = process.argv[2] ?? 'docs-1';
const h = registerHistory({ seed, clients: 5, operations: 24, timeouts: 0.15, reads: 0.35, cas: 0.3, corrupt: true });
const spec = registerSpec();
const result = checkLinearizable(h.ops, spec);
if (result.ok) throw new Error(`${seed}: linearizable, nothing to show`);
const picture = linearizabilityPicture(result, h.ops, spec.describe);
const html = join(import.meta.dirname, 'linearizability-example.html');
writeFileSync(html, renderLinearizabilityHtml(picture, `not linearizable: a generated register history (${seed})`));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 600 } });
await page.goto(pathToFileURL(html).href);
await page.locator('#linearizability .op.breaking').hover();
await page.screenshot({ path: join(import.meta.dirname, 'linearizability-example.png'), fullPage: true });
await browser.close();
console.log(`wrote docs/linearizability-example.html and docs/linearizability-example.png (${picture.summary})`);
