/**
 * vitest integration: one test per scenario. A failure's message is the minimal per-actor timeline
 * and the commands that replay it: `npx interleave replay <token> --file <module>` when the
 * scenario's module is not the test file (or the `file` option names one), and always the vitest one —
 * `INTERLEAVE_REPLAY=<token>` makes the test replay that token instead of exploring, so the printed
 * vitest command reproduces the failure exactly. With
 * `report: dir` (or `INTERLEAVE_REPORT=dir`, for CI artifacts) a failure also writes a
 * self-contained HTML report, `<dir>/<scenario>.html`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'vitest';
import { render } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import { replayCommandLine } from '../reports/replayCommandLine.js';
import { explore, type ExploreResult } from './explore.js';
import { type Failure, withReport } from './failure.js';
import type { ExploreOptions } from './options.js';
import { replay } from './replay.js';
import { scenarioFile } from './scenarioFile.js';
import type { Scenario } from '../sim/scenario.js';
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

/**
 * A `-t` pattern that selects exactly this test: vitest matches it against the names of the
 * enclosing describe blocks and the test's, joined by spaces — a bare name would also pick any test
 * whose name contains it.
 */
function namePattern(task: { name: string; suite?: { name: string; suite?: unknown } | undefined }): string {
  const names: string[] = [];
  for (let t: typeof task | undefined = task; t; t = t.suite as typeof task | undefined) names.unshift(t.name);
  return `^${names.join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** One shell word: single-quoted, so `$`, backslashes and spaces in a test name survive copy-paste. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
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
    // `npx interleave replay <token> --file <module>` needs a module the CLI can load: the `file`
    // option, or the module that defined the scenario unless it is the test file itself; for a
    // scenario defined in the test, the vitest command is the replay line.
    const commands = async (token: string) => {
      const vitest = `INTERLEAVE_REPLAY=${token} npx vitest run ${testFile(task) ?? '<test file>'} -t ${shellQuote(namePattern(task))}`;
      const file = await scenarioFile(scenario, explore_.file);
      if (file !== undefined) return { line: replayCommandLine(token, file), also: `  replay in vitest: ${vitest}` };
      return { line: vitest, also: '  (for `npx interleave replay`: define the scenario in a module of its own, outside the test file)' };
    };

    const token = process.env.INTERLEAVE_REPLAY;
    if (token && decodeToken(token).scenario === scenario.name) {
      const r = await replay(scenario, token);
      if (r.ok) return;
      const { line } = await commands(token);
      throw new Error(`${render({ ...reviewView(scenario.name, r, token, r.params), replayCommand: line }, 'text')}\n`);
    }
    const result: ExploreResult = await explore(scenario, { signal, ...explore_ });
    if (result.ok) return;
    const { line, also } = await commands(result.failure!.token);
    const f = withReport({ ...result.failure!, replayCommand: line });
    throw new Error(
      `${f.kind} in scenario "${scenario.name}" (seed ${result.seed}, schedule ${f.firstFoundAt} of ${result.schedules}, found by ${f.foundBy})\n\n${f.report('text')}\n\n${also}\n${report ? writeReport(report, f) : ''}`,
    );
  }, timeout);
}
