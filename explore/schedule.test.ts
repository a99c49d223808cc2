import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { replay } from './replay.js';
import { runOnce } from './runOnce.js';
import { schedule } from './schedule.js';

describe('schedule() in a hand-written fast-check property', () => {
  it('draws small choices, and its counterexample prints the run it made: choices as taken, the timeline, a token that replays', async () => {
    const scenario = lostUpdate();
    const details = await fc.check(
      fc.asyncProperty(schedule(), async (s) => {
        expect(s.choices.every((c) => c <= 15)).toBe(true);
        return (await runOnce(scenario, s)).ok;
      }),
      { seed: 7, numRuns: 500 },
    );
    expect(details.failed).toBe(true);
    const [s] = details.counterexample!;
    const printed = fc.stringify(s);
    expect(printed).toMatch(/^schedule\(\[[\d,]*\]\) — as the run took it:/);
    expect(printed).toMatch(/│ A\s+│ B/);
    expect(printed).toMatch(/lost update/);
    const token = /replay: npx interleave replay (il1\.lost-update\.\S+)/.exec(printed)![1]!;
    expect((await replay(scenario, token)).trace.fingerprint).toBe(token.split('.')[4]);
    // fast-check shrank it to the one switch the bug needs.
    expect(s.choices.filter((c) => c !== 0).length).toBeLessThanOrEqual(2);
  });
});
