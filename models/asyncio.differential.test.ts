/**
 * The asyncio flavours of the sync and queue models (`AsyncioEvent`, `AsyncioLock`,
 * `AsyncioCondition`, `AsyncioSemaphore`, `AsyncioBarrier`, `AsyncioQueue`) against real CPython
 * asyncio, on outcome sets in both directions (see executors/programs/harness.fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { judge, table } from './executors/programs/harness.fixture.js';
import { syncPrograms } from './executors/programs/sync.fixture.js';

describe('asyncio sync and queue models vs CPython asyncio (outcome sets)', () => {
  it('every program: no CPython outcome the model lacks, no model outcome CPython cannot produce', async () => {
    const verdicts = await judge(syncPrograms);
    console.log(`asyncio differential (sync, queues):\n${table(verdicts)}`);
    for (const v of verdicts) {
      expect(v.missing, `${v.name}: CPython outcomes the model never produces`).toEqual([]);
      expect(v.unjustified, `${v.name}: model outcomes CPython never showed (and no forcing program)`).toEqual([]);
      expect(v.badForcing, `${v.name}: forcing programs that did not produce their outcome`).toEqual([]);
    }
  }, 300_000);
});
