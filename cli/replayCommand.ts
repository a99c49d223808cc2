/**
 * `interleave replay <token>`: re-runs the schedule a token recorded and says what it does on the
 * code as it is now, in words and in the exit code, so a reviewer can confirm a fix and `git bisect
 * run` can find the commit that brought a race in:
 *
 *   reproduced — the recorded run, step for step: exit 1 (the failure is there)
 *   diverged   — the schedule still fails, on another trace (the code changed): exit 1
 *   fixed      — the same schedule now runs clean: exit 0
 *   stale      — the choices no longer fit the code: exit 2 (`--bisect`: 125, git's "skip")
 *   malformed  — not a token: exit 2 (`--bisect`: 128, which stops the bisection)
 *
 * Under `--bisect` a commit where the scenario is missing or does not load is also skipped (125).
 */
import { InterleaveError, StaleReplayError, UsageError } from '../sim/errors.js';
import { replay, type ReplayResult } from '../explore/replay.js';
import { decodeToken, type ReplayToken } from '../explore/token.js';
import { formatFlag } from './cliArgs.js';
import { type Io, paintErr, paintOut } from './io.js';
import { render } from '../reports/render.js';
import { terminalText } from '../reports/sanitise.js';
import { reviewView } from '../reports/reviewView.js';
import { plural } from '../reports/timeline.js';
import { allScenarios } from './scenarioSource.js';
import { widthOf } from './terminalWidth.js';

export interface ReplayFlags {
  file?: string;
  format?: string;
  bisect?: boolean;
}

/** git bisect run: 125 skips the commit, 128 and above stop the bisection. */
const SKIP = 125;
const ABORT = 128;

export async function replayCommand(token: string, flags: ReplayFlags, io: Io): Promise<number> {
  const format = formatFlag(flags.format);
  let t: ReplayToken;
  try {
    t = decodeToken(token.trim());
  } catch (e) {
    if (!flags.bisect || !(e instanceof InterleaveError)) throw e;
    io.err(`error: ${terminalText(e.message)} (bisect stopped)`);
    return ABORT;
  }
  let r: ReplayResult;
  try {
    const all = await allScenarios(flags.file);
    const found = all.find((f) => f.scenario.name === t.scenario);
    if (!found) {
      throw new UsageError(
        flags.file ? `the token is for scenario "${t.scenario}", which ${flags.file} does not export` : `the token is for scenario "${t.scenario}", which is not a bundled scenario`,
        flags.file ? 'pass the --file that defines it (the replay command printed with the token names it)' : 'pass --file path.ts for a scenario of your own (the printed replay command names it), or run `interleave list`',
      );
    }
    r = await replay(found.scenario, token.trim(), flags.file ? { file: flags.file } : {});
  } catch (e) {
    if (!flags.bisect) throw e;
    // This commit cannot say: the scenario is not there yet, does not load, or has another shape.
    io.err(`skip: ${e instanceof StaleReplayError ? 'stale: ' : ''}${terminalText(e instanceof InterleaveError ? e.message : `the replay crashed: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`)}`);
    return SKIP;
  }
  const c = paintErr(io);
  const verdict = say(r, t);
  const painted = r.verdict === 'fixed' ? c.green(verdict) : c.red(verdict);
  if (format === 'json') {
    const report = JSON.parse(r.report('json')) as Record<string, unknown>;
    io.out(JSON.stringify({ verdict: r.verdict, ...report }, null, 2));
  } else if (r.verdict === 'fixed') {
    io.out(paintOut(io).green(verdict));
  } else {
    io.out(render(reviewView(t.scenario, r, token.trim(), t.params, flags.file), format, { width: widthOf(io) }));
  }
  if (format !== 'text' || r.verdict !== 'fixed') io.err(painted);
  return r.verdict === 'fixed' ? 0 : 1;
}

function say(r: ReplayResult, t: ReplayToken): string {
  if (r.verdict === 'reproduced') return `reproduced: the recorded ${r.failure!.kind} failure of "${t.scenario}", step for step (${plural(r.steps, 'step')})`;
  if (r.verdict === 'diverged') return `still failing: the token's schedule fails again (${r.failure!.kind}), on another trace than recorded — the code changed, the failure did not go away`;
  return `fixed: the token's schedule now runs clean (${plural(r.steps, 'step')}) — the failure it recorded no longer happens`;
}
