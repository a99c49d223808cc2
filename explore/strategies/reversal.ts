/**
 * Race reversal for source-DPOR (`races.ts` finds the races): which option to add at which choice of
 * the dfs stack so that a run with the race reversed is explored.
 */
import { actorOfKey } from '../../sim/actor.js';
import { STALL } from '../../sim/choices.js';
import type { HappensBefore, Race, Step } from './races.js';

/** A choice of the dfs stack, as far as reversal needs it. */
export interface Choice {
  n: number;
  /** Schedule choices: the option identity behind each option; data choices: undefined. */
  actors: readonly number[] | undefined;
  chosen: number;
  done: Set<number>;
  todo: Set<number>;
}

/** The search, as far as reversal needs it. */
export interface Tree {
  stack(): readonly Choice[];
  steps(): readonly Step[];
  asleep(node: Choice, i: number): boolean;
  fits(node: Choice, i: number): boolean;
  /** The bound forbade an option a race asked for: the level is not a complete proof. */
  cut(): void;
}

/**
 * Asks for the reversal of a race at the choice of its first step i. When step j could block, i
 * may be what let it run — a release that let an acquire through, a signal that woke a waiter — and
 * such a race is not reversible at i: the order that matters is with an earlier step j depends on,
 * the acquire paired with that release (Flanagan & Godefroid's "may be co-enabled"). So the latest
 * earlier step whose reversal can start at its own choice is asked for too; likewise when none of
 * the actors that would go first could run at i's choice. When time passed while nothing could
 * run, letting it pass at i's choice is asked for as well.
 */
export function reverseRace(tree: Tree, race: Race, hb: HappensBefore): void {
  const steps = tree.steps();
  const first = steps[race.i]!;
  const options = enabledAt(tree, race.i, race.initials);
  if (options.length > 0) want(tree, race.i, options);
  if (options.length > 0 && !steps[race.j]!.blocking) return;
  if (first.actor === STALL) return;
  if (options.length === 0) {
    const stall = enabledAt(tree, race.i, [STALL]);
    if (stall.length > 0) want(tree, race.i, stall);
  }
  const q = steps[race.j]!.actor;
  const earlier = hb.preds[race.j]!.filter((k) => k < race.i && steps[k]!.actor !== q).sort((x, y) => y - x);
  for (const k of earlier) {
    if (steps[k]!.actor === STALL) return;
    const opts = enabledAt(tree, k, hb.initials(k, race.j));
    if (opts.length > 0) return want(tree, k, opts);
  }
}

/**
 * Step i took `actor`'s pending operation away (a kill, a cleared timer): no later step of that
 * actor races with it, since there is none, so the order where the operation runs first is asked
 * for here — its option at step i's choice, or, when it was not due yet, letting time pass there.
 */
export function reviveDisabled(tree: Tree, i: number, actor: number): void {
  const options = enabledAt(tree, i, [actor]);
  const asked = options.length > 0 ? options : enabledAt(tree, i, [STALL]);
  if (asked.length > 0) want(tree, i, asked);
}

/** The options at step i's choice of the given actors, or of the clock (STALL) ([] for a forced step). */
function enabledAt(tree: Tree, i: number, actors: readonly number[]): number[] {
  const at = tree.steps()[i]!.node;
  if (at < 0) return [];
  const node = tree.stack()[at]!;
  const out: number[] = [];
  for (const a of actors) for (let x = 0; x < node.n; x++) if (actorOfKey(node.actors![x]!) === a && !out.includes(x)) out.push(x);
  return out;
}

/** Makes sure one of `options` is explored from step i's choice (source-DPOR: one initial suffices). */
function want(tree: Tree, i: number, options: number[]): void {
  const node = tree.stack()[tree.steps()[i]!.node]!;
  if (options.some((x) => x === node.chosen || node.done.has(x) || node.todo.has(x))) return;
  const awake = options.filter((x) => !tree.asleep(node, x));
  if (awake.length === 0) return; // asleep: an earlier branch covers it
  const fit = awake.find((x) => tree.fits(node, x));
  if (fit === undefined) tree.cut();
  else node.todo.add(fit);
}
