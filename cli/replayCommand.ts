/**
 * `interleave replay <token>`: re-runs the schedule a token recorded, verifies it is the identical
 * run (same trace fingerprint) and renders it. A reproduced run exits 0 whether or not it fails —
 * the token is the failure; a token that no longer fits the code is a stale replay (exit 2).
 */
import { UsageError } from '../sim/errors.js';
import { replay } from '../explore/replay.js';
import { decodeToken } from '../explore/token.js';
import { formatFlag } from './cliArgs.js';
import type { Io } from './io.js';
import { render } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import { allScenarios } from './scenarioSource.js';

export interface ReplayFlags {
  file?: string;
  format?: string;
}

export async function replayCommand(token: string, flags: ReplayFlags, io: Io): Promise<number> {
  const format = formatFlag(flags.format);
  const t = decodeToken(token);
  const all = await allScenarios(flags.file);
  const found = all.find((f) => f.scenario.name === t.scenario);
  if (!found) {
    throw new UsageError(
      flags.file ? `the token is for scenario "${t.scenario}", which ${flags.file} does not export` : `the token is for scenario "${t.scenario}", which is not a bundled scenario`,
      flags.file ? 'pass the --file that defines it (the replay command printed with the token names it)' : 'pass --file path.ts for a scenario of your own (the printed replay command names it), or run `interleave list`',
    );
  }
  const r = await replay(found.scenario, token.trim(), flags.file ? { file: flags.file } : {});
  io.out(render(reviewView(t.scenario, r, token.trim(), t.params, flags.file), format));
  return 0;
}
