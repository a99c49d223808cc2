import { describe, expect, it } from 'vitest';
import { checkLinearizable, linearizable, type Operation } from './linearizable.js';
import { linearizabilityPicture, pictureOfViolation, pictureTable } from './linearizabilityPicture.js';
import { registerSpec } from './registerSpec.js';

const op = (actor: string, name: string, input: unknown, output: unknown, call: number, ret?: number): Operation => ({ actor, op: name, input, output, call, ret });

// Porcupine's README example of a violation: C2 reads 0 after C1 read the 200 that C0 wrote.
const stale = [op('C0', 'write', { value: 200 }, undefined, 0, 100), op('C1', 'read', {}, 200, 10, 30), op('C2', 'read', {}, 0, 40, 90), op('C3', 'write', { value: 7 }, undefined, 5)];

describe('linearizabilityPicture', () => {
  it('draws one lane per client in call order, numbers the longest prefix and marks where every order breaks', () => {
    const p = linearizabilityPicture(checkLinearizable(stale, registerSpec(0)));
    expect(p.verdict).toBe('not-linearizable');
    expect(p.lanes).toEqual(['C0', 'C3', 'C1', 'C2']);
    expect(p.operations.map((o) => [o.actor, o.order, o.breaking, o.ret])).toEqual([
      ['C0', 1, false, 100],
      ['C3', 0, false, undefined],
      ['C1', 2, false, 30],
      ['C2', 0, true, 90],
    ]);
    expect(p.prefix).toEqual([0, 2]);
    expect(p.summary).toBe('not linearizable: every order breaks at C2 read({}) → 0 — no order of the operations before its return explains it; the longest linearizable prefix has 2 operations');
  });

  it('prints as a compact table, and past maxRows keeps the rows around the breaking operation', () => {
    const table = pictureTable(linearizabilityPicture(checkLinearizable(stale, registerSpec(0))));
    expect(table.split('\n').slice(0, 5)).toEqual([
      '  #  actor  call  ret  operation',
      '  1  C0        0  100  write({"value":200}) → undefined',
      '  ·  C3        5    …  write({"value":7}) (never returned)',
      '  2  C1       10   30  read({}) → 200',
      '  ✗  C2       40   90  read({}) → 0',
    ]);
    const long = [...Array.from({ length: 50 }, (_, i) => op(`W${i}`, 'write', { value: i }, undefined, 2 * i, 2 * i + 1)), op('R', 'read', {}, 'never written', 200, 201)];
    const rows = pictureTable(linearizabilityPicture(checkLinearizable(long, registerSpec(0))), { maxRows: 6 }).split('\n');
    expect(rows).toHaveLength(9);
    expect(rows[1]).toBe('  … 45 earlier operations');
    expect(rows[7]).toMatch(/^ {2}✗ +R +200 +201 {2}read/);
  });

  it('rides on the violation linearizable() throws, for the failure report', () => {
    let error: unknown;
    try {
      linearizable(stale, registerSpec(0));
    } catch (e) {
      error = e;
    }
    expect(pictureOfViolation(error)?.breaking).toBe(3);
    expect(pictureOfViolation(new Error('other'))).toBeUndefined();
  });
});
