import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import type { ChoiceSource } from './choices.js';
import { listSource } from './listSource.js';
import { Run } from './run.js';
import { defineScenario } from './scenario.js';

/** Two actors that read a shared slot holding a model (a Cell inside a plain object), then write it. */
const slot = defineScenario({
  name: 'tracked-footprints',
  setup(sim) {
    const box = new Cell<{ inner: Cell<number> } | null>(sim, 'box', null);
    for (const name of ['A', 'B'])
      sim.spawn(name, async () => {
        const seen = await box.get();
        if (seen === null) await box.set({ inner: new Cell(sim, `inner-${name}`, 0) });
      });
  },
});

/** A source that records what it is told, choosing by a fixed list. */
function recording(choices: number[]) {
  const touches: string[][] = [];
  const steps: string[][] = [];
  const list = listSource(choices);
  const source: ChoiceSource = {
    wantsFootprints: true,
    choose: (p) => {
      touches.push([...(p.touches ?? [])]);
      return list.choose(p);
    },
    onStep: (fp) => void steps.push([...fp]),
  };
  return { source, touches, steps };
}

describe('a tracked run (real code) tells sources what a fast run does, and more', () => {
  it('gives each option the object its operation declares, and each step the object and `*`', async () => {
    const fast = recording([0, 1, 0]);
    const tracked = recording([0, 1, 0]);
    await new Run({ source: fast.source }).execute(slot, undefined);
    await new Run({ source: tracked.source, tracked: true }).execute(slot, undefined);
    // The options' touches are the declared objects on both loops: POS and RFF go by them.
    expect(tracked.touches).toEqual(fast.touches);
    expect(fast.touches.flat()).toContain('r:cell:box');
    // A real-code step may touch what no model declares: reduction sees `*` beside the declared object.
    expect(tracked.steps.length).toBe(fast.steps.length);
    tracked.steps.forEach((fp, i) => {
      expect(fp).toContain('*');
      for (const f of fast.steps[i]!) if (f !== '*') expect(fp).toContain(f);
    });
  });

  it('fingerprints a step whose result holds a model the same on both loops', async () => {
    for (const choices of [[0, 0, 0], [0, 1, 0], [1, 0, 1]]) {
      const fast = await new Run({ source: listSource(choices) }).execute(slot, undefined);
      const tracked = await new Run({ source: listSource(choices), tracked: true }).execute(slot, undefined);
      expect(tracked.trace.fingerprint).toBe(fast.trace.fingerprint);
    }
  });
});
