import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { entries } from './index.js';
import { submitRun, type Workload } from './submitRun.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The one-run configurations dfs exhausts: success and failure, with and without a cancel. */
const ONE_RUN: Workload[] = [false, true].flatMap((fail) => [null, 0].map((cancel) => ({ runs: 1, cancel, fails: [fail, false] })));

describe('case A — submit-run', () => {
  it('registers one row per variant × property, with the case file\'s expectations', () => {
    expect(entries).toHaveLength(16);
    expect(entries.filter((e) => e.expect === 'fails').map((e) => `${e.variant}:${e.property.split(':')[0]}`)).toEqual([
      'before:auto-approve',
      'before:cancel is final',
      'before-awaiting:completion',
      'before-awaiting:auto-approve',
      'before-awaiting:no torn read',
      'before-awaiting:cancel is final',
      'after:auto-approve',
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
        if (row.variant === 'after') expect(f.preemptions).toBeLessThanOrEqual(2);
        const again = await replay(row.scenario, f.token);
        expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
        expect(again.failure?.kind).toBe(f.kind);
      }
    });
  }

  it('issue #12: before (the PR\'s update without awaits) — completion and torn read hold in every schedule of the one-run configurations (dfs complete)', async () => {
    for (const property of ['completion', 'no-torn-read'] as const) {
      for (const params of ONE_RUN) {
        const r = await explore(submitRun('before', property), { strategy: 'dfs', runs: 100_000, params });
        expect(r.ok, `${property} ${JSON.stringify(params)}: ${r.failure?.message}`).toBe(true);
        expect(r.exhausted?.complete).toBe(true);
      }
    }
  });

  it('before-awaiting: the completion repro is the tool against the worker thread, with at most one context switch', async () => {
    const params: Workload = { runs: 1, cancel: null, fails: [false, false] };
    const r = await explore(submitRun('before-awaiting', 'completion'), { seed: 1, runs: 200, params });
    const f = r.failure!;
    expect(f.message).toMatch(/the future returned while the status was "RUNNING"/);
    // Two threads: the loop (the tool, its callbacks, the update coroutine) and the executor's worker.
    const threads = new Set(f.trace.steps.map((s) => (s.actor.startsWith('fn(') ? s.actor : 'loop thread')));
    expect([...threads].sort()).toEqual(['fn(run-1)', 'loop thread']);
    expect(f.preemptions).toBeLessThanOrEqual(1);
  });

  it('issue #12: cancel_run flags recce\'s own task; the awaiting tool is never cancelled and still reads the status', async () => {
    for (const variant of ['before', 'after', 'locked'] as const) {
      let schedules = 0;
      const scenario = submitRun(variant, 'completion');
      const probe = { ...scenario, name: `${scenario.name}-probe`, check: (_w: unknown, sim: { events: readonly { kind: string }[] }) => {
        schedules++;
        const kinds = sim.events.map((e) => e.kind);
        expect(kinds, `${variant}: the tool was interrupted`).not.toContain('tool.error');
        expect(kinds, `${variant}: the tool read the run`).toContain('run.read');
      } };
      const r = await explore(probe, { strategy: 'dfs', runs: 100_000, params: { runs: 1, cancel: 0, fails: [false, false] } });
      expect(r.failure?.message, variant).toBeUndefined();
      expect(r.exhausted?.complete, variant).toBe(true);
      expect(schedules).toBeGreaterThan(1);
    }
  });

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
