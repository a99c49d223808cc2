/**
 * vitest integration: one test per scenario. A failure's message is the minimal per-actor timeline
 * and the command that replays it; `INTERLEAVE_REPLAY=<token>` makes the test replay that token
 * instead of exploring, so the printed vitest command reproduces the failure exactly. With
 * `report: dir` (or `INTERLEAVE_REPORT=dir`, for CI artifacts) a failure also writes a
 * self-contained HTML report, `<dir>/<scenario>.html`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'vitest';
import { explore, type ExploreResult } from './explore.js';
import type { Failure } from './failure.js';
import type { ExploreOptions } from './options.js';
import { replay } from './replay.js';
import type { Scenario } from './scenario.js';
import { decodeToken } from './token.js';

export interface SimTestOptions<P> extends ExploreOptions<P> {
  /** vitest timeout for this test in ms (default 120 000). */
  timeout?: number;
  /** Directory for the HTML report of a failure (default: `INTERLEAVE_REPORT`, else none). */
  report?: string;
}

/** The test file relative to the working directory, for a copy-paste command. */
function testFile(task: { file?: { filepath?: string } }): string | undefined {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  const path = task.file?.filepath ?? state?.testPath;
  return path ? path.replace(`${process.cwd()}/`, '') : undefined;
}

/** Writes the failure's HTML report and returns its path (a report that cannot be written is said, not thrown). */
function writeReport(dir: string, f: Failure): string {
  const path = resolve(join(dir, `${f.scenario.replace(/[^A-Za-z0-9_-]+/g, '_')}.html`));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, f.report('html'));
    return `  HTML report: ${path}\n`;
  } catch (e) {
    return `  HTML report: could not write ${path} (${(e as Error).message})\n`;
  }
}

export function simTest<W, P>(name: string, scenario: Scenario<W, P>, options: SimTestOptions<P> = {}): void {
  const { timeout = 120_000, report = process.env.INTERLEAVE_REPORT || undefined, ...explore_ } = options;
  test(name, async ({ signal, task }) => {
    const token = process.env.INTERLEAVE_REPLAY;
    if (token && decodeToken(token).scenario === scenario.name) {
      const r = await replay(scenario, token);
      if (!r.ok) throw new Error(`${r.report('text')}\n`);
      return;
    }
    const result: ExploreResult = await explore(scenario, { signal, ...explore_ });
    if (result.ok) return;
    const f = result.failure!;
    const file = testFile(task);
    const vitestCmd = `INTERLEAVE_REPLAY=${f.token} npx vitest run ${file ?? '<test file>'} -t ${JSON.stringify(name)}`;
    throw new Error(
      `${f.kind} in scenario "${scenario.name}" (seed ${result.seed}, schedule ${f.firstFoundAt} of ${result.schedules}, found by ${f.foundBy})\n\n${f.report('text')}\n\n  replay in vitest: ${vitestCmd}\n${report ? writeReport(report, f) : ''}`,
    );
  }, timeout);
}
