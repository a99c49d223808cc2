/**
 * Shrinking: whatever strategy found a failure, it is shrunk by re-running the scenario for every
 * candidate and keeping only candidates that fail the same way and are smaller in (context switches,
 * steps, choice count, choice sum) — so shrinking always ends. The phases, cheapest first:
 * schedule-level edits by actor identity (drop an actor, drop a step, move a step earlier, undo a
 * preemption), so an actor with nothing to do with the bug vanishes even when that needs a *larger*
 * option index; the workload (the params arbitrary's own shrinker); fast-check's shrinker for
 * arrays of naturals over the choice list, toward zeros and shorter lists (ARCHITECTURE §2–3); and,
 * when context switches remain, a search of the same workload for a repro with fewer (dfs at the
 * lower bound, PCT and random choice), whose other failures are shrunk too.
 */
import fc from 'fast-check';
import type { ChoiceSource } from './choices.js';
import type { ParamsValue } from './params.js';
import { executeRun } from './execute.js';
import type { RunFailure, RunResult, RunSettings } from './run.js';
import type { Scenario } from './scenario.js';
import { dfsStrategy } from './strategies/dfs.js';
import { pctStrategy } from './strategies/pct.js';
import { randomStrategy } from './strategies/random.js';
import { listSource } from './strategies/replay.js';
import { type SequenceEntry, sequenceSource } from './strategies/sequence.js';

export interface ShrinkOptions extends RunSettings {
  /** Schedules the search may try, per workload, for a repro with fewer context switches (default 2000). */
  switchSearch?: number | undefined;
  /** Other failing schedules met in that search to shrink separately (default 3). */
  restarts?: number | undefined;
  /** Schedules to try for each smaller params candidate whose old schedule no longer fails (default 60). */
  paramsSearch?: number | undefined;
  /** Most candidate runs to try (default 5000). */
  budget?: number | undefined;
}

export interface Shrunk {
  result: RunResult;
  params: unknown;
  /** Accepted shrink steps. */
  shrinks: number;
  /** Candidate runs tried. */
  tried: number;
}

/** Failures are "the same" when their kind and the shape of their first line agree. */
export function failureSignature(f: RunFailure): string {
  if (f.kind === 'step-limit' || f.kind === 'escape' || f.kind === 'deadlock' || f.kind === 'nondeterminism') return f.kind;
  const first = f.message.split('\n', 1)[0] ?? '';
  // Numbers are instance details (steps, ids, the `#2` of a second actor of the same name): a
  // run of them is one `#`, so "w2 acquired while w1#2 held" and its mirror are the same bug.
  return `${f.kind}:${first.replace(/-?\d+(\.\d+)?/g, '#').replace(/#+/g, '#')}`;
}

function trimZeros(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}

/** Smaller is better: fewer context switches first (what a reviewer must follow), then fewer steps. */
function size(r: RunResult): number[] {
  const c = trimZeros(r.choices);
  return [r.preemptions, r.steps, c.length, c.reduce((a, b) => a + b, 0)];
}

/** Samples the switch search goes on for after its first hit, looking for a shorter one. */
const SWITCH_HIT_MORE = 400;

function smaller(a: RunResult, b: RunResult): boolean {
  const x = size(a);
  const y = size(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

export function runSource<W, P>(scenario: Scenario<W, P>, params: P, source: ChoiceSource, settings: RunSettings, strict = false, verify = false): Promise<RunResult> {
  return executeRun(scenario, params, { ...settings, source, strict }, { verify });
}

/** One schedule; `verify` also runs it tracked when it ran fast (see executeRun), for runs whose trace is kept. */
export function runChoices<W, P>(scenario: Scenario<W, P>, params: P, choices: readonly number[], settings: RunSettings, strict = false, verify = false): Promise<RunResult> {
  return runSource(scenario, params, listSource(choices), settings, strict, verify);
}

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
function* sequenceCandidates(r: RunResult): Generator<Candidate> {
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

export async function shrinkFailure<W, P>(scenario: Scenario<W, P>, found: RunResult, params: ParamsValue<P>, options: ShrinkOptions): Promise<Shrunk> {
  const signature = failureSignature(found.failure!);
  const budget = options.budget ?? 5000;
  let best = found;
  let p = params;
  let shrinks = 0;
  let tried = 0;

  // The smallest repro met so far, by (switches, steps): a smaller workload is accepted with a longer
  // schedule, and if the budget ends before that schedule shrinks back, this one may be better.
  let smallest = { result: found, params: params.value };
  const remember = (r: RunResult) => {
    if (smaller(r, smallest.result)) smallest = { result: r, params: p.value };
  };
  const accept = (r: RunResult): boolean => {
    if (!r.failure || failureSignature(r.failure) !== signature || !smaller(r, best)) return false;
    best = r;
    shrinks++;
    remember(r);
    return true;
  };

  const fails = (r: RunResult) => r.failure !== undefined && failureSignature(r.failure) === signature;
  const findFailure = async (params: P, choices: readonly number[]): Promise<RunResult | undefined> => {
    tried++;
    const same = await runChoices(scenario, params, choices, options);
    if (fails(same)) return same;
    const search = Math.min(options.paramsSearch ?? 60, budget - tried);
    for (let k = 0; k < search; k++) {
      tried++;
      const plan = (k % 2 === 0 ? randomStrategy(`shrink/${k}`) : pctStrategy(`shrink/${k}`, 2)).next()!;
      const r = await runSource(scenario, params, plan.source, options);
      if (fails(r)) return r;
    }
    return undefined;
  };

  const choicesArb = fc.array(fc.nat());
  const switchesSearched = new Set<string>();
  /** Other failures met while searching: shrunk separately at the end, they may reach a smaller repro. */
  const others: RunResult[] = [];
  /**
   * Local edits of the schedule: drop an actor or a step, move steps, undo a preemption. After an
   * accepted edit the next round resumes at the same candidate position (the ones before it were
   * just tried), and only a round from there that finds nothing goes back to the start.
   */
  let resumeAt = 0;
  const editSchedule = async (): Promise<boolean> => {
    for (const from of resumeAt > 0 ? [resumeAt, 0] : [0]) {
      let i = 0;
      for (const c of sequenceCandidates(best)) {
        if (i++ < from) continue;
        if (tried++ >= budget) return false;
        if (accept(await runSource(scenario, p.value, sequenceSource(c.entries, c.tail), options))) {
          resumeAt = i - 1;
          return true;
        }
      }
    }
    resumeAt = 0;
    return false;
  };

  /** fast-check's shrinker over the choice list: toward zeros and shorter lists. */
  const shrinkChoices = async (): Promise<boolean> => {
    for (const candidate of choicesArb.shrink(trimZeros(best.choices), undefined)) {
      if (tried++ >= budget) return false;
      if (accept(await runChoices(scenario, p.value, candidate.value, options))) return true;
    }
    return false;
  };

  /**
   * A smaller workload is progress even when its schedule is longer for now: the schedule shrinks
   * again on the next round. The old choices rarely fit a new workload (actors and their numbering
   * change), so when they do not, search briefly for a schedule that does.
   */
  const shrinkParams = async (): Promise<boolean> => {
    const arb = scenario.params;
    if (!arb || (p.context === undefined && !arb.canShrinkWithoutContext(p.value))) return false;
    const choices = trimZeros(best.choices);
    for (const candidate of arb.shrink(p.value, p.context)) {
      if (tried >= budget) return false;
      const r = await findFailure(candidate.value, choices);
      if (r) {
        best = r;
        shrinks++;
        p = { value: candidate.value, context: candidate.context };
        remember(r);
        return true;
      }
    }
    return false;
  };

  /**
   * When no edit helps and the repro still has context switches, search this workload for one with
   * fewer: a quarter dfs at the lower bound, half PCT at the matching depth and a quarter random,
   * the samplers reaching a few-switch schedule deep in a long run that dfs would take ages to.
   * Other failures met on the way are kept to be shrunk separately at the end.
   */
  const searchFewerSwitches = async (): Promise<boolean> => {
    const searchKey = `${JSON.stringify(p.value) ?? ''}#${best.preemptions}`;
    if (best.preemptions === 0 || switchesSearched.has(searchKey)) return false;
    switchesSearched.add(searchKey);
    const target = best.preemptions - 1;
    const dfs = dfsStrategy({ preemptionBound: target, fromBound: target });
    // PCT of depth d changes priorities d − 1 times: depth target + 1 samples schedules with about
    // `target` switches, where uniform random makes a dozen (in case D's lease race, PCT(3) hits a
    // 2-switch failure in 0.4% of runs and random in none of 10,000).
    const pct = pctStrategy('shrink/switches', target + 1);
    const random = randomStrategy('shrink/switches');
    let limit = Math.min(options.switchSearch ?? 2000, budget - tried);
    let hit: RunResult | undefined;
    for (let k = 0; k < limit; k++) {
      const strategy = k % 4 === 0 ? dfs : k % 4 === 2 ? random : pct;
      const plan = strategy.next();
      if (!plan) continue;
      tried++;
      const r = await runSource(scenario, p.value, plan.source, options);
      strategy.done({ steps: r.steps, schedulePoints: r.choices.length, failed: !r.ok, abandoned: r.abandoned ?? false });
      if (r.abandoned) continue;
      if (fails(r) && smaller(r, hit ?? best)) {
        // A hit found by sampling is often long; a few more samples usually find a shorter one, and
        // the edits that follow start from it.
        if (!hit) limit = Math.min(limit, k + 1 + SWITCH_HIT_MORE);
        hit = r;
      } else if (fails(r) && others.length < (options.restarts ?? 3) && !others.some((o) => o.trace.fingerprint === r.trace.fingerprint)) others.push(r);
    }
    return hit !== undefined && accept(hit);
  };

  // Cheapest first: schedule edits, then the workload (a smaller one makes every later run shorter),
  // then fast-check's choice shrinking, then the costly search for fewer switches.
  while (tried < budget && ((await editSchedule()) || (await shrinkParams()) || (await shrinkChoices()) || (await searchFewerSwitches()))) {
    // each phase that made progress starts the round again
  }
  // A shrink can settle in a local minimum of one mechanism of the bug (one way to reach it) while
  // another failing schedule of the same workload shrinks further: shrink a few of those too.
  for (const other of others) {
    if (tried >= budget || best.preemptions === 0) break;
    const sub = await shrinkFailure(scenario, other, p, { ...options, budget: Math.min(budget - tried, 1500), restarts: 0, switchSearch: 0 });
    tried += sub.tried;
    if (smaller(sub.result, best)) {
      best = sub.result;
      shrinks += sub.shrinks;
      remember(best);
    }
  }
  // A smaller workload wins over a shorter schedule once its schedule has shrunk as far as it goes;
  // if the budget ended first, an earlier repro with fewer context switches is the better answer.
  if (tried >= budget && smallest.result.preemptions < best.preemptions) return { result: smallest.result, params: smallest.params, shrinks, tried };
  return { result: best, params: p.value, shrinks, tried };
}
