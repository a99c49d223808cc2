/**
 * Coverage feedback (issue 13): the reads-from and conflicting-access pairs a run exercised, from the
 * footprints the models declare (`r:<obj>` / `w:<obj>`, sim/choices.ts). An access is named by its
 * actor and how many times that actor had touched that object before — `2:cell:x#1` is actor 2's
 * second access to `cell:x` — so the same program point in two runs has the same name whatever
 * the interleaving. A pair is `obj: writer → reader` (the read saw that write; `init` when nothing
 * wrote it yet), `obj: writer ⇒ writer` (a write overwrote another actor's), or `obj: reader ⇏
 * writer` (a write came after another actor's read of the old value). A run that adds a pair never
 * seen in the campaign made progress; a campaign where no schedule has added one for a long while
 * is saturated rather than unlucky. This is the signal of RFF (Wolff et al., ASPLOS 2024) and of
 * Fray's coverage guidance. Stalls and `*` footprints (real code, cancels) name no object and add
 * no pair.
 */
import { type ChoicePoint, type ChoiceSource, type Footprint, STALL } from '../sim/choices.js';
import { actorOfKey } from '../sim/actor.js';

interface ObjectState {
  obj: string;
  /** The last write's access name, or `init`. */
  writer: string;
  writerActor: number;
  /** Accesses that read the current value since the last write, and their actors. */
  readers: string[];
  readerActors: number[];
  /** Accesses so far, per actor. */
  counts: Map<number, number>;
}

/** Records one run's pairs; wraps the run's source and passes every call through unchanged. */
export class RunCoverage implements ChoiceSource {
  readonly wantsFootprints = true;
  readonly pairs = new Set<string>();
  /** Σ (options − 1) over the run's schedule points: the schedules one preemption away from this one. */
  branching = 0;
  /** The most actors runnable at one schedule point (the stall option not counted): how wide the run is. */
  width = 0;
  /** Schedule points where the actor that stepped last was runnable and yielded (a spin-wait's poll, `sim.yield`). */
  yields = 0;
  /** The actor of the last step (onStep), to tell a yield from a block. */
  private lastActor = NaN;
  /** The reads of this run: access name → the write it saw (for RFF's mutations). */
  readonly readsFrom = new Map<string, string>();
  /** The writes of this run, by object. */
  readonly writes = new Map<string, string[]>();
  private readonly objects = new Map<string, ObjectState>();
  /** The object state of each footprint entry (`r:x` and `w:x` share x's). */
  private readonly byTouch = new Map<string, ObjectState>();
  readonly onForced?: (actor: number) => number | undefined;
  private readonly point: { -readonly [K in keyof ChoicePoint]: ChoicePoint[K] } = {
    kind: 'schedule',
    n: 2,
    label: '',
    index: 0,
  };

  constructor(private readonly inner: ChoiceSource) {
    if (inner.onForced) this.onForced = (actor) => inner.onForced!(actor);
  }

  choose(p: ChoicePoint): number {
    if (p.kind === 'schedule') {
      this.branching += p.n - 1;
      // Counted without allocating: this runs at every schedule point of every run.
      let actors = p.n;
      if (p.actors) for (const a of p.actors) if (a === STALL) actors--;
      if (actors > this.width) this.width = actors;
      if (p.continues === false && p.actors)
        for (const a of p.actors)
          if (a !== STALL && actorOfKey(a) === this.lastActor) {
            this.yields++;
            break;
          }
    }
    if (this.inner.wantsFootprints === true || p.touches === undefined) return this.inner.choose(p);
    // The inner source did not ask for footprints: it sees the point without them, as it would unwrapped.
    const q = this.point;
    q.kind = p.kind;
    q.n = p.n;
    q.label = p.label;
    q.actors = p.actors;
    q.continues = p.continues;
    q.index = p.index;
    return this.inner.choose(q);
  }

  onStep(footprint: Footprint, actor: number, blocking?: boolean, disabled?: readonly number[]): void {
    this.lastActor = actor;
    // Unwrapped, a source that does not want footprints is never told of steps.
    if (this.inner.onStep && this.inner.wantsFootprints === true) this.inner.onStep(footprint, actor, blocking, disabled);
    for (const f of footprint) {
      if (f === '*') continue;
      let o = this.byTouch.get(f);
      if (o === undefined) {
        const obj = f.slice(2);
        o = this.objects.get(obj);
        if (o === undefined) {
          o = { obj, writer: 'init', writerActor: NaN, readers: [], readerActors: [], counts: new Map() };
          this.objects.set(obj, o);
        }
        this.byTouch.set(f, o);
      }
      const n = o.counts.get(actor) ?? 0;
      o.counts.set(actor, n + 1);
      const access = `${actor}:${o.obj}#${n}`;
      if (f.charCodeAt(0) === 114 /* r */) {
        this.pairs.add(`${o.writer}→${access}`);
        this.readsFrom.set(access, o.writer);
        o.readers.push(access);
        o.readerActors.push(actor);
      } else {
        if (o.writerActor !== actor && o.writer !== 'init') this.pairs.add(`${o.writer}⇒${access}`);
        for (let i = 0; i < o.readers.length; i++) if (o.readerActors[i] !== actor) this.pairs.add(`${o.readers[i]!}⇏${access}`);
        o.writer = access;
        o.writerActor = actor;
        o.readers = [];
        o.readerActors = [];
        const w = this.writes.get(o.obj);
        if (w === undefined) this.writes.set(o.obj, [access]);
        else w.push(access);
      }
    }
  }
}

/** The object of an access name (`2:cell:x#1` → `cell:x`). */
export function objectOf(access: string): string {
  return access.slice(access.indexOf(':') + 1, access.lastIndexOf('#'));
}

/** What a campaign reports about its coverage. */
export interface CoverageReport {
  /** Distinct pairs seen over all schedules. */
  pairs: number;
  /** The schedule (1-based) that added the last new pair; 0 when none was seen. */
  lastNewAt: number;
  /** Schedules run since the last new pair. */
  sinceNew: number;
}

/** The pairs of a whole campaign, each with the schedule (1-based) that first saw it. */
export class CampaignCoverage {
  private readonly first = new Map<string, number>();
  private lastNewAt = 0;
  /** The highest schedule number added. */
  private last = 0;

  /**
   * Adds one run's pairs; returns how many were new. `at`: the run's schedule number (default: the
   * next one; a shard passes its position, so worker threads' records merge into one campaign's).
   */
  add(run: RunCoverage, at = this.last + 1): number {
    if (at > this.last) this.last = at;
    let fresh = 0;
    for (const p of run.pairs) {
      if (!this.first.has(p)) {
        this.first.set(p, at);
        fresh++;
      }
    }
    if (fresh > 0 && at > this.lastNewAt) this.lastNewAt = at;
    return fresh;
  }

  /** Every pair with the schedule that first saw it: what a worker thread sends to be merged. */
  firstSeen(): Array<[string, number]> {
    return [...this.first];
  }

  /** One campaign's report from the records of the workers that ran it (`schedules` in all). */
  static merge(parts: ReadonlyArray<ReadonlyArray<readonly [string, number]>>, schedules: number): CoverageReport {
    const first = new Map<string, number>();
    for (const part of parts)
      for (const [p, at] of part) {
        const seen = first.get(p);
        if (seen === undefined || at < seen) first.set(p, at);
      }
    let lastNewAt = 0;
    for (const at of first.values()) if (at > lastNewAt) lastNewAt = at;
    return { pairs: first.size, lastNewAt, sinceNew: Math.max(0, schedules - lastNewAt) };
  }

  report(): CoverageReport {
    return {
      pairs: this.first.size,
      lastNewAt: this.lastNewAt,
      sinceNew: this.last - this.lastNewAt,
    };
  }
}

/**
 * One line for a summary: "412 access pairs, the last new one at schedule 37 (963 since: saturated)". After a
 * complete search (`complete`) there is nothing left to find, so the line says that instead of guessing.
 */
export function describeCoverage(c: CoverageReport, complete = false): string {
  if (c.pairs === 0) return 'no access pairs (no model declared what it touches)';
  const tail = complete ? ' (all of them: the search was complete)' : c.sinceNew > 0 ? ` (${c.sinceNew} since: ${saturation(c)})` : '';
  return `${c.pairs} access pair${c.pairs === 1 ? '' : 's'}, the last new one at schedule ${c.lastNewAt}${tail}`;
}

function saturation(c: CoverageReport): string {
  return c.sinceNew >= Math.max(100, 4 * c.lastNewAt) ? 'saturated' : 'still growing recently';
}
