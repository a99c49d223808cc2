/**
 * RFF — reads-from fuzzing (Wolff et al., "Greybox Fuzzing for Concurrency Testing", ASPLOS 2024).
 * A schedule is abstracted as a few reads-from
 * constraints — "read r sees write w" or "read r does not see write w" — which a POS-style
 * scheduler (random priorities, racing operations re-drawn) steers towards: a read whose wanted
 * write is the object's current value runs at once, one whose wanted write has not happened waits,
 * a write that would overwrite a wanted value waits, a read that would see an unwanted write
 * waits; nothing ever blocks a run (when every option waits, the highest priority goes). A run that
 * adds a new access pair to the campaign's coverage (explore/coverage.ts) enters the corpus; the next
 * abstract schedule is a corpus entry mutated towards an unseen reads-from pair — one of its reads
 * told to see another write of that object from anywhere in the campaign, or not to see the one it
 * saw. Accesses are named as in explore/coverage.ts, so a constraint carries over between runs.
 */
import {
  type ChoicePoint,
  type ChoiceSource,
  type Footprint,
  independent,
  STALL,
} from '../../sim/choices.js';
import { objectOf, type RunCoverage } from '../coverage.js';
import { makeRng, type Rng } from '../rng.js';
import type { RunSummary, Strategy } from './strategy.js';

/** read access → the write it must (or must not) see. */
export type Constraints = Map<string, { writer: string; see: boolean }>;

const URGENT = 4;
const WAIT = -4;

/** One run of RFF: POS priorities, steered by the constraints (exported for its tests). */
export class RffRun implements ChoiceSource {
  readonly wantsFootprints = true;
  private readonly priority = new Map<number, number>();
  private readonly pending = new Map<number, string>();
  private readonly counts = new Map<string, number>();
  private readonly writer = new Map<string, string>();
  /** Writers unsatisfied "must see" constraints wait for, by object, with how many wait for each. */
  private readonly wanted = new Map<string, Map<string, number>>();

  constructor(
    private readonly rng: Rng,
    private readonly constraints: Constraints,
  ) {
    for (const [read, c] of constraints) {
      if (!c.see) continue;
      const obj = objectOf(read);
      let s = this.wanted.get(obj);
      if (!s) this.wanted.set(obj, (s = new Map()));
      s.set(c.writer, (s.get(c.writer) ?? 0) + 1);
    }
  }

  private score(actor: number, touch: string | undefined): number {
    let prio = this.priority.get(actor);
    if (prio === undefined) {
      prio = this.rng();
      this.priority.set(actor, prio);
    }
    if (touch === undefined || touch === '*' || actor === STALL) return prio;
    const obj = touch.slice(2);
    const current = this.writer.get(obj) ?? 'init';
    if (touch[0] === 'w') return this.wanted.get(obj)?.has(current) ? prio + WAIT : prio;
    const c = this.constraints.get(`${actor}:${obj}#${this.counts.get(`${actor}:${obj}`) ?? 0}`);
    if (c === undefined) return prio;
    if (c.see) return c.writer === current ? prio + URGENT : prio + WAIT;
    return c.writer === current ? prio + WAIT : prio;
  }

  choose(p: ChoicePoint): number {
    if (p.kind === 'data' || !p.actors) return Math.floor(this.rng() * p.n);
    let best = 0;
    let bestScore = -Infinity;
    p.actors.forEach((actor, i) => {
      const touch = p.touches?.[i];
      if (touch !== undefined) this.pending.set(actor, touch);
      const s = this.score(actor, touch);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    });
    return best;
  }

  onStep(footprint: Footprint, actor: number): void {
    this.priority.delete(actor);
    if (actor === STALL) return;
    for (const [other, touches] of this.pending) {
      if (other !== actor && !independent([touches], footprint))
        this.priority.set(other, this.rng());
    }
    this.pending.delete(actor);
    for (const f of footprint) {
      if (f === '*') continue;
      const obj = f.slice(2);
      const key = `${actor}:${obj}`;
      const n = this.counts.get(key) ?? 0;
      this.counts.set(key, n + 1);
      const access = `${key}#${n}`;
      if (f[0] === 'w') this.writer.set(obj, access);
      else {
        const c = this.constraints.get(access);
        const waiting = c?.see ? this.wanted.get(obj) : undefined;
        if (waiting) {
          const left = (waiting.get(c!.writer) ?? 0) - 1;
          if (left > 0) waiting.set(c!.writer, left);
          else waiting.delete(c!.writer);
        }
      }
    }
  }
}

interface Entry {
  constraints: Constraints;
  reads: [string, string][];
  picks: number;
}

/** Corpus entries kept; the oldest go first. */
const CORPUS_MAX = 512;

export function rffStrategy(seed: string): Strategy {
  const rng = makeRng(seed);
  const corpus: Entry[] = [];
  /** Every write seen in the campaign, by object, plus `init`. */
  const writers = new Map<string, string[]>();
  let current: Constraints = new Map();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

  function mutate(e: Entry): Constraints {
    const out: Constraints = new Map(e.constraints);
    if (out.size > 0 && rng() < 0.25) out.delete(pick([...out.keys()]));
    for (let tries = 0; tries < 8 && e.reads.length > 0; tries++) {
      const [read, saw] = pick(e.reads);
      if (out.has(read)) continue;
      const others = (writers.get(objectOf(read)) ?? []).filter(
        (w) => w !== saw && !w.startsWith(read.slice(0, read.indexOf(':') + 1)),
      );
      if (others.length > 0 && rng() < 0.8)
        out.set(read, { writer: pick([...others, 'init'].filter((w) => w !== saw)), see: true });
      else out.set(read, { writer: saw, see: false });
      break;
    }
    return out;
  }

  return {
    name: 'rff',
    next() {
      if (corpus.length === 0 || rng() < 0.1) current = new Map();
      else {
        // Tournament of two: favour the entry mutated least so far.
        const a = pick(corpus);
        const b = pick(corpus);
        const e = a.picks <= b.picks ? a : b;
        e.picks++;
        current = mutate(e);
      }
      return { source: new RffRun(rng, current), strategy: 'rff', fixedParams: false };
    },
    done(run: RunSummary) {
      const cov: RunCoverage | undefined = run.coverage;
      if (cov === undefined || run.abandoned) return;
      for (const [obj, ws] of cov.writes) {
        let known = writers.get(obj);
        if (!known) writers.set(obj, (known = []));
        for (const w of ws) if (!known.includes(w)) known.push(w);
      }
      if ((run.newPairs ?? 0) > 0) {
        corpus.push({ constraints: current, reads: [...cov.readsFrom], picks: 0 });
        if (corpus.length > CORPUS_MAX) corpus.shift();
      }
    },
  };
}
