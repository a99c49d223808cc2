/**
 * The token fuzzer in the suite (issue 17, acceptance): 10,000 structure-aware mutations of real
 * tokens, replayed in this process — 0 crashes, 0 silent passes, every error one line without raw
 * control characters (explore/tokenFuzz.fixture.ts says what each means). `npm run bench -- fuzz`
 * runs 100,000 and also counts cases over 1 s and the peak memory.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzCase, runCase, type Seedling, seedlings } from './tokenFuzz.fixture.js';

const CASES = Number(process.env.INTERLEAVE_FUZZ_CASES ?? 10_000);

describe('token fuzzing', () => {
  let all: Seedling[];
  beforeAll(async () => {
    all = await seedlings();
  }, 120_000);

  it(`${CASES.toLocaleString('en-US')} mutated real tokens: no crash, no silent pass, every refusal one clean line`, async () => {
    const seen = { verdict: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fuzzCase(all), async (c) => {
        seen[(await runCase(all, c)).kind]++;
      }),
      { numRuns: CASES, seed: 17, endOnFailure: true },
    );
    // Both ends are exercised: tokens that still run and tokens that are refused.
    expect(seen.verdict).toBeGreaterThan(CASES / 50);
    expect(seen.refused).toBeGreaterThan(CASES / 4);
  }, 600_000);
});
