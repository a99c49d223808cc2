/**
 * One semantics, two loops: every bundled scenario gives the same trace and the same verdict on the
 * fast loop and on the tracked one (async-context tracking, exact step ends), schedule for schedule.
 * The fast loop is only an optimisation for code whose every hand-off goes through models.
 */
import { describe, expect, it } from 'vitest';
import { drawParams } from '../sim/params.js';
import { Run } from '../sim/run.js';
import { randomStrategy } from '../explore/strategies/random.js';
import { registry } from './registry.js';

const SEEDS = 10;
const scenarios = [...new Map(registry.map((e) => [e.scenario.name, e])).values()];

describe('fast and tracked runs agree', () => {
  it(`every bundled scenario, ${SEEDS} random schedules each: same fingerprint, same failure`, async () => {
    let compared = 0;
    for (const e of scenarios) {
      for (let seed = 0; seed < SEEDS; seed++) {
        const params = drawParams(e.scenario, `${seed}/params/0`).value;
        const settings = { maxSteps: e.options?.maxSteps, leakCheck: e.options?.leakCheck };
        const fast = await new Run({ ...settings, source: randomStrategy(String(seed)).next()!.source }).execute(e.scenario, params);
        const tracked = await new Run({ ...settings, source: randomStrategy(String(seed)).next()!.source, tracked: true }).execute(e.scenario, params);
        expect(fast.escalate, e.scenario.name).toBeUndefined();
        expect(tracked.trace.fingerprint, `${e.scenario.name} seed ${seed}`).toBe(fast.trace.fingerprint);
        expect(tracked.failure?.message, `${e.scenario.name} seed ${seed}`).toBe(fast.failure?.message);
        compared++;
      }
    }
    expect(compared).toBe(scenarios.length * SEEDS);
  }, 120_000);
});
