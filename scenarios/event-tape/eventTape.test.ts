import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import type { Failure } from '../../explore/failure.js';
import { replay } from '../../explore/replay.js';
import { eventTape } from './eventTape.js';
import { entries } from './index.js';

const ONE_OF_EACH = { tasks: 1, progress: 1, cancelAfter: 1 };

function actorsOf(f: Failure): string[] {
  return [...new Set(f.trace.steps.map((s) => s.actor))];
}

async function replaysIdentically(scenario: Parameters<typeof replay>[0], f: Failure): Promise<void> {
  const again = await replay(scenario, f.token);
  expect(again.ok).toBe(false);
  expect(again.trace.fingerprint).toBe(f.trace.fingerprint);
  expect(again.failure?.message).toBe(f.message);
}

describe('case B, before: a late event lands after final (property 1)', () => {
  const scenario = eventTape({ variant: 'before', property: 'final-is-last' });

  it('is found within 500 schedules for 10 seeds; minimal repro ≤ 2 context switches; tokens replay', async () => {
    const found: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const r = await explore(scenario, { seed, runs: 500 });
      expect(r.ok, `seed ${seed}`).toBe(false);
      const f = r.failure!;
      found.push(f.firstFoundAt);
      expect(f.kind).toBe('check');
      // The late write is the runner's in-flight progress, or its in-flight task_started (the PR names both).
      expect(f.message).toMatch(/"final" is not the last event — the tape ends with "(progress|task_started)"/);
      expect(f.preemptions).toBeLessThanOrEqual(2);
      const actors = actorsOf(f);
      expect(actors).toContain('client');
      expect(actors.some((a) => /^run task-\d$/.test(a))).toBe(true);
      expect(actors.some((a) => /^task-\d (progress|task_started)$/.test(a))).toBe(true);
      await replaysIdentically(scenario, f);
    }
    expect(Math.max(...found)).toBeLessThanOrEqual(500);
  });

  it('one task, one progress, one cancel (dfs): the repro is the runner, its progress worker and the canceller', async () => {
    const r = await explore(scenario, { strategy: 'dfs', seed: 1, runs: 10_000, params: ONE_OF_EACH });
    const f = r.failure!;
    expect(f.firstFoundAt).toBeLessThanOrEqual(500);
    expect(f.message).toContain('the tape ends with "progress": 1:task_started 2:final{"status":"cancelled"} 3:progress{"n":0}');
    expect(f.preemptions).toBeLessThanOrEqual(2);
    expect(actorsOf(f)).toEqual(expect.arrayContaining(['client', 'run task-1', 'task-1 progress', 'task-1 cancelled', 'task-1 final']));
    // The progress worker's append is the last step: it committed after the manager's final.
    expect(f.trace.steps.at(-1)).toMatchObject({ actor: 'task-1 progress', op: 'tasks.appendEvent' });
    await replaysIdentically(scenario, f);
  });
});

describe('case B, after: the terminal guard keeps final last (properties 1–2)', () => {
  for (const property of ['final-is-last', 'tape-matches-row'] as const) {
    const scenario = eventTape({ variant: 'after', property });
    for (const strategy of ['random', 'pct'] as const) {
      it(`${property}: 10,000 ${strategy} schedules clean`, async () => {
        const r = await explore(scenario, { strategy, seed: 258, runs: 10_000 });
        expect(r.failure?.message).toBeUndefined();
        expect(r.schedules).toBe(10_000);
      });
    }
    it(`${property}: dfs exhausts one task, one progress, one cancel`, async () => {
      const r = await explore(scenario, { strategy: 'dfs', seed: 1, runs: 100_000, params: ONE_OF_EACH });
      expect(r.ok).toBe(true);
      expect(r.exhausted).toMatchObject({ complete: true });
    });
  }
});

describe('case B, property 3: a cancel before _run starts strands the task', () => {
  for (const variant of ['before', 'after'] as const) {
    it(`${variant}: reported with the cancel-before-start repro (≤ 1 context switch)`, async () => {
      const scenario = eventTape({ variant, property: 'no-strand' });
      const r = await explore(scenario, { seed: 1, runs: 500 });
      const f = r.failure!;
      expect(f.message).toMatch(/stranded: "task-\d" is pending \(tape \(empty\)\)/);
      expect(f.preemptions).toBeLessThanOrEqual(1);
      // _run never took a step: the cancel landed before its first one.
      expect(actorsOf(f).some((a) => a.startsWith('run '))).toBe(false);
      expect(f.trace.events).toContainEqual(expect.objectContaining({ kind: 'cancel', data: { id: 'task-1', delivered: true } }));
      await replaysIdentically(scenario, f);
    });

    it(`${variant}: passes with a modelled server restart (restartCleanup)`, async () => {
      const scenario = eventTape({ variant, property: 'no-strand', restart: true });
      const r = await explore(scenario, { strategy: 'random', seed: 3, runs: 3000 });
      expect(r.failure?.message).toBeUndefined();
    });
  }
});

describe('case B registry rows', () => {
  it('one row per variant × property, names unique, expectations as the case file says', () => {
    const names = entries.map((e) => e.scenario.name);
    expect(new Set(names).size).toBe(names.length);
    const fails = entries.filter((e) => e.expect === 'fails').map((e) => e.scenario.name);
    expect(fails).toEqual(['event-tape:before:final-is-last', 'event-tape:before:no-strand', 'event-tape:after:no-strand']);
  });
});
