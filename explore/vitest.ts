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
import fc from 'fast-check';
import { test } from 'vitest';
import { render } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import { replayCommandLine, shellWord } from '../reports/replayCommandLine.js';
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

type TestContext = { signal: AbortSignal; task: { name: string; file?: { filepath?: string }; suite?: { name: string; suite?: unknown } | undefined } };

/** fast-check's global configuration, as @fast-check/vitest honours it: its seed and numRuns fill in what the test leaves out. */
function withGlobalConfig<P>(options: ExploreOptions<P>): ExploreOptions<P> {
  const g = fc.readConfigureGlobal();
  const out = { ...options };
  if (out.seed === undefined && g.seed !== undefined) out.seed = g.seed;
  if (out.runs === undefined && g.numRuns !== undefined) out.runs = g.numRuns;
  return out;
}

async function runSimTest<W, P>(scenario: Scenario<W, P>, options: SimTestOptions<P>, { signal, task }: TestContext): Promise<void> {
  const { timeout: _timeout, report = process.env.INTERLEAVE_REPORT || undefined, ...explore_ } = options;
  // `npx interleave replay <token> --file <module>` needs a module the CLI can load: the `file`
  // option, or the module that defined the scenario unless it is the test file itself; for a
  // scenario defined in the test, the vitest command is the replay line.
  const commands = async (token: string) => {
    const vitest = `INTERLEAVE_REPLAY=${token} npx vitest run ${shellWord(testFile(task) ?? '<test file>')} -t ${shellWord(namePattern(task))}`;
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
  const result: ExploreResult = await explore(scenario, { signal, ...withGlobalConfig(explore_) });
  if (result.ok) return;
  const { line, also } = await commands(result.failure!.token);
  const f = withReport({ ...result.failure!, replayCommand: line });
  throw new Error(
    `${f.kind} in scenario "${scenario.name}" (seed ${result.seed}, schedule ${f.firstFoundAt} of ${result.schedules}, found by ${f.foundBy})\n\n${f.report('text')}\n\n${also}\n${report ? writeReport(report, f) : ''}`,
  );
}

type VitestTest = typeof test | typeof test.skip | typeof test.only | typeof test.concurrent;

function simTestWith(t: VitestTest) {
  return <W, P>(name: string, scenario: Scenario<W, P>, options: SimTestOptions<P> = {}): void => {
    t(name, (ctx) => runSimTest(scenario, options, ctx as unknown as TestContext), options.timeout ?? 120_000);
  };
}

/**
 * One vitest test that explores `scenario`; red with the minimal timeline and replay commands when
 * it finds a failure. The variants follow vitest and @fast-check/vitest: `simTest.skip`,
 * `simTest.only`, `simTest.concurrent` (overlapping runs in one file), and `simTest.each(cases)(name,
 * build)` — one test per case, the name formatted by vitest (`%s`, `$field`).
 */
export const simTest = Object.assign(simTestWith(test), {
  skip: simTestWith(test.skip),
  only: simTestWith(test.only),
  concurrent: simTestWith(test.concurrent),
  each<T>(cases: readonly T[]) {
    return <W, P>(name: string, build: (c: T) => Scenario<W, P>, options: SimTestOptions<P> = {}): void => {
      test.for(cases as T[])(name, { timeout: options.timeout ?? 120_000 }, (c, ctx) => runSimTest(build(c), options, ctx as unknown as TestContext));
    };
  },
});
