/**
 * Schedule-level edits by actor identity: drop an actor, drop a step, move a run of steps earlier,
 * undo a preemption. Option indices would shift under such an edit; actor identities do not, so an
 * actor with nothing to do with the bug vanishes even when that needs a *larger* option index.
 */
import type { RunResult } from '../../sim/run.js';
import { type SequenceEntry, sequenceSource } from './sequenceSource.js';
import type { Phase, Shrinker } from './shrinker.js';

function entriesOf(r: RunResult): SequenceEntry[] {
  return r.choices.map((value, i) => ({ scheduling: r.scheduling[i]!, actor: r.owners[i]!, value }));
}

interface Candidate {
  entries: SequenceEntry[];
  /** Actors the schedule may continue with once the entries run out. */
  tail?: ReadonlySet<number>;
}

/**
 * The schedule as groups: each scheduled step's choice with the data choices drawn during it (a
 * leading group may hold data choices drawn in setup). Edits move whole groups, so data choices stay
 * with the step that drew them.
 */
function groupsOf(entries: SequenceEntry[]): SequenceEntry[][] {
  const groups: SequenceEntry[][] = [];
  for (const e of entries) {
    if (e.scheduling || groups.length === 0) groups.push([e]);
    else groups[groups.length - 1]!.push(e);
  }
  return groups;
}

const flat = (groups: SequenceEntry[][]): SequenceEntry[] => groups.flat();

/** Schedule-level candidates: without an actor, without one step, with steps moved earlier. */
export function* sequenceCandidates(r: RunResult): Generator<Candidate> {
  const entries = entriesOf(r);
  const actors = [...new Set(entries.map((e) => e.actor))];
  for (const a of actors) yield { entries: entries.filter((e) => e.actor !== a) };
  const groups = groupsOf(entries);
  const first = groups[0]?.[0]?.scheduling ? 0 : 1; // a setup-only group stays in front
  for (let g = groups.length - 1; g >= first; g--) yield { entries: flat(groups.filter((_, j) => j !== g)) };
  const involved = new Set(r.trace.steps.map((s) => s.actorId));
  const actorOf = (g: number) => groups[g]![0]!.actor;
  const move = function* (from: number, len: number, to: number): Generator<Candidate> {
    const moved = groups.slice();
    const block = moved.splice(from, len);
    moved.splice(to, 0, ...block);
    // With the rest of the schedule dropped, the actors already involved run on undisturbed.
    yield { entries: flat(moved.slice(0, to + len)), tail: involved };
    yield { entries: flat(moved.slice(0, to + len + 1)), tail: involved };
    yield { entries: flat(moved) };
  };
  // Undo a preemption: the preempted actor's next run of steps moves back to where it was
  // interrupted, so it keeps running instead of being switched away from.
  const chosen = r.trace.steps.filter((s) => s.choice >= 0);
  for (let g = first; g < groups.length; g++) {
    const step = chosen[g - first];
    if (!step?.preempted) continue;
    const x = r.trace.steps[step.step - 1]?.actorId;
    let q = g + 1;
    while (q < groups.length && actorOf(q) !== x) q++;
    if (q === groups.length) continue;
    let len = 1;
    while (q + len < groups.length && actorOf(q + len) === x) len++;
    yield* move(q, len, g);
  }
  // Moving a step a few places earlier (ahead of other actors' steps) can merge context switches:
  // B, ⇢A, A, ⇢B, B, A becomes B, B, ⇢A, A, A, B once the rest is left to the default.
  for (let k = first + 1; k < groups.length; k++) {
    for (let back = 1; back <= 4 && k - back >= first; back++) {
      if (actorOf(k) === actorOf(k - back)) break;
      yield* move(k, 1, k - back);
    }
  }
}


/**
 * After an accepted edit the next round resumes at the same candidate position (the ones before it
 * were just tried), and only a round from there that finds nothing goes back to the start.
 */
export function scheduleEdits<W, P>(sh: Shrinker<W, P>): Phase {
  let resumeAt = 0;
  return async () => {
    for (const from of resumeAt > 0 ? [resumeAt, 0] : [0]) {
      let i = 0;
      for (const c of sequenceCandidates(sh.best)) {
        if (i++ < from) continue;
        if (sh.spent) return false;
        if (sh.accept(await sh.run(sequenceSource(c.entries, c.tail)))) {
          resumeAt = i - 1;
          return true;
        }
      }
    }
    resumeAt = 0;
    return false;
  };
}
