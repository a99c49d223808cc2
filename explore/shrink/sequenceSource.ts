/**
 * Replays a schedule by actor identity rather than by option index: "A, then B, then A …". Used by
 * the shrinker to drop an actor's steps (or one step) from a failing schedule; option indices would
 * shift under such an edit, actor identities do not.
 */
import type { ChoiceSource } from '../../sim/choices.js';

export interface SequenceEntry {
  scheduling: boolean;
  /** Schedule entries: the actor to run. */
  actor: number;
  /** Data entries: the value to return. */
  value: number;
}

/**
 * Past the end of `entries`, schedule choices take the first option whose actor is in `tail` (the
 * current actor first, then round-robin) — so a shortened schedule does not wander into actors the
 * repro does not need — or 0 when `tail` is not given.
 */
export function sequenceSource(entries: readonly SequenceEntry[], tail?: ReadonlySet<number>): ChoiceSource {
  let i = 0;
  return {
    choose(p) {
      if (p.kind === 'schedule') {
        while (i < entries.length && !entries[i]!.scheduling) i++;
        const e = entries[i++];
        if (e === undefined) {
          const k = tail ? p.actors!.findIndex((a) => tail.has(a)) : -1;
          return k >= 0 ? k : 0;
        }
        const k = p.actors!.indexOf(e.actor);
        return k >= 0 ? k : 0;
      }
      const e = entries[i];
      if (e === undefined || e.scheduling) return 0;
      i++;
      return e.value;
    },
  };
}
