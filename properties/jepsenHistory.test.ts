import { describe, expect, it } from 'vitest';
import { readJepsenHistory } from './jepsenHistory.js';
import { JEPSEN_OPERATIONS, jepsenKvSpec, jepsenRegisterSpec } from './jepsenSpecs.js';
import { checkLinearizable } from './linearizable.js';

const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const ev = (process: number | string, type: string, f: string, value: unknown, key?: unknown) => ({ process, type, f, ...(key !== undefined && { key }), value });

describe('readJepsenHistory — Knossos’s reading of a Jepsen history', () => {
  it('pairs each completion with its process’s invocation; instants are line numbers', () => {
    const ops = readJepsenHistory(lines(ev(0, 'invoke', 'write', 3), ev(1, 'invoke', 'read', null), ev(0, 'ok', 'write', 3), ev(1, 'ok', 'read', 3)));
    expect(ops).toEqual([
      { actor: '0', op: 'write', input: { value: 3 }, output: 3, call: 1, ret: 3 },
      { actor: '1', op: 'read', input: { value: null }, output: 3, call: 2, ret: 4 },
    ]);
  });

  it('leaves a failed operation out, keeps an info (timed-out) one open forever, reads one still open at the end as info', () => {
    const ops = readJepsenHistory(
      lines(ev(0, 'invoke', 'cas', [1, 2]), ev(0, 'fail', 'cas', [1, 2]), ev(1, 'invoke', 'write', 4), ev(1, 'info', 'write', ':timed-out'), ev(2, 'invoke', 'read', null), ev(1, 'invoke', 'read', null)),
    );
    expect(ops.map((o) => [o.actor, o.op, o.ret])).toEqual([
      ['1', 'write', undefined],
      ['2', 'read', undefined],
      ['1', 'read', undefined],
    ]);
  });

  it('reads keys, keyword-style strings and skips the nemesis and blank lines', () => {
    const text = `${JSON.stringify({ process: 'nemesis', type: 'info', f: 'start', value: null })}\n\n${lines({ process: 3, type: ':invoke', f: ':get', key: 'k', value: null }, { process: 3, type: ':ok', f: ':get', key: 'k', value: 'x' })}`;
    expect(readJepsenHistory(text)).toEqual([{ actor: '3', op: 'get', input: { key: 'k', value: null }, output: 'x', call: 3, ret: 4 }]);
  });

  it('rejects a malformed line with one error naming it', () => {
    const read = (text: string) => () => readJepsenHistory(text, { source: 'h.jsonl', operations: JEPSEN_OPERATIONS });
    const one = (pattern: RegExp) => expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${pattern.source}[^\\n]*$`)) });
    expect(read(`${lines(ev(0, 'invoke', 'read', null))}\n{"process": 0, "type": "ok"`)).toThrow(one(/h\.jsonl:2: not JSON \(.*\) — each line must be one JSON object/));
    expect(read(lines(ev(0, 'invoke', 'read', null), ev(1, 'ok', 'read', 3)))).toThrow(one(/h\.jsonl:2: a return without a call: process 1 completes read \(ok\) but has no invocation open/));
    expect(read(lines(ev(0, 'invoke', 'incr', 1)))).toThrow(one(/h\.jsonl:1: unknown f "incr" — this spec knows read, get, write, put, cas, append/));
    expect(read(lines(ev(0, 'invoke', 'read', null), ev(0, 'invoke', 'write', 1)))).toThrow(one(/h\.jsonl:2: process 0 invokes write while its read from line 1 has not completed/));
    expect(read(lines(ev(0, 'invoke', 'read', null), ev(0, 'ok', 'write', 1)))).toThrow(one(/h\.jsonl:2: process 0 completes write but invoked read at line 1/));
    expect(read('[1, 2]')).toThrow(one(/h\.jsonl:1: not a JSON object/));
    expect(read(JSON.stringify({ process: 0, type: 'done', f: 'read' }))).toThrow(one(/h\.jsonl:1: "type" is "done" — use one of invoke, ok, fail, info/));
    // Numbers a double cannot keep apart, and values too deep to compare, are refused, not misread.
    expect(read('{"process":0,"type":"invoke","f":"write","value":9007199254740993}')).toThrow(one(/h\.jsonl:1: the number 9007199254740993 cannot be compared exactly .* — write such values as strings/));
    expect(read('{"process":0,"type":"invoke","f":"write","value":1e400}')).toThrow(one(/h\.jsonl:1: the number 1e400 cannot be compared exactly/));
    expect(read('{"process":0,"type":"invoke","f":"write","value":"9007199254740993 in a string is fine"}')).not.toThrow();
    expect(read(`{"process":0,"type":"invoke","f":"write","value":${'['.repeat(1001)}${']'.repeat(1001)}}`)).toThrow(one(/h\.jsonl:1: a value is nested deeper than 1000 levels/));
  });

  it('keeps process 1 and process "1" apart', () => {
    const text = lines(ev(1, 'invoke', 'write', 1), ev('1', 'ok', 'write', 1));
    expect(() => readJepsenHistory(text)).toThrow(/a return without a call: process "1" completes write/);
  });
});

describe('Jepsen-shaped specs', () => {
  const check = (text: string, spec = jepsenRegisterSpec()) => checkLinearizable(readJepsenHistory(text), spec).ok;

  it('register: nil is empty, a cas takes [old, new], a write’s echo is not compared', () => {
    expect(check(lines(ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', null), ev(0, 'invoke', 'write', 1), ev(0, 'ok', 'write', 1), ev(0, 'invoke', 'cas', [1, 2]), ev(0, 'ok', 'cas', [1, 2]), ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', 2)))).toBe(true);
    expect(check(lines(ev(0, 'invoke', 'write', 1), ev(0, 'ok', 'write', 1), ev(0, 'invoke', 'cas', [0, 2]), ev(0, 'ok', 'cas', [0, 2])))).toBe(false);
    expect(check(lines(ev(0, 'invoke', 'write', 1), ev(0, 'ok', 'write', 1), ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', null)))).toBe(false);
  });

  it('a timed-out write may explain a later read, or not have happened', () => {
    const timedOut = [ev(0, 'invoke', 'write', 5), ev(0, 'info', 'write', ':timed-out')];
    expect(check(lines(...timedOut, ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', 5)))).toBe(true);
    expect(check(lines(...timedOut, ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', null)))).toBe(true);
    expect(check(lines(...timedOut, ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', 5), ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', null)))).toBe(false);
  });

  it('kv: one register per key, append concatenates, a missing key reads as nil or ""', () => {
    const kv = jepsenKvSpec();
    expect(check(lines(ev(0, 'invoke', 'append', 'a', 'k'), ev(0, 'ok', 'append', 'a', 'k'), ev(1, 'invoke', 'append', 'b', 'k'), ev(1, 'ok', 'append', 'b', 'k'), ev(2, 'invoke', 'get', null, 'k'), ev(2, 'ok', 'get', 'ab', 'k'), ev(2, 'invoke', 'get', null, 'j'), ev(2, 'ok', 'get', '', 'j')), kv)).toBe(true);
    expect(check(lines(ev(0, 'invoke', 'put', 'a', 'k'), ev(0, 'ok', 'put', 'a', 'k'), ev(1, 'invoke', 'get', null, 'j'), ev(1, 'ok', 'get', 'a', 'j')), kv)).toBe(false);
    expect(kv.describe!({ actor: '0', op: 'cas', input: { key: 'k', value: [1, 2] }, call: 0, ret: undefined })).toBe('"k": cas 1→2 (no reply)');
  });

  it('"" and nil are one value both ways: read, and cas from either', () => {
    const kv = jepsenKvSpec();
    // A read of nil after a write of "" (before: not linearizable, while a read of "" on an empty key was).
    expect(check(lines(ev(0, 'invoke', 'put', '', 'k'), ev(0, 'ok', 'put', '', 'k'), ev(1, 'invoke', 'get', null, 'k'), ev(1, 'ok', 'get', null, 'k')), kv)).toBe(true);
    expect(check(lines(ev(0, 'invoke', 'write', ''), ev(0, 'ok', 'write', ''), ev(0, 'invoke', 'cas', [null, 1]), ev(0, 'ok', 'cas', [null, 1]), ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', 1)))).toBe(true);
    expect(check(lines(ev(0, 'invoke', 'cas', ['', 1]), ev(0, 'ok', 'cas', ['', 1]), ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', 1)))).toBe(true);
    // A value that is not nil still is not: "" after a write of 0 is a stale or wrong read.
    expect(check(lines(ev(0, 'invoke', 'write', 0), ev(0, 'ok', 'write', 0), ev(1, 'invoke', 'read', null), ev(1, 'ok', 'read', '')))).toBe(false);
  });

  it('compares values as values: any key order, any depth to the limit; object keys are one partition', () => {
    expect(check(lines(ev(0, 'invoke', 'write', { a: 1, b: 2 }), ev(0, 'ok', 'write', { a: 1, b: 2 }), ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', { b: 2, a: 1 })))).toBe(true);
    const nest = (leaf: number, depth: number): unknown => (depth === 0 ? leaf : [nest(leaf, depth - 1)]);
    expect(check(lines(ev(0, 'invoke', 'write', nest(1, 150)), ev(0, 'ok', 'write', nest(1, 150)), ev(0, 'invoke', 'read', null), ev(0, 'ok', 'read', nest(2, 150))))).toBe(false);
    expect(check(lines(ev(0, 'invoke', 'write', 1, { x: 1, y: 2 }), ev(0, 'ok', 'write', 1, { x: 1, y: 2 }), ev(0, 'invoke', 'read', null, { y: 2, x: 1 }), ev(0, 'ok', 'read', 1, { y: 2, x: 1 })), jepsenKvSpec())).toBe(true);
  });
});
