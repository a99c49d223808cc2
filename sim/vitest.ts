/**
 * vitest integration: one test per scenario. A failure's message is the minimal per-actor timeline
 * and the command that replays it; `INTERLEAVE_REPLAY=<token>` makes the test replay that token
 * instead of exploring, so the printed vitest command reproduces the failure exactly.
 */
import { test } from 'vitest';
import { explore, type ExploreResult } from './explore.js';
import type { ExploreOptions } from './options.js';
import { replay } from './replay.js';
import type { Scenario } from './scenario.js';
import { decodeToken } from './token.js';

export interface SimTestOptions<P> extends ExploreOptions<P> {
  /** vitest timeout for this test in ms (default 120 000). */
  timeout?: number;
}

function testFile(): string | undefined {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  const path = state?.testPath;
  return path ? path.replace(`${process.cwd()}/`, '') : undefined;
}

export function simTest<W, P>(name: string, scenario: Scenario<W, P>, options: SimTestOptions<P> = {}): void {
  const { timeout = 120_000, ...explore_ } = options;
  test(name, async ({ signal }) => {
    const token = process.env.INTERLEAVE_REPLAY;
    if (token && decodeToken(token).scenario === scenario.name) {
      const r = await replay(scenario, token);
      if (!r.ok) throw new Error(`${r.report('text')}\n`);
      return;
    }
    const result: ExploreResult = await explore(scenario, { signal, ...explore_ });
    if (result.ok) return;
    const f = result.failure!;
    const file = testFile();
    const vitestCmd = `INTERLEAVE_REPLAY=${f.token} npx vitest run ${file ?? '<test file>'} -t ${JSON.stringify(name)}`;
    throw new Error(
      `${f.kind} in scenario "${scenario.name}" (seed ${result.seed}, schedule ${f.firstFoundAt} of ${result.schedules}, found by ${f.foundBy})\n\n${f.report('text')}\n\n  replay in vitest: ${vitestCmd}\n`,
    );
  }, timeout);
}
