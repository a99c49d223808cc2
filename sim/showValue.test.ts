import { describe, expect, it } from 'vitest';
import { showValue } from './showValue.js';

describe('showValue', () => {
  it('shows plain data as JSON and spells out what JSON loses', () => {
    expect(showValue({ x: [1, 'two'] })).toBe('{"x":[1,"two"]}');
    expect(showValue('7')).toBe('"7"');
    expect(showValue(NaN)).toBe('NaN');
    expect(showValue(-0)).toBe('-0');
    expect(showValue([Infinity, undefined])).toBe('[Infinity,undefined]');
    expect(showValue(7n)).toBe('7n');
    expect(showValue({ n: 7n })).toBe('{"n":7n}');
    expect(showValue(function load() {})).toBe('a function (load)');
    expect(showValue(Symbol('s'))).toBe('Symbol(s)');
    expect(showValue(new TypeError('bad'))).toBe('TypeError: bad');
  });

  it('never throws: a throwing toString, getter or proxy trap is named, cycles are cut', () => {
    expect(showValue({ toString: () => { throw new Error('no'); } })).toBe('{"toString":a function (toString)}');
    const getter = Object.defineProperty({}, 'x', { enumerable: true, get: () => { throw new RangeError('no'); } });
    expect(showValue(getter)).toBe('{"x":<a value whose inspection threw RangeError>}');
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(showValue(trap)).toBe('<a value whose inspection threw Error>');
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(showValue(cyc)).toBe('{"self":[circular]}');
    expect(showValue('x'.repeat(500)).length).toBe(120);
  });
});
