/**
 * Synthetic failure views for the layout tests: any number of steps, any actor names (CJK, emoji),
 * values of any length — shapes a demo scenario does not give cheaply. Deterministic: built from
 * the step index alone.
 */
import type { TraceEntry } from '../sim/trace.js';
import type { ReportView } from './render.js';

export interface SyntheticOptions {
  steps: number;
  actors?: string[];
  /** The value each step reads (default: a short counter value). */
  value?: (i: number) => unknown;
}

export function syntheticFailure({ steps, actors = ['reader', 'writer', 'janitor'], value = (i) => i }: SyntheticOptions): ReportView {
  const entries: TraceEntry[] = [];
  for (let i = 0; i < steps; i++) {
    // Runs of one to three steps per actor, so there are switches and preemptions.
    const a = Math.floor(i / (1 + (i % 3))) % actors.length;
    entries.push({
      step: i,
      time: Math.floor(i / 4) * 5,
      actor: actors[a]!,
      actorId: a,
      op: i % 2 ? 'account-balance.set' : 'account-balance.get',
      args: i % 2 ? [value(i)] : [],
      ...(i % 2 ? {} : { result: value(i) }),
      choice: i % 3 === 0 ? 1 : 0,
      options: 2,
      preempted: i % 5 === 0 && i > 0,
    });
  }
  const last = entries.at(-1)!;
  return {
    scenario: 'synthetic',
    kind: 'invariant',
    message: 'balance went negative: -5',
    actor: last.actor,
    trace: { steps: entries, events: [], fingerprint: 'f00dfeed' },
    token: 'il1.synthetic-token',
    steps,
    preemptions: entries.filter((e) => e.preempted).length,
  };
}
