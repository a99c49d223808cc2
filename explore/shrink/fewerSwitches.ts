/**
 * When no edit helps and the repro still has context switches, search this workload for one with
 * fewer: a quarter dfs at the lower bound, half PCT at the matching depth and a quarter random, the
 * samplers reaching a few-switch schedule deep in a long run that dfs would take ages to. Other
 * failures met on the way are kept to be shrunk separately at the end.
 */
import type { RunResult } from '../../sim/run.js';
import { dfsStrategy } from '../strategies/dfs.js';
import { pctStrategy } from '../strategies/pct.js';
import { randomStrategy } from '../strategies/random.js';
import type { Phase, Shrinker } from './shrinker.js';
import { smaller } from './size.js';

/** Samples the switch search goes on for after its first hit, looking for a shorter one. */
const SWITCH_HIT_MORE = 400;

export function fewerSwitches<W, P>(sh: Shrinker<W, P>): Phase {
  const searched = new Set<string>();
  return async () => {
    const best = sh.best;
    const key = `${JSON.stringify(sh.params.value) ?? ''}#${best.preemptions}`;
    if (best.preemptions === 0 || searched.has(key)) return false;
    searched.add(key);
    const target = best.preemptions - 1;
    const dfs = dfsStrategy({ preemptionBound: target, fromBound: target });
    // PCT of depth d changes priorities d − 1 times: depth target + 1 samples schedules with about
    // `target` switches, where uniform random makes a dozen (in case D's lease race, PCT(3) hits a
    // 2-switch failure in 0.4% of runs and random in none of 10,000).
    const pct = pctStrategy('shrink/switches', target + 1);
    const random = randomStrategy('shrink/switches');
    let limit = Math.min(sh.options.switchSearch ?? 2000, sh.budget - sh.tried);
    let hit: RunResult | undefined;
    for (let k = 0; k < limit && !sh.spent; k++) {
      const strategy = k % 4 === 0 ? dfs : k % 4 === 2 ? random : pct;
      const plan = strategy.next();
      if (!plan) continue;
      const r = await sh.run(plan.source);
      strategy.done({ steps: r.steps, schedulePoints: r.choices.length, failed: !r.ok, abandoned: r.abandoned ?? false });
      if (r.abandoned) continue;
      if (sh.fails(r) && smaller(r, hit ?? best)) {
        // A hit found by sampling is often long; a few more samples usually find a shorter one, and
        // the edits that follow start from it.
        if (!hit) limit = Math.min(limit, k + 1 + SWITCH_HIT_MORE);
        hit = r;
      } else if (sh.fails(r) && sh.others.length < (sh.options.restarts ?? 3) && !sh.others.some((o) => o.trace.fingerprint === r.trace.fingerprint)) sh.others.push(r);
    }
    return hit !== undefined && sh.accept(hit);
  };
}
