/**
 * A campaign and its corpus (explore/corpus.ts): the saved failures of the scenario are replayed
 * before anything is explored, and every failure found is saved with how it was found.
 */
import type { ParamsValue } from '../sim/params.js';
import type { RunResult } from '../sim/run.js';
import { type FoundRecord, judgeToken, removeToken, savedTokens, saveToken } from './corpus.js';
import type { Failure } from './failure.js';
import { type Campaign, mintFailure } from './mintFailure.js';

/**
 * The first saved token that still fails, minted as the campaign's failure (found by `corpus`, at
 * schedule 0). After a change of shape (stale), so is the neighbour the same choices lead to, if it
 * fails — shrunk again, since it is no longer minimal.
 */
export async function replaySaved<W, P>(c: Campaign<W, P>, dir: string): Promise<{ failure: Failure; steps: number } | undefined> {
  const { scenario, options, settings } = c;
  for (const saved of savedTokens(dir, scenario.name)) {
    const v = await judgeToken(scenario, saved.token, settings);
    const failing: RunResult | undefined = v.verdict === 'fails' ? v.run : v.verdict === 'stale' && !v.lenient.ok ? v.lenient : undefined;
    if (failing === undefined) continue;
    const params: ParamsValue<P> = { value: v.token.params as P, context: undefined };
    const again = v.verdict === 'fails' && v.sameTrace ? { ...options, shrink: false } : options;
    const failure = await mintFailure({ ...c, options: again }, failing, params, { firstFoundAt: 0, foundBy: 'corpus' });
    if (failure.token !== saved.token) {
      // The code changed and the failure did not go away: its fresh token replaces the old one.
      keep(dir, c, failure);
      try {
        removeToken(saved.file);
      } catch {
        // Read-only: both stay, the fresh one is replayed first next time only if it sorts first.
      }
    }
    return { failure, steps: failing.steps };
  }
  return undefined;
}

/** Saves a failure's token and record; a corpus that cannot be written costs the save, never the campaign. */
export function keep<W, P>(dir: string, c: Campaign<W, P>, f: Failure): void {
  const record: FoundRecord = {
    schema: 1,
    scenario: f.scenario,
    kind: f.kind,
    message: f.message.split('\n')[0]!.slice(0, 500),
    firstFoundAt: f.firstFoundAt,
    foundBy: f.foundBy,
    seed: c.seed,
    strategy: c.options.strategy ?? 'portfolio',
    runs: c.options.runs ?? 0,
    ...(c.options.shard && { shard: { index: c.options.shard.index, count: c.options.shard.count } }),
  };
  try {
    saveToken(dir, f.scenario, f.token, record);
  } catch {
    // A read-only checkout or a full disk: the failure is still reported.
  }
}
