/**
 * The race analysis of source-DPOR (Abdulla, Aronis, Jonsson & Sagonas, "Optimal dynamic partial
 * order reduction", POPL 2014, Algorithm 1, with the races of a run found after it as in their JACM
 * 2017 version): the steps of one run, the happens-before order their footprints induce, and for each
 * pair of steps in a race — dependent, of different actors, with no step ordered between them — the
 * actors that could run first if the race were reversed (the *initials* of `notdep(e, E).e'`).
 */
import type { Footprint } from '../../sim/choices.js';
import { dependent, type Parsed, parseStep } from './dependence.js';

/** One step of a run as the reduction sees it. */
export interface Step {
  /** The actor that took it, or STALL (sim/choices.ts). */
  actor: number;
  fp: Footprint;
  /** Index of the schedule choice that picked it in the dfs stack, or -1 for a forced step. */
  node: number;
  /** Its operation could block: another actor's step may be what let it run. */
  blocking: boolean;
  /** Actors whose pending operation this step took away (a kill, a cleared timer). */
  disabled?: readonly number[] | undefined;
}

/** A race of step i with a later step j, and who could take a step first at i's choice to reverse it. */
export interface Race {
  i: number;
  j: number;
  /** Actors whose first step in notdep(i).j has no predecessor there, in step order. */
  initials: number[];
}

/**
 * Happens-before over the steps of one run by vector clocks: step i precedes step k (i < k) when a
 * chain of same-actor or dependent steps leads from i to k.
 */
export class HappensBefore {
  private readonly parsed: Parsed[];
  /** Per step: its position among its actor's steps (1-based). */
  private readonly local: number[] = [];
  /** Per step: the clock, as actor slot → latest position of that actor ordered before or at it. */
  private readonly clocks: number[][] = [];
  private readonly slot = new Map<number, number>();
  /** Per step: the earlier steps it depends on directly (dependent, or its actor's previous step). */
  readonly preds: number[][] = [];

  constructor(readonly steps: readonly Step[]) {
    const started = new Set<number>();
    this.parsed = steps.map((s) => {
      const first = !started.has(s.actor);
      started.add(s.actor);
      return parseStep(s.fp, s.actor, first);
    });
    const lastOf = new Map<number, number>();
    for (let k = 0; k < steps.length; k++) {
      const a = steps[k]!.actor;
      let s = this.slot.get(a);
      if (s === undefined) this.slot.set(a, (s = this.slot.size));
      const preds: number[] = [];
      const prev = lastOf.get(a);
      if (prev !== undefined) preds.push(prev);
      for (let d = 0; d < k; d++) if (d !== prev && steps[d]!.actor !== a && dependent(this.parsed[d]!, this.parsed[k]!)) preds.push(d);
      const clock: number[] = [];
      for (const p of preds) {
        const c = this.clocks[p]!;
        for (let x = 0; x < c.length; x++) if ((c[x] ?? 0) > (clock[x] ?? 0)) clock[x] = c[x]!;
      }
      for (let x = 0; x < this.slot.size; x++) clock[x] ??= 0;
      this.local[k] = (prev === undefined ? 0 : this.local[prev]!) + 1;
      clock[s] = this.local[k]!;
      this.clocks[k] = clock;
      this.preds[k] = preds;
      lastOf.set(a, k);
    }
  }

  /** Whether step i happens before step k (i ≠ k). */
  before(i: number, k: number): boolean {
    if (i >= k) return false;
    const s = this.slot.get(this.steps[i]!.actor)!;
    return (this.clocks[k]![s] ?? 0) >= this.local[i]!;
  }

  dependent(i: number, k: number): boolean {
    return dependent(this.parsed[i]!, this.parsed[k]!);
  }

  /** The races whose later step is at `from` or after (earlier ones were analysed with the run that first took them). */
  races(from: number): Race[] {
    const out: Race[] = [];
    const steps = this.steps;
    for (let j = Math.max(0, from); j < steps.length; j++) {
      const preds = this.preds[j]!;
      for (const i of preds) {
        if (steps[i]!.actor === steps[j]!.actor) continue;
        // A race: no other direct predecessor of j is ordered after i.
        let direct = true;
        for (const k of preds) {
          if (k !== i && this.before(i, k)) {
            direct = false;
            break;
          }
        }
        if (direct) out.push({ i, j, initials: this.initials(i, j) });
      }
    }
    return out;
  }

  /** The initials of notdep(i, E).j: the steps after i not ordered after it, then j. */
  initials(i: number, j: number): number[] {
    const v: number[] = [];
    for (let k = i + 1; k < j; k++) if (!this.before(i, k)) v.push(k);
    v.push(j);
    const seen = new Set<number>();
    const out: number[] = [];
    for (let x = 0; x < v.length; x++) {
      const k = v[x]!;
      const a = this.steps[k]!.actor;
      if (seen.has(a)) continue;
      seen.add(a);
      let first = true;
      for (let y = 0; y < x; y++) {
        if (this.before(v[y]!, k)) {
          first = false;
          break;
        }
      }
      if (first) out.push(a);
    }
    return out;
  }
}
