import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';
import { executeRun } from '../../sim/execute.js';
import { listSource } from '../../sim/listSource.js';
import { RunCoverage } from '../coverage.js';
import { explore } from '../explore.js';
import { makeRng } from '../rng.js';
import { type Constraints, RffRun } from './rff.js';

const settings = { maxSteps: 1000 };

/** The natural run's reads of the lost-update counter: the first actor's sees init, the second's sees its write. */
async function naturalReads() {
  const rec = new RunCoverage(listSource([]));
  await executeRun(lostUpdate(), undefined, { ...settings, source: rec });
  const reads = [...rec.readsFrom];
  const first = reads.find(([, w]) => w === 'init')![0];
  const [second, firstWrite] = reads.find(([, w]) => w !== 'init')!;
  return { first, second, firstWrite };
}

async function failures(constraints: Constraints): Promise<number> {
  let failed = 0;
  for (let seed = 0; seed < 12; seed++) {
    const r = await executeRun(lostUpdate(), undefined, {
      ...settings,
      source: new RffRun(makeRng(`t${seed}`), constraints),
    });
    if (!r.ok) failed++;
  }
  return failed;
}

describe('rff', () => {
  it('steers a read to the write its constraint names', async () => {
    const { first, second, firstWrite } = await naturalReads();
    // Both reads must see the initial value: every write waits until both have read, so the update is lost.
    expect(
      await failures(
        new Map([
          [first, { writer: 'init', see: true }],
          [second, { writer: 'init', see: true }],
        ]),
      ),
    ).toBe(12);
    // Must see the first actor's write: it waits for that write, so both increments land.
    expect(await failures(new Map([[second, { writer: firstWrite, see: true }]]))).toBe(0);
  });

  it('finds the lost update, the same way for the same seed', async () => {
    const a = await explore(lostUpdate(), { strategy: 'rff', seed: 3, runs: 200, corpus: false });
    const b = await explore(lostUpdate(), { strategy: 'rff', seed: 3, runs: 200, corpus: false });
    expect(a.ok).toBe(false);
    expect(a.failure!.foundBy).toBe('rff');
    expect(b.failure!.firstFoundAt).toBe(a.failure!.firstFoundAt);
    expect(b.failure!.token).toBe(a.failure!.token);
  });

  it('cannot be sharded: each schedule is mutated from earlier ones', async () => {
    await expect(
      explore(lostUpdate(), { strategy: 'rff', shard: { index: 0, count: 2 }, corpus: false }),
    ).rejects.toThrow(/cannot be sharded/);
  });
});
