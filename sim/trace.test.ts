import { describe, expect, it } from 'vitest';
import { stableJson } from './trace.js';

describe('stableJson', () => {
  it('writes an object reached twice by different paths both times; only a real cycle is <cycle>', () => {
    const shared = [1];
    expect(stableJson({ a: shared, b: shared })).toBe('{"a":[1],"b":[1]}');
    const self: Record<string, unknown> = { n: 1 };
    self.self = self;
    expect(stableJson(self)).toBe('{"n":1,"self":"<cycle>"}');
    const deep: { a: { b: Record<string, unknown> } } = { a: { b: {} } };
    deep.a.b.up = deep.a;
    expect(stableJson(deep)).toBe('{"a":{"b":{"up":"<cycle>"}}}');
  });

  it('writes Maps, Sets, bigints, errors and undefined as stable text, cycles through a Map included', () => {
    const shared = [1];
    const m = new Map<string, unknown>([['x', shared]]);
    m.set('me', m);
    expect(stableJson([m, shared])).toBe('[{"<Map>":[["x",[1]],["me","<cycle>"]]},[1]]');
    expect(stableJson(new Set(['a', shared]))).toBe('{"<Set>":["a",[1]]}');
    expect(stableJson([undefined, 2n, new TypeError('no'), () => 0])).toBe('["<undefined>","2n","<TypeError: no>","<fn anonymous>"]');
    expect(stableJson(undefined)).toBe('"<undefined>"');
  });
});
