import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeToken, decodeVarints, encodeToken, encodeVarints } from './token.js';

describe('replay tokens', () => {
  it('round-trips any choice list through varint + base64url', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (choices) => {
        expect(decodeVarints(encodeVarints(choices))).toEqual(choices);
      }),
    );
  });

  it('round-trips scenario, params, choices and fingerprint', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat()), (params, choices) => {
        const t = { scenario: 'case-a/before', params, choices, fingerprint: 'abc123' };
        const back = decodeToken(encodeToken(t));
        expect(back.scenario).toBe(t.scenario);
        expect(back.choices).toEqual(choices);
        expect(JSON.stringify(back.params)).toBe(JSON.stringify(params));
      }),
    );
  });

  it('carries non-default run settings in an optional sixth part', () => {
    const plain = encodeToken({ scenario: 's', params: undefined, choices: [1], fingerprint: 'f', settings: undefined });
    expect(plain.split('.')).toHaveLength(5);
    const withSettings = encodeToken({ scenario: 's', params: undefined, choices: [1], fingerprint: 'f', settings: { maxSteps: 500, leakCheck: true } });
    expect(withSettings.split('.')).toHaveLength(6);
    expect(decodeToken(withSettings).settings).toEqual({ maxSteps: 500, leakCheck: true });
    expect(() => decodeToken(`${plain}.%%`)).toThrow(/settings part is not base64url JSON/);
  });

  it('is short and printable', () => {
    const token = encodeToken({ scenario: 'double-wake', params: { wakes: 2 }, choices: [0, 0, 3, 1, 0, 0, 0, 2], fingerprint: '1souxj3l8kn' });
    expect(token).toMatch(/^il1\.double-wake\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[0-9a-z]+$/);
    expect(token.length).toBeLessThan(60);
  });
});
