import { describe, expect, it } from 'vitest';
import { decodeToken } from '../explore/token.js';
import { renderJson } from './json.js';
import { failureOf } from './failures.fixture.js';

describe('JSON report', () => {
  it('is the whole trace as data: every step written out, none taken for a cycle', async () => {
    const f = await failureOf('crowded');
    const doc = JSON.parse(renderJson(f));
    expect(doc).toMatchObject({ scenario: 'crowded', kind: 'invariant', token: f.token, fingerprint: decodeToken(f.token).fingerprint, steps: f.steps });
    expect(doc.trace).toHaveLength(f.trace.steps.length);
    expect(doc.trace).toEqual(JSON.parse(JSON.stringify(f.trace.steps)));
    expect(JSON.stringify(doc)).not.toContain('<cycle>');
  });

  it('has every field, null where the view has none (a replay knows no seed), never "<undefined>"', async () => {
    const f = await failureOf('crowded');
    const replayed = { ...f, params: undefined, stepsBeforeShrink: undefined, preemptionsBeforeShrink: undefined, firstFoundAt: undefined, seed: undefined };
    const doc = JSON.parse(renderJson(replayed)) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema: 1, params: null, stepsBeforeShrink: null, preemptionsBeforeShrink: null, firstFoundAt: null, seed: null });
    expect(Object.keys(doc).sort()).toEqual(Object.keys(JSON.parse(renderJson(f)) as object).sort());
    expect(JSON.stringify(doc)).not.toContain('<undefined>');
  });
});
