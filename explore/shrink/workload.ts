/**
 * The workload: the params arbitrary's own shrinker. A smaller workload is progress even when its
 * schedule is longer for now: the schedule shrinks again on the next round. The old choices rarely
 * fit a new workload (actors and their numbering change), so when they do not, search briefly for a
 * schedule that does.
 */
import type { RunResult } from '../../sim/run.js';
import { pctStrategy } from '../strategies/pct.js';
import { randomStrategy } from '../strategies/random.js';
import type { Phase, Shrinker } from './shrinker.js';
import { trimZeros } from './size.js';

async function findFailure<W, P>(sh: Shrinker<W, P>, params: P, choices: readonly number[]): Promise<RunResult | undefined> {
  const same = await sh.runChoices(choices, params);
  if (sh.fails(same)) return same;
  const search = Math.min(sh.options.paramsSearch ?? 60, sh.budget - sh.tried);
  for (let k = 0; k < search; k++) {
    const plan = (k % 2 === 0 ? randomStrategy(`shrink/${k}`) : pctStrategy(`shrink/${k}`, 2)).next()!;
    const r = await sh.run(plan.source, params);
    if (sh.fails(r)) return r;
  }
  return undefined;
}

export function workload<W, P>(sh: Shrinker<W, P>): Phase {
  return async () => {
    const arb = sh.scenario.params;
    const p = sh.params;
    if (!arb || (p.context === undefined && !arb.canShrinkWithoutContext(p.value))) return false;
    const choices = trimZeros(sh.best.choices);
    for (const candidate of arb.shrink(p.value, p.context)) {
      if (sh.spent) return false;
      const r = await findFailure(sh, candidate.value, choices);
      if (r) {
        sh.adopt(r, { value: candidate.value, context: candidate.context });
        return true;
      }
    }
    return false;
  };
}
