/**
 * `await explore(…)` at a module's top level settles with its failure. Minting the failure's replay
 * command imports the modules that defined the scenario; the awaiting module is one of them and is
 * still evaluating, so that import waited on explore itself and the process exited 13 ("unsettled
 * top-level await") before printing anything.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('a failing explore awaited at the top level of a module settles', async () => {
  const fixture = join(import.meta.dirname, 'topLevelAwait.fixture.ts');
  const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], { timeout: 60_000 }).catch((e: { code?: number; stdout?: string; stderr?: string }) => e);
  expect(r.stdout?.trim()).toBe('settled: invariant');
}, 70_000);
