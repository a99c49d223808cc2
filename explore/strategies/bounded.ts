/**
 * Bounded partial-order reduction (Coons, Musuvathi & McKinley, OOPSLA 2013): under a preemption
 * bound, the reversal of a race may not fit where the race is — the actor running there was
 * continuing, the budget is spent — while a schedule of the same class within the bound switches to
 * the other actor earlier, at a context switch that was taken anyway. So a bounded proof also asks
 * for the reversal at the last context switch before the race's first step, conservatively.
 */
import type { Node } from './dfs.js';
import type { Step } from './races.js';

/**
 * The stack index of the last schedule choice before `index` whose step switched actors (or the
 * run's first step), or -1.
 */
export function conservativePoint(stack: readonly Node[], steps: readonly Step[], index: number): number {
  for (let m = index - 1; m >= 0; m--) {
    const node = stack[m]!;
    if (node.actors === undefined) continue;
    const k = node.steps;
    if (k === 0 || steps[k]!.actor !== steps[k - 1]!.actor) return m;
  }
  return -1;
}
