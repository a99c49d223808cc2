/**
 * The Mazurkiewicz trace of a run's prefix, as a hash that does not depend on the order of
 * independent steps: each step contributes (its actor, its position among that actor's steps, its
 * footprint, the data choices drawn in it, and the steps of other actors it depends on), and the
 * contributions are summed. Two prefixes with the same sum ran the same steps with every dependent
 * pair in the same order — the same trace — so they reach the same state (the footprints' promise,
 * which all reduction rests on). A bounded proof uses it as a cache: a choice point reached again
 * with the same trace, the same preemptions spent and the same actor running last has the same
 * subtree within the bound, which was explored already.
 */
import { type Footprint, STALL } from '../../sim/choices.js';
import { dependent, type Parsed, parse } from './dependence.js';

/** Fair scheduling counts a spinning actor's unbroken streak of steps; near its bound the trace is not the whole state. */
const STREAK_LIMIT = 24;

function fnv(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export class PrefixTrace {
  private readonly parsed: Parsed[] = [];
  private readonly actors: number[] = [];
  private readonly local: number[] = [];
  private readonly counts = new Map<number, number>();
  private readonly streaks = new Map<number, number>();
  private h1 = 0;
  private h2 = 0;
  private longest = 0;
  private lastActor: number | undefined;

  add(actor: number, fp: Footprint, picks: readonly number[]): void {
    const n = (this.counts.get(actor) ?? 0) + 1;
    const p = parse(fp);
    const k = this.parsed.length;
    this.counts.set(actor, n);
    const deps: string[] = [];
    for (let d = 0; d < k; d++) if (this.actors[d] !== actor && dependent(this.parsed[d]!, p)) deps.push(`${this.actors[d]}.${this.local[d]}`);
    deps.sort();
    const text = `${actor}.${n}|${fp.join(',')}|${picks.join(',')}|${deps.join(',')}`;
    this.h1 = (this.h1 + fnv(text, 2166136261)) >>> 0;
    this.h2 = (this.h2 + fnv(text, 374761393)) >>> 0;
    this.parsed.push(p);
    this.actors.push(actor);
    if (actor !== STALL) this.lastActor = actor;
    this.local.push(n);
    const last = this.actors[k - 1];
    const streak = last === actor ? (this.streaks.get(actor) ?? 0) + 1 : 1;
    this.streaks.set(actor, streak);
    if (streak > this.longest) this.longest = streak;
  }

  /** The prefix's trace, or undefined when the trace is not the whole state (fairness near its bound). */
  key(): string | undefined {
    if (this.longest >= STREAK_LIMIT) return undefined;
    return `${this.h1.toString(36)}.${this.h2.toString(36)}.${this.parsed.length}`;
  }

  /** The actor that took the last step, stalls skipped: time passing leaves the scheduler's last actor last. */
  get last(): number | undefined {
    return this.lastActor;
  }
}

/** Preemptions left at the choice points seen with one trace: the most over all, over those free to switch, per last actor. */
interface Spent {
  any: number;
  free: number;
  by: Map<number, number>;
  /** The options the trace's first point offered: the same trace must offer the same ones. */
  options: string;
}

/**
 * The choice points a bounded search has explored, by trace. What the bound allows from a point
 * depends on its state (its trace), the preemptions left, and — while the last actor may continue,
 * so that switching away from it costs one — on who ran last. That is so at a point where it is
 * runnable, and at one that may let time pass: a stall leaves the last actor last, and a sleeper
 * it wakes continues for free. A point is covered by one seen before with the same trace and no
 * fewer preemptions left that was free to switch or had the same actor last, or with at least one
 * more left (from there the first step costs at most one more, and after it both have the same
 * actor last). Preemptions left, not spent: a point explored at a lower level of iterative bounding
 * covers those of a higher level with as few left.
 */
export class SeenPoints {
  private readonly seen = new Map<string, Spent>();
  /** Set when one trace reached two points with different options: the trace was not the whole state. */
  differs: { before: string; now: string } | undefined;

  /**
   * True when covered; otherwise records the point. `last`: the actor whose continuing is free
   * (undefined: free to switch and no time to let pass). `forced`: the point's only option is
   * `last`'s step, which a point with `last` continuing reaches for free too, while the point itself
   * counts as free to switch. `options`: the option identities offered, in a fixed order.
   */
  covered(trace: string, left: number, last: number | undefined, forced: boolean, options: string): boolean {
    const s = this.seen.get(trace);
    if (s !== undefined) {
      if (s.options !== options) {
        this.differs ??= { before: s.options, now: options };
        return false;
      }
      if (s.free >= left || s.any >= left + 1) return true;
      if (last !== undefined && (s.by.get(last) ?? -1) >= left) return true;
    }
    const e = s ?? { any: -1, free: -1, by: new Map<number, number>(), options };
    e.any = Math.max(e.any, left);
    if (last === undefined || forced) e.free = Math.max(e.free, left);
    else e.by.set(last, Math.max(e.by.get(last) ?? -1, left));
    this.seen.set(trace, e);
    return false;
  }
}
