/**
 * The executor models against real CPython asyncio, on outcome sets in both directions (see
 * programs/harness.fixture.ts): threads, cancellation, gather / shield / wait_for, futures.
 */
import { describe, expect, it } from 'vitest';
import { judge, modelOutcomes, table } from './programs/harness.fixture.js';
import { syncPrograms } from './programs/sync.fixture.js';
import { cancellationPrograms } from './programs/cancellation.fixture.js';
import { threadPrograms } from './programs/threads.fixture.js';
import { uncancel311, versionPrograms } from './programs/versions.fixture.js';

describe('executor models vs CPython asyncio (outcome sets)', () => {
  it('every program: no CPython outcome the model lacks, no model outcome CPython cannot produce', async () => {
    const verdicts = await judge([...threadPrograms, ...cancellationPrograms, uncancel311, ...versionPrograms]);
    console.log(`asyncio differential (executors):\n${table(verdicts)}`);
    for (const v of verdicts) {
      expect(v.missing, `${v.name}: CPython outcomes the model never produces`).toEqual([]);
      expect(v.unjustified, `${v.name}: model outcomes CPython never showed (and no forcing program)`).toEqual([]);
      expect(v.badForcing, `${v.name}: forcing programs that did not produce their outcome`).toEqual([]);
    }
  }, 300_000);

  it('sleep-set reduction finds the same outcomes: the loop declares every object its steps touch', async () => {
    for (const p of [...threadPrograms, ...cancellationPrograms, ...syncPrograms]) {
      const [plain, reduced] = [await modelOutcomes(p), await modelOutcomes(p, undefined, true)];
      expect([...reduced.outcomes].sort(), p.name).toEqual([...plain.outcomes].sort());
      expect(reduced.schedules).toBeLessThanOrEqual(plain.schedules);
    }
  }, 300_000);
});
