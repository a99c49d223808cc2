import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { EPOCH } from '../sim/clock.js';
import { explore } from '../explore/explore.js';
import { defineScenario } from '../sim/scenario.js';
import type { SimEvent } from '../sim/trace.js';
import { noTornRead } from './noTornRead.js';

const ev = (step: number, kind: string, data: unknown): SimEvent => ({ step, time: EPOCH, actor: kind === 'read' ? 'R' : 'W', kind, data });

describe('noTornRead', () => {
  it('with a predicate: every observed snapshot satisfies the invariant of atomic states', () => {
    const consistent = (s: { a: number; b: number; sum: number }) => s.a + s.b === s.sum;
    expect(() => noTornRead([ev(1, 'read', { a: 1, b: 2, sum: 3 })], { consistent })).not.toThrow();
    expect(() => noTornRead([ev(1, 'read', { a: 1, b: 2, sum: 2 })], { consistent })).toThrow(/noTornRead violated: R observed \{"a":1,"b":2,"sum":2\}, which breaks the consistency predicate/);
  });

  it('with the written states: a snapshot must be one of them', () => {
    const h = [ev(1, 'write', { x: 1, y: 1 }), ev(2, 'read', { x: 1, y: 1 }), ev(3, 'write', { x: 2, y: 2 }), ev(4, 'read', { x: 2, y: 1 })];
    expect(() => noTornRead(h.slice(0, 3), { initial: { x: 0, y: 0 } })).not.toThrow();
    expect(() => noTornRead(h, { initial: { x: 0, y: 0 } })).toThrow(/R observed \{"x":2,"y":1\}, a state no writer ever made visible/);
  });

  it('catches a reader that reads two cells while a writer updates them', async () => {
    const s = defineScenario({
      name: 'torn-pair',
      setup(sim) {
        const x = new Cell(sim, 'x', 0);
        const y = new Cell(sim, 'y', 0);
        sim.spawn('writer', async () => {
          await x.set(1);
          await y.set(1);
        });
        sim.spawn('reader', async () => {
          const a = await x.get();
          const b = await y.get();
          sim.log('read', { x: a, y: b });
        });
      },
      check: (_w, sim) => noTornRead(sim.events, { consistent: (s: { x: number; y: number }) => s.x === s.y }),
    });
    const r = await explore(s, { runs: 500, seed: 5 });
    expect(r.failure?.kind).toBe('check');
    expect(r.failure?.message).toContain('noTornRead violated: reader observed');
  });
});
