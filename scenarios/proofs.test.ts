/**
 * Every bundled row expected clean has a dfs configuration that exhausts (`proofs.ts`): a bounded
 * proof over a small pinned workload, run here to the end. A row without one must say why.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../explore/explore.js';
import { proofs, unprovable } from './proofs.js';
import { registry } from './registry.js';

const clean = registry.filter((e) => e.expect === 'passes');

describe('proofs of the clean rows', () => {
  it('every clean row has a proof or a reason, and every proof names a clean row', () => {
    for (const e of clean) expect(proofs[e.scenario.name] ?? unprovable[e.scenario.name], e.scenario.name).toBeDefined();
    const names = new Set(clean.map((e) => e.scenario.name));
    for (const name of [...Object.keys(proofs), ...Object.keys(unprovable)]) expect(names.has(name), name).toBe(true);
  });

  for (const e of clean.filter((x) => proofs[x.scenario.name])) {
    it(`${e.scenario.name}: dfs exhausts ${JSON.stringify(proofs[e.scenario.name]!.options.params ?? 'its one world')} up to bound ${proofs[e.scenario.name]!.options.preemptionBound ?? '∞'}, clean`, async () => {
      const r = await explore(e.scenario, { ...e.options, ...proofs[e.scenario.name]!.options, corpus: false });
      expect(r.ok, r.failure?.message).toBe(true);
      expect(r.exhausted, `not exhausted within ${proofs[e.scenario.name]!.options.runs} schedules`).toBeDefined();
    }, 120_000);
  }
});
