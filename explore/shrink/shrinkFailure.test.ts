import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';
import { explore } from '../explore.js';
import { replay } from '../replay.js';
import { failureSignature } from './size.js';
import { PropertyViolation } from '../../properties/violation.js';

/**
 * Acceptance: a lost update on a Cell, in a scenario padded with six irrelevant actors, is found by
 * every strategy and shrinks to the minimal interleaving — the two actors' starts and four accesses,
 * one context switch — with none of the padding left in the trace.
 */
describe('shrinking a lost update to the minimal interleaving', () => {
  const padded = lostUpdate(6);

  for (const strategy of ['random', 'preempt', 'pct', 'pos', 'rff', 'dfs', 'portfolio', 'fast-check'] as const) {
    it(`is found by ${strategy} and shrunk to 6 steps and 1 context switch`, async () => {
      const r = await explore(padded, { strategy, seed: 42, runs: 2000 });
      expect(r.ok).toBe(false);
      const f = r.failure!;
      expect(f.kind).toBe('invariant');
      expect(f.message).toMatch(/lost update: counter is 1 after two increments/);
      expect(f.steps).toBe(6);
      expect(f.preemptions).toBe(1);
      expect(f.stepsBeforeShrink).toBeGreaterThanOrEqual(f.steps);
      const actors = new Set(f.trace.steps.map((s) => s.actor));
      expect([...actors].sort()).toEqual(['A', 'B']);
      const ops = f.trace.steps.map((s) => s.op);
      expect(ops.filter((o) => o === 'start')).toHaveLength(2);
      expect(ops.filter((o) => o.startsWith('counter.'))).toHaveLength(4);
      // The token replays to the identical trace.
      expect((await replay(padded, f.token)).trace.fingerprint).toBe(f.trace.fingerprint);
    });
  }

  it('prints a report that names both actors and ends with the replay command', async () => {
    const r = await explore(padded, { seed: 1, runs: 500 });
    const text = r.failure!.report();
    expect(text).toMatch(/invariant failed: Error: lost update/);
    expect(text).toMatch(/│ A +│ B|│ B +│ A/);
    expect(text).toContain(`npx interleave replay ${r.failure!.token}`);
  });

  it('leaves a failure unshrunk when asked to', async () => {
    const r = await explore(padded, { strategy: 'random', seed: 5, runs: 500, shrink: false });
    expect(r.failure!.steps).toBe(r.failure!.stepsBeforeShrink);
    expect(r.failure!.shrinks).toBe(0);
  });
});

describe('what counts as the same failure while shrinking', () => {
  const sig = (message: string) => failureSignature({ kind: 'invariant', message });

  it('ignores numbers, including the #2 of a second actor of the same name, so a mirrored race is the same bug', () => {
    expect(sig('two holders of lease "s1": w2 acquired it at step 14 while w1#2 (since step 9) still held it')).toBe(sig('two holders of lease "s1": w1#2 acquired it at step 7 while w2 (since step 3) still held it'));
  });

  it('takes two violations of one property for the same bug, whatever history they quote, and keeps properties apart', () => {
    const violation = (property: string, detail: string) => {
      const error = new PropertyViolation(property, detail);
      return failureSignature({ kind: 'invariant', message: `invariant failed: ${error.name}: ${error.message}`, error });
    };
    expect(violation('no-lost-increments', 'A → {"new":1}, B → {"new":1}')).toBe(violation('no-lost-increments', 'A → {"new":1}, B → {"old":1,"new":2}, A → {"old":1,"new":2}'));
    expect(violation('no-lost-increments', 'x')).not.toBe(violation('linearizable', 'x'));
  });

  it('keeps apart failures whose words differ', () => {
    expect(sig('two holders of lease "s1"')).not.toBe(sig('lease "s1" was never released'));
    expect(failureSignature({ kind: 'check', message: 'x' })).not.toBe(failureSignature({ kind: 'invariant', message: 'x' }));
  });
});
