/**
 * The differential harness for the asyncio models: each program is written twice — in Python (run by
 * `asyncio_oracle.py` under real CPython, many times, with the GIL switch interval shaken) and
 * against the models (explored exhaustively with dfs) — and the two *sets* of outcomes must match:
 *
 * - an outcome CPython produced that the model never does is a hidden bug: always a failure;
 * - an outcome the model allows that CPython did not show in its runs is a fake bug unless the
 *   program names the GIL interleaving that produces it and gives a second Python program forcing
 *   that interleaving (with `threading.Event`s), which must then produce exactly that outcome.
 */
import { explore } from '../../../explore/explore.js';
import { defineScenario } from '../../../sim/scenario.js';
import type { Sim } from '../../../sim/sim.js';
import { EventLoop, type PythonVersion } from '../EventLoop.js';
import { cpythonOutcomes, defaultPython, pythonFor } from './cpython.fixture.js';

/** What a model program sees: the run, a loop, and a list shared by threads and the loop. */
export interface ProgramContext {
  sim: Sim;
  loop: EventLoop;
  /** `lst.append(x)` from any thread: one GIL-atomic operation, so one scheduling point. */
  append(x: unknown): Promise<void>;
  /** `list(lst)`: a copy, atomically. */
  snapshot(): Promise<unknown[]>;
  /** The list as it is, read outside the schedule (for the outcome). */
  readonly items: unknown[];
}

export interface Forced {
  /** The GIL interleaving that produces the outcome, in words. */
  interleaving: string;
  /** A Python program (`async def main()`) that forces it with events; it must return that outcome every time. */
  python: string;
}

export interface AsyncioProgram {
  name: string;
  /** Python source defining `async def main()`, which returns the outcome (JSON-able). */
  python: string;
  /** The same program against the models: builds the world, returns the outcome reader. */
  model(ctx: ProgramContext): () => unknown;
  /** CPython runs (default 400; programs without threads are deterministic and need few). */
  runs?: number;
  /**
   * The CPython version the program is about (the loop's `python` option). Default: whatever
   * `python3` is (3.11 on the machine and in CI). A pinned program runs under that version's
   * interpreter, and is skipped when the machine has none.
   */
  version?: PythonVersion;
  /** Outcomes the model allows that plain runs rarely show, keyed by their canonical JSON. */
  forced?: Record<string, Forced>;
}

/** Canonical JSON, the same on both sides: sorted keys, no spaces (Python: `sort_keys`, compact separators). */
export function canonical(x: unknown): string {
  return JSON.stringify(sortKeys(x));
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x !== null && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]),
    );
  return x === undefined ? null : x;
}

export interface ModelOutcomes {
  outcomes: Set<string>;
  schedules: number;
}

/**
 * Every outcome of the program's model over all schedules: dfs without reduction by default; with
 * sleep sets, a check that the loop's footprints are right (the same outcomes must come out).
 */
export async function modelOutcomes(
  p: AsyncioProgram,
  version: PythonVersion = p.version ?? '3.11',
  reduction = false,
): Promise<ModelOutcomes> {
  const outcomes = new Set<string>();
  const s = defineScenario({
    name: `asyncio-program-${p.name.replace(/[^A-Za-z0-9_:/-]+/g, '-')}`,
    setup(sim: Sim) {
      const loop = new EventLoop(sim, 'loop', { python: version });
      const items: unknown[] = [];
      const ctx: ProgramContext = {
        sim,
        loop,
        items,
        append: (x) => sim.op('lst.append', { obj: 'lst', args: [x] }, () => void items.push(x)),
        snapshot: () => sim.op('list(lst)', { obj: 'lst', read: true }, () => [...items]),
      };
      return p.model(ctx);
    },
    check: (read) => void outcomes.add(canonical(read())),
  });
  const r = await explore(s, { strategy: 'dfs', reduction, runs: 100_000, seed: 1 });
  if (!r.ok) throw new Error(`model of ${p.name} failed: ${r.failure?.report('text')}`);
  if (r.exhausted?.complete !== true)
    throw new Error(`dfs did not exhaust the model of ${p.name} within 100,000 schedules`);
  return { outcomes, schedules: r.exhausted.schedules };
}

export interface Verdict {
  name: string;
  version: PythonVersion;
  /** No interpreter for the program's version on this machine: not compared. */
  skipped?: boolean;
  model: number;
  cpython: number;
  runs: number;
  schedules: number;
  /** CPython outcomes the model lacks (always a defect). */
  missing: string[];
  /** Model outcomes CPython never showed and no forcing program justifies. */
  unjustified: string[];
  /** Model outcomes CPython's plain runs did not show, produced by the forcing program. */
  forced: string[];
  /** Forcing programs that did not produce their outcome (a defect of the justification). */
  badForcing: string[];
}

/**
 * Runs every program both ways and compares. CPython work is split over two processes (the machine
 * has two cores) while the model side explores.
 */
export async function judge(programs: readonly AsyncioProgram[]): Promise<Verdict[]> {
  const names = new Set<string>();
  for (const p of programs) {
    if (names.has(p.name)) throw new Error(`two programs are named ${p.name}`);
    names.add(p.name);
  }
  const base = defaultPython();
  const versionOf = (p: AsyncioProgram) => p.version ?? base.version;
  const commandOf = (p: AsyncioProgram) =>
    versionOf(p) === base.version ? base.cmd : pythonFor(versionOf(p));
  const jobs = new Map<string, { name: string; python: string; runs: number }[]>();
  for (const p of programs) {
    const cmd = commandOf(p);
    if (cmd === undefined) continue;
    const list = jobs.get(cmd) ?? [];
    list.push({ name: p.name, python: p.python, runs: p.runs ?? 400 });
    for (const [o, f] of Object.entries(p.forced ?? {}))
      list.push({ name: `${p.name} forced ${o}`, python: f.python, runs: 20 });
    jobs.set(cmd, list);
  }
  // Two processes for the default interpreter (the machine has two cores), one for each other.
  const runs: Promise<Record<string, Record<string, number>>>[] = [];
  for (const [cmd, list] of jobs) {
    const half = cmd === base.cmd ? Math.ceil(list.length / 2) : list.length;
    runs.push(cpythonOutcomes(cmd, list.slice(0, half)), cpythonOutcomes(cmd, list.slice(half)));
  }
  const real = Promise.all(runs).then(
    (parts) => Object.assign({}, ...parts) as Record<string, Record<string, number>>,
  );
  const models: (ModelOutcomes | undefined)[] = [];
  for (const p of programs)
    models.push(commandOf(p) === undefined ? undefined : await modelOutcomes(p, versionOf(p)));
  const py = await real;
  return programs.map((p, i) => {
    const m = models[i];
    const empty = {
      name: p.name,
      version: versionOf(p),
      model: 0,
      cpython: 0,
      runs: 0,
      schedules: 0,
      missing: [],
      unjustified: [],
      forced: [],
      badForcing: [],
    };
    if (m === undefined) return { ...empty, skipped: true };
    const seen = py[p.name]!;
    const c = new Set(Object.keys(seen));
    const forced: string[] = [];
    const unjustified: string[] = [];
    const badForcing: string[] = [];
    const forcedOk = new Set<string>();
    for (const o of Object.keys(p.forced ?? {})) {
      const got = Object.keys(py[`${p.name} forced ${o}`]!);
      if (!m.outcomes.has(o)) badForcing.push(`${o} (the model does not even allow it)`);
      else if (got.length === 1 && got[0] === o) forcedOk.add(o);
      else badForcing.push(`${o} (the forcing program gave ${got.join(' | ')})`);
    }
    for (const o of m.outcomes) {
      if (c.has(o)) continue;
      if (forcedOk.has(o)) forced.push(o);
      else if (p.forced?.[o] === undefined) unjustified.push(o);
    }
    return {
      ...empty,
      model: m.outcomes.size,
      cpython: c.size,
      runs: p.runs ?? 400,
      schedules: m.schedules,
      missing: [...c].filter((o) => !m.outcomes.has(o)),
      unjustified,
      forced,
      badForcing,
    };
  });
}

/** One line per program, for the test log and the report. */
export function table(verdicts: readonly Verdict[]): string {
  const rows = verdicts.map((v) =>
    v.skipped
      ? `  ${v.name.padEnd(40)} skipped: no CPython ${v.version} on this machine`
      : `  ${v.name.padEnd(40)} [${v.version}] model ${String(v.model).padStart(2)} (${v.schedules} schedules)  cpython ${String(v.cpython).padStart(2)} (${v.runs} runs)  missing ${v.missing.length}  unjustified ${v.unjustified.length}  forced ${v.forced.length}`,
  );
  for (const v of verdicts) {
    for (const o of v.missing)
      rows.push(`    ${v.name}: CPython produced ${o}, the model never does`);
    for (const o of v.unjustified)
      rows.push(
        `    ${v.name}: the model allows ${o}, CPython never showed it and no forcing program justifies it`,
      );
    for (const o of v.badForcing) rows.push(`    ${v.name}: forcing program for ${o}`);
  }
  return rows.join('\n');
}
