/** Determinism of the real-code scenarios: the same seed, run twice, gives the same trace, 1,000 seeds each. */
import { describe, expect, it } from 'vitest';
import { runOnce } from '../../explore/runOnce.js';
import type { Scenario } from '../../sim/scenario.js';
import * as asyncMutex from './asyncMutex.js';
import * as dataLoader from './dataLoader.js';
import * as eventOnce from './eventOnce.js';
import * as lruCache from './lruCache.js';
import * as memo from './memo.js';
import * as pLimit from './pLimit.js';

const SEEDS = 1000;
const scenarios = [asyncMutex, dataLoader, eventOnce, lruCache, memo, pLimit].flatMap((m) => Object.values(m) as Scenario<unknown, unknown>[]);

describe('real code: determinism', () => {
  for (const s of scenarios) {
    it(`${s.name}: ${SEEDS} seeds, each run twice, give identical fingerprints`, async () => {
      const distinct = new Set<string>();
      let chose = false;
      for (let seed = 0; seed < SEEDS; seed++) {
        const a = await runOnce(s, { seed });
        const b = await runOnce(s, { seed });
        expect(b.trace.fingerprint, `seed ${seed}`).toBe(a.trace.fingerprint);
        distinct.add(a.trace.fingerprint);
        chose ||= a.choices.some((c) => c > 0);
      }
      // Where the scheduler had choices, the seeds explored: more than one interleaving came out.
      if (chose) expect(distinct.size).toBeGreaterThan(1);
    });
  }
});
