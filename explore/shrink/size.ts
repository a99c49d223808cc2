/**
 * What makes one failing run a smaller repro than another, and when two failures are the same bug.
 * Smaller is better: fewer context switches first (what a reviewer must follow), then fewer steps,
 * then a shorter and lower choice list — an order every accepted shrink descends, so shrinking ends.
 */
import type { RunFailure, RunResult } from '../../sim/run.js';

/**
 * Failures are "the same" when their kind and the shape of their first line agree — or, for a
 * property's violation, when they violate the same property.
 */
export function failureSignature(f: RunFailure): string {
  if (f.kind === 'step-limit' || f.kind === 'escape' || f.kind === 'deadlock' || f.kind === 'nondeterminism') return f.kind;
  // A property's violation (properties/violation.ts) is the same bug whatever history it quotes: a
  // smaller repro of it may show other calls returning other values.
  const e = f.error as { name?: unknown; property?: unknown } | null | undefined;
  if (e !== null && typeof e === 'object' && e.name === 'PropertyViolation' && typeof e.property === 'string') return `${f.kind}:property:${e.property}`;
  const first = f.message.split('\n', 1)[0] ?? '';
  // Numbers are instance details (steps, ids, the `#2` of a second actor of the same name): a
  // run of them is one `#`, so "w2 acquired while w1#2 held" and its mirror are the same bug.
  return `${f.kind}:${first.replace(/-?\d+(\.\d+)?/g, '#').replace(/#+/g, '#')}`;
}

export function trimZeros(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}

function size(r: RunResult): number[] {
  const c = trimZeros(r.choices);
  return [r.preemptions, r.steps, c.length, c.reduce((a, b) => a + b, 0)];
}

export function smaller(a: RunResult, b: RunResult): boolean {
  const x = size(a);
  const y = size(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}
