import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../sim/trace.js';
import { kvSpec } from './kvSpec.js';
import { checkLinearizable, linearizable, type Operation, type SequentialSpec } from './linearizable.js';
import { registerSpec } from './registerSpec.js';

const op = (actor: string, name: string, input: unknown, output: unknown, call: number, ret?: number): Operation => ({ actor, op: name, input, output, call, ret });

describe('linearizable — textbook histories', () => {
  it("Porcupine's README register: concurrent write(100) with reads of 0 and 100 is linearizable", () => {
    // C0 write(100) spans both reads; C2 reads 0 (before the write), C1 reads 100 (after it).
    const h = [op('C0', 'write', { value: 100 }, undefined, 0, 5), op('C1', 'read', {}, 100, 1, 4), op('C2', 'read', {}, 0, 2, 3)];
    expect(checkLinearizable(h, registerSpec(0)).ok).toBe(true);
  });

  it("Porcupine's README register: a read of 0 after a read of 200 completed is not linearizable", () => {
    const h = [op('C0', 'write', { value: 200 }, undefined, 0, 100), op('C1', 'read', {}, 200, 10, 30), op('C2', 'read', {}, 0, 40, 90)];
    const r = checkLinearizable(h, registerSpec(0));
    expect(r.ok).toBe(false);
    expect(() => linearizable(h, registerSpec(0))).toThrow(/linearizable violated: the history \(3 operations\) has no linearization/);
  });

  it('a stale read after a completed write is not linearizable; the same read overlapping the write is', () => {
    expect(checkLinearizable([op('A', 'write', { value: 1 }, undefined, 0, 1), op('B', 'read', {}, 0, 2, 3)], registerSpec(0)).ok).toBe(false);
    expect(checkLinearizable([op('A', 'write', { value: 1 }, undefined, 0, 2), op('B', 'read', {}, 0, 1, 3)], registerSpec(0)).ok).toBe(true);
  });

  it('two compare-and-sets from the same value cannot both win (Knossos cas-register)', () => {
    const both = [op('A', 'cas', { expected: 0, next: 1 }, true, 0, 5), op('B', 'cas', { expected: 0, next: 2 }, true, 1, 6)];
    expect(checkLinearizable(both, registerSpec(0)).ok).toBe(false);
    const one = [op('A', 'cas', { expected: 0, next: 1 }, true, 0, 5), op('B', 'cas', { expected: 0, next: 2 }, false, 1, 6), op('C', 'read', {}, 1, 7, 8)];
    expect(checkLinearizable(one, registerSpec(0)).ok).toBe(true);
  });

  it('an operation that never returned may have taken effect, or not', () => {
    const seen = [op('A', 'write', { value: 1 }, undefined, 0, undefined), op('B', 'read', {}, 1, 2, 3)];
    const unseen = [op('A', 'write', { value: 1 }, undefined, 0, Infinity), op('B', 'read', {}, 0, 2, 3)];
    const flipBack = [op('A', 'write', { value: 1 }, undefined, 0, undefined), op('B', 'read', {}, 1, 2, 3), op('B', 'read', {}, 0, 4, 5)];
    expect(checkLinearizable(seen, registerSpec(0)).ok).toBe(true);
    expect(checkLinearizable(unseen, registerSpec(0)).ok).toBe(true);
    expect(checkLinearizable(flipBack, registerSpec(0)).ok).toBe(false);
  });

  it('a lost update (two increments both see 0) is not linearizable; the error names the key, its operations and the longest prefix', () => {
    const h = [
      op('A', 'update', { key: 'hits', by: 1 }, { old: undefined, new: 1 }, 0, 3),
      op('B', 'update', { key: 'hits', by: 1 }, { old: undefined, new: 1 }, 1, 4),
      op('A', 'set', { key: 'other', value: 'x' }, undefined, 5, 6),
      op('C', 'get', { key: 'other' }, 'x', 7, 8),
      op('C', 'get', { key: 'third' }, undefined, 9, 10),
    ];
    const r = checkLinearizable(h, kvSpec());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.partition).toBe('hits');
      expect(r.partitions).toBe(3);
      expect(r.longestPrefix).toHaveLength(1);
    }
    let message = '';
    try {
      linearizable(h, kvSpec());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('linearizable violated: partition "hits" (2 of 5 operations) has no linearization');
    expect(message).toContain('\n  1  A         0    3  "hits": update +1 → {"old":undefined,"new":1}\n');
    expect(message).toContain('\n  ✗  B         1    4  "hits": update +1 → {"old":undefined,"new":1}\n');
    expect(message).toContain('longest linearizable prefix: A update');
    expect(message).toContain('every order breaks at: [1, 4] B update({"key":"hits","by":1}) → {"old":undefined,"new":1}');
  });

  it('an operation that returned after every call is still required: it cannot be covered like one that never returned', () => {
    // The cas must go while the register still holds 0 — before the write, though it returned last.
    const h = [op('A', 'write', { value: 1 }, undefined, 0, 1), op('B', 'read', {}, 1, 2, 3), op('L', 'cas', { expected: 0, next: 1 }, true, 0, 20)];
    expect(checkLinearizable(h, registerSpec(0)).ok).toBe(true);
    expect(checkLinearizable([...h, op('C', 'read', {}, 0, 4, 5)], registerSpec(0)).ok).toBe(false);
  });

  it('does not depend on the order of the operations in the array (nearly sorted, shuffled or reversed)', () => {
    // Two clients alternate writes and reads of their own writes, overlapping a little.
    const h: Operation[] = [];
    for (let i = 1; i <= 120; i++) h.push(op(`C${i % 2}`, i % 3 ? 'write' : 'read', i % 3 ? { value: i } : {}, i % 3 ? undefined : i - 1, 10 * i, 10 * i + 12));
    const bad = [...h, op('Z', 'read', {}, 'never written', 700, 701)];
    const rng = (() => {
      let x = 7;
      return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    })();
    const shuffled = <T>(a: T[]) => a.map((v) => [rng(), v] as const).sort((p, q) => p[0] - q[0]).map(([, v]) => v);
    for (const order of [(a: Operation[]) => a, (a: Operation[]) => [...a].reverse(), shuffled]) {
      expect(checkLinearizable(order(h), registerSpec(0)).ok).toBe(true);
      expect(checkLinearizable(order(bad), registerSpec(0)).ok).toBe(false);
    }
  });

  it('checks a long sequential-ish history quickly thanks to the memo and partitions', () => {
    const h: Operation[] = [];
    let t = 0;
    for (let i = 0; i < 300; i++) {
      const key = `k${i % 5}`;
      // Pairs of overlapping increments per key, each pair linearizable.
      h.push(op(`A${i}`, 'update', { key, by: 1 }, { old: Math.floor(i / 5) === 0 ? undefined : Math.floor(i / 5), new: Math.floor(i / 5) + 1 }, t, t + 3));
      t += 2;
    }
    expect(checkLinearizable(h, kvSpec()).ok).toBe(true);
  });
});

// ── differential: the checker against brute force on small random histories ─────────────────

function bruteForce<S, I, O>(history: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>): boolean {
  const groups = new Map<unknown, Operation<I, O>[]>();
  for (const o of history) {
    const k = spec.partition ? spec.partition(o) : 0;
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const isPending = (o: Operation<I, O>) => o.ret === undefined || o.ret === Infinity;
  const tryOrder = (ops: Operation<I, O>[]): boolean => {
    const n = ops.length;
    const used = new Array<boolean>(n).fill(false);
    const go = (state: S, placed: number): boolean => {
      if (ops.every((o, i) => used[i] || isPending(o))) return true;
      if (placed === n) return false;
      for (let i = 0; i < n; i++) {
        if (used[i]) continue;
        const o = ops[i]!;
        // Real-time order: every unplaced completed op that returned before o was called must come first.
        if (ops.some((p, j) => !used[j] && j !== i && !isPending(p) && p.ret! < o.call)) continue;
        const r = spec.step(state, o.input, o.op);
        if (!r.ok || (!isPending(o) && stableJson(r.output) !== stableJson(o.output))) continue;
        used[i] = true;
        if (go(r.state, placed + 1)) return true;
        used[i] = false;
      }
      return false;
    };
    return go(spec.init(), 0);
  };
  return [...groups.values()].every(tryOrder);
}

const opArb = (keys: readonly string[]) =>
  fc
    .record({
      actor: fc.constantFrom('A', 'B', 'C'),
      op: fc.constantFrom('get', 'set', 'cas', 'update', 'delete'),
      key: fc.constantFrom(...keys),
      value: fc.integer({ min: 0, max: 2 }),
      expected: fc.integer({ min: 0, max: 2 }),
      out: fc.integer({ min: 0, max: 2 }),
      flag: fc.boolean(),
      call: fc.integer({ min: 0, max: 12 }),
      duration: fc.integer({ min: 0, max: 6 }),
      pending: fc.integer({ min: 0, max: 9 }),
    })
    .map((g): Operation => {
      const input = { key: g.key, value: g.value, expected: g.expected, next: g.value, by: 1 };
      const output =
        g.op === 'get' ? (g.out === 0 ? undefined : g.out) : g.op === 'set' ? undefined : g.op === 'update' ? { old: g.out === 0 ? undefined : g.out, new: g.out + 1 } : g.flag;
      return { actor: g.actor, op: g.op, input, output, call: g.call, ret: g.pending === 0 ? undefined : g.call + g.duration };
    });

describe('kvSpec — keys are keys', () => {
  it('a key named like an Object property (constructor, __proto__, toString) is an ordinary, absent key', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(checkLinearizable([{ actor: 'A', op: 'get', input: { key }, output: undefined, call: 0, ret: 1 }], kvSpec()).ok).toBe(true);
      const setGet: Operation<unknown, unknown>[] = [
        { actor: 'A', op: 'set', input: { key, value: 1 }, output: undefined, call: 0, ret: 1 },
        { actor: 'A', op: 'get', input: { key }, output: 1, call: 2, ret: 3 },
        { actor: 'A', op: 'delete', input: { key }, output: true, call: 4, ret: 5 },
        { actor: 'A', op: 'update', input: { key, by: 1 }, output: { old: undefined, new: 1 }, call: 6, ret: 7 },
      ];
      expect(checkLinearizable(setGet, kvSpec() as SequentialSpec<unknown, unknown, unknown>).ok).toBe(true);
    }
  });

  it('compare-and-set compares values, not identities', () => {
    const ops: Operation<unknown, unknown>[] = [
      { actor: 'A', op: 'set', input: { key: 'k', value: { n: 1 } }, output: undefined, call: 0, ret: 1 },
      { actor: 'A', op: 'cas', input: { key: 'k', expected: { n: 1 }, next: { n: 2 } }, output: true, call: 2, ret: 3 },
      { actor: 'A', op: 'get', input: { key: 'k' }, output: { n: 2 }, call: 4, ret: 5 },
    ];
    expect(checkLinearizable(ops, kvSpec() as SequentialSpec<unknown, unknown, unknown>).ok).toBe(true);
  });
});

describe('linearizable — differential against brute force (≤ 6 operations)', () => {
  it('agrees with a brute-force permutation search on random register and key-value histories', () => {
    let yes = 0;
    let no = 0;
    for (const keys of [['x'], ['x', 'y']] as const) {
      fc.assert(
        fc.property(fc.array(opArb(keys), { minLength: 1, maxLength: 6 }), (history) => {
          const expected = bruteForce(history, kvSpec());
          const got = checkLinearizable(history, kvSpec()).ok;
          if (expected) yes++;
          else no++;
          expect(got).toBe(expected);
        }),
        { numRuns: 1500, seed: 20261122 },
      );
    }
    // Both verdicts must be well represented, or the comparison proves little.
    expect(yes).toBeGreaterThan(300);
    expect(no).toBeGreaterThan(300);
    console.log(`linearizable differential: ${yes} linearizable, ${no} not, all agreeing with brute force`);
  });

  it('agrees on register histories crowded with reads, unreturned writes and look-alike operations (the reductions)', () => {
    // Two values and coarse instants make twins (same op, input, output and return) common, a
    // quarter of the operations never return and a quarter return after every call (late, as
    // Porcupine closes open operations): the read-first, optional, late and twin rules all fire.
    const crowded = fc
      .record({
        op: fc.constantFrom('read', 'read', 'write', 'cas'),
        value: fc.integer({ min: 0, max: 1 }),
        flag: fc.boolean(),
        call: fc.integer({ min: 0, max: 5 }),
        duration: fc.integer({ min: 0, max: 4 }),
        pending: fc.integer({ min: 0, max: 3 }),
      })
      .map(
        (g): Operation => ({
          actor: 'A',
          op: g.op,
          input: g.op === 'write' ? { value: g.value } : g.op === 'cas' ? { expected: g.value, next: 1 - g.value } : {},
          output: g.op === 'read' ? (g.flag ? g.value : undefined) : g.op === 'cas' ? g.flag : undefined,
          call: g.call,
          ret: g.pending === 0 ? undefined : g.pending === 3 ? 20 : g.call + g.duration,
        }),
      );
    let yes = 0;
    let no = 0;
    fc.assert(
      fc.property(fc.array(crowded, { minLength: 1, maxLength: 7 }), (history) => {
        const expected = bruteForce(history, registerSpec());
        if (expected) yes++;
        else no++;
        expect(checkLinearizable(history, registerSpec()).ok).toBe(expected);
      }),
      { numRuns: 2000, seed: 20261207 },
    );
    expect(yes).toBeGreaterThan(300);
    expect(no).toBeGreaterThan(300);
  });
});

describe('linearizable — a slow or malformed spec', () => {
  const history = Array.from({ length: 40 }, (_, i) => op(`P${i % 4}`, 'write', { value: i }, undefined, i, i + 10));

  it('a step slower than the time limit stops the search at the next step, not 1,024 steps later', () => {
    const slow: SequentialSpec<number, { value: number }, undefined> = {
      init: () => 0,
      step(_s, input) {
        const until = performance.now() + 15;
        while (performance.now() < until);
        return { ok: true, state: input.value, output: undefined };
      },
    };
    const r = checkLinearizable(history, slow, { timeLimitMs: 5 });
    expect(r).toMatchObject({ ok: false, verdict: 'unknown', reason: 'time' });
    // Each step took 15 ms against a 5 ms limit: the first one is already late.
    expect(r.steps).toBeLessThanOrEqual(2);
  });

  it('a step that returns a Promise, or no boolean ok, is refused with the reason', () => {
    const asyncSpec = { init: () => 0, step: async (s: number) => ({ ok: true, state: s, output: undefined }) } as unknown as SequentialSpec<unknown, unknown, unknown>;
    expect(() => checkLinearizable(history, asyncSpec)).toThrow(/spec\.step returned a Promise, not \{ ok, state, output \}: a sequential spec is synchronous/);
    const bare = { init: () => 0, step: (s: number) => s } as unknown as SequentialSpec<unknown, unknown, unknown>;
    expect(() => checkLinearizable(history, bare)).toThrow(/spec\.step returned 0, not \{ ok, state, output \}$/);
  });
});
