import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../explore/explore.js';
import { decodeToken } from '../explore/token.js';
import { bundledScenario } from '../scenarios/registry.js';
import { WorkerPool } from './workerPool.js';

describe('WorkerPool', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('reports progress from shared counters, ending at the campaign total', async () => {
    const seen: number[] = [];
    const r = await pool.explore('transfers', { strategy: 'random', seed: '3', runs: 4000 }, (n) => seen.push(n));
    expect(r.ok).toBe(true);
    expect(r.schedules).toBe(4000);
    expect(seen.at(-1)).toBe(4000);
    expect(seen).toEqual(seen.slice().sort((a, b) => a - b));
  });

  it('hands back a failure whose trace crossed the thread boundary whole', async () => {
    const r = await pool.explore('lost-update-padded', { strategy: 'random', seed: '5', runs: 300 });
    const f = r.failure!;
    expect(f.trace.fingerprint).toBe(decodeToken(f.token).fingerprint);
    expect(f.trace.steps).toHaveLength(f.steps);
    expect(f.report('text')).toContain(f.trace.steps[0]!.actor);
  });

  it('reports the coverage of the whole campaign, the same pairs one process sees', async () => {
    const options = { strategy: 'random' as const, seed: '4', runs: 1500 };
    const parallel = await pool.explore('transfers', options);
    // Workers run shard 0/1 of the campaign: schedule i planned from (seed, i), as one process does with it.
    const single = await explore(bundledScenario('transfers')!.scenario, { ...options, shard: { index: 0, count: 1 }, corpus: false });
    expect(parallel.coverage).toBeDefined();
    expect(parallel.coverage!.pairs).toBe(single.coverage!.pairs);
    expect(parallel.coverage!.lastNewAt).toBe(single.coverage!.lastNewAt);
    expect(parallel.coverage!.sinceNew).toBe(1500 - parallel.coverage!.lastNewAt);
    expect(parallel).not.toHaveProperty('coveragePairs');
  });
});
