/**
 * For tests that compare a model with the real system it stands for: every outcome a scenario can
 * end in, by dfs to completion (docs/architecture.md, "Models"). Throws when dfs did not finish, so a
 * set that is only a sample never passes for the whole.
 */
import type { Sim } from '../sim/sim.js';
import { defineScenario } from '../sim/scenario.js';
import { explore } from './explore.js';

export interface OutcomeProgram<W> {
  name: string;
  setup(sim: Sim): W;
  /** The outcome of a finished run, as a string (what the real runs are tallied by). */
  outcome(world: W): string;
}

/** The sorted outcome set; `reduction` as explore's (default on), `runs` the dfs budget. */
export async function outcomeSet<W>(program: OutcomeProgram<W>, options: { reduction?: boolean; runs?: number } = {}): Promise<string[]> {
  const seen = new Set<string>();
  const r = await explore(
    defineScenario({ name: program.name, setup: (sim) => program.setup(sim), check: (world: W) => void seen.add(program.outcome(world)) }),
    { strategy: 'dfs', reduction: options.reduction ?? true, corpus: false, ...(options.runs !== undefined && { runs: options.runs }) },
  );
  if (r.failure) throw new Error(`${program.name}: a run failed: ${r.failure.message}`);
  if (r.exhausted?.complete !== true) throw new Error(`${program.name}: dfs did not finish (${r.schedules} schedules)`);
  return [...seen].sort();
}
