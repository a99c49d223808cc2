import { describe, expect, it } from 'vitest';
import { explore } from '../../sim/explore.js';
import { replay } from '../../sim/replay.js';
import { entries } from './index.js';
import { submitRun } from './submitRun.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Distinct actors that took a step in the minimal trace. */
const actorsIn = (steps: readonly { actor: string }[]) => new Set(steps.map((s) => s.actor)).size;

describe('case A — submit-run', () => {
  it('registers one row per variant × property, with the case file\'s expectations', () => {
    expect(entries).toHaveLength(12);
    expect(entries.filter((e) => e.expect === 'fails').map((e) => `${e.variant}:${e.property.split(':')[0]}`)).toEqual([
      'before:completion',
      'before:auto-approve',
      'before:no torn read',
      'before:cancel is final',
      'after:cancel is final',
    ]);
  });

  for (const row of entries.filter((e) => e.expect === 'fails')) {
    it(`${row.variant}: "${row.property.split(':')[0]}" is found within ${row.options!.runs} schedules for ${SEEDS.length} seeds, shrunk, and replays`, async () => {
      for (const seed of SEEDS) {
        const r = await explore(row.scenario, { ...row.options, seed, shrink: seed === SEEDS[0] });
        expect(r.ok, `seed ${seed}`).toBe(false);
        expect(r.failure!.firstFoundAt).toBeLessThanOrEqual(row.options!.runs!);
        if (seed !== SEEDS[0]) continue;
        const f = r.failure!;
        if (row.variant === 'before' && row.property.startsWith('completion')) {
          // the check tool and the worker, at most one context switch
          expect(actorsIn(f.trace.steps)).toBe(2);
          expect(f.preemptions).toBeLessThanOrEqual(1);
        }
        if (row.variant === 'after') expect(f.preemptions).toBeLessThanOrEqual(2);
        const again = await replay(row.scenario, f.token);
        expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
        expect(again.failure?.kind).toBe(f.kind);
      }
    });
  }

  it('locked: clean over random and PCT samples', async () => {
    const all = submitRun('locked', 'all');
    for (const strategy of ['random', 'pct'] as const) {
      const r = await explore(all, { strategy, runs: 2000, seed: 42 });
      expect(r.ok, r.failure?.message).toBe(true);
    }
  });

  it('locked: dfs exhausts the one-run-plus-one-cancel configuration with no failure', async () => {
    for (const fails of [[false, false], [true, false]]) {
      for (const reduction of [true, false]) {
        const r = await explore(submitRun('locked', 'all'), { strategy: 'dfs', runs: 100_000, reduction, params: { runs: 1, cancel: 0, fails } });
        expect(r.ok, r.failure?.message).toBe(true);
        expect(r.exhausted?.complete).toBe(true);
      }
    }
  });

  it('after: the same dfs configuration finds the check-then-assign window', async () => {
    const r = await explore(submitRun('after', 'cancel-is-final'), { strategy: 'dfs', runs: 100_000, params: { runs: 1, cancel: 0, fails: [false, false] } });
    expect(r.ok).toBe(false);
    expect(r.failure!.message).toMatch(/CANCELLED, then its status was overwritten with "FINISHED"/);
  });
});
