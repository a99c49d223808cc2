/**
 * The messages of the failures a run detects by itself (docs/architecture.md, "What each run
 * checks"): each says what happened, names the actors, and says what to do next.
 */
import type { Actor } from './actor.js';
import type { PromiseSites } from './promiseSites.js';
import { stableJson, type TraceEntry } from './trace.js';

export type FailureKind = 'error' | 'invariant' | 'check' | 'deadlock' | 'step-limit' | 'escape' | 'nondeterminism';

export interface RunFailure {
  kind: FailureKind;
  message: string;
  /** The actor that failed, when one did. */
  actor?: string;
  /** The thrown value, for `error`, `invariant` and `check`. */
  error?: unknown;
  /** step-limit: the steps that repeat at the end of the run (a livelock's cycle). */
  cycle?: { from: number; length: number };
}

export function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Every live actor either waits at an operation that cannot run, or on a promise nothing will settle. */
export function deadlock(actors: readonly Actor[], sites: PromiseSites | undefined): RunFailure {
  const lines: string[] = [];
  let onPromise = false;
  for (const a of actors) {
    if (a.done) continue;
    if (a.op === null) {
      onPromise = true;
      lines.push(`  ${a.name} waits on a promise that nothing in the simulation can settle${sites?.describe(a) ?? ''}`);
      continue;
    }
    for (const op of [a.op, ...(a.more ?? [])]) {
      const what = op.waitsFor?.() ?? 'an operation that never became runnable';
      lines.push(`  ${a.name} waits at "${op.label}" for ${what}`);
    }
  }
  const hint = onPromise
    ? 'Each actor above waits for something no other actor will give: a promise is settled only by code that runs, and every actor that could run it is waiting too.'
    : 'Each actor above waits for something only another blocked actor can give.';
  return { kind: 'deadlock', message: `deadlock: no actor can run and no timer is pending.\n${lines.join('\n')}\n${hint}` };
}

const ESCAPES: Array<[RegExp, string]> = [
  [/^Timeout$/, 'a real timer (setTimeout/setInterval)'],
  [/^(FSREQ|FILEHANDLE|STATWATCHER|FSEVENT)/, 'real file-system I/O'],
  [/^(TCP|PIPE|UDP|TLS|HTTP|GETADDRINFO|GETNAMEINFO|QUERYWRAP|DNSCHANNEL|SHUTDOWN|WRITEWRAP|JSSTREAM|STREAMPIPE)/, 'real network I/O'],
  [/^PROCESSWRAP$/, 'a child process'],
  [/^(WORKER|MESSAGEPORT)$/, 'a worker thread or message port'],
];

/** What a native async resource type is, in the user's words. */
export function realWork(type: string): string {
  for (const [re, text] of ESCAPES) if (re.test(type)) return `${text} (${type})`;
  return `real asynchronous work (${type})`;
}

export function escape(actor: Actor | null, type: string, entry: TraceEntry | undefined): RunFailure {
  const who = actor ? `actor "${actor.name}"` : 'code of the run';
  const where = entry ? ` after its scheduling point "${entry.op}" (step ${entry.step})` : '';
  return {
    kind: 'escape',
    ...(actor ? { actor: actor.name } : {}),
    message:
      `${who} escaped the simulation${where}: it started ${realWork(type)}, whose completion the scheduler does not control. ` +
      'Route it through a model or sim.port(name, obj), wrap an atomic real call in sim.external(label, fn), or call sim.installGlobals() for timers.',
  };
}

const stepText = (s: TraceEntry) => `${s.actor} ${s.op}${s.args.length ? `(${s.args.map((a) => stableJson(a)).join(', ')})` : ''}`;

/** The shortest cycle the run's last steps repeat (at least 3 times), if any. */
export function repeatingCycle(steps: readonly TraceEntry[]): { from: number; length: number } | undefined {
  const n = steps.length;
  const key = (i: number) => `${steps[i]!.actorId}|${steps[i]!.op}|${stableJson(steps[i]!.args)}|${stableJson(steps[i]!.result)}`;
  const keys = new Map<number, string>();
  const at = (i: number) => keys.get(i) ?? (keys.set(i, key(i)), keys.get(i)!);
  for (let p = 1; p <= 64 && 3 * p <= n; p++) {
    let ok = true;
    for (let i = n - 1; i >= n - 2 * p; i--) {
      if (at(i) !== at(i - p)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    let from = n - 3 * p;
    while (from > 0 && at(from - 1) === at(from - 1 + p)) from--;
    return { from, length: p };
  }
  return undefined;
}

export function stepLimit(maxSteps: number, actors: readonly Actor[], steps: readonly TraceEntry[]): RunFailure {
  const per = actors.filter((a) => a.steps > 0).sort((a, b) => b.steps - a.steps).slice(0, 8).map((a) => `${a.name} ${a.steps}`);
  const cycle = repeatingCycle(steps);
  const loop = cycle
    ? ` From step ${cycle.from} on, the run repeats a cycle of ${cycle.length} step${cycle.length === 1 ? '' : 's'}: ${steps
        .slice(cycle.from, cycle.from + cycle.length)
        .map(stepText)
        .join(' → ')} — a livelock, since fair scheduling already gives every spinning actor's peers their turns.`
    : '';
  return {
    kind: 'step-limit',
    ...(cycle ? { cycle } : {}),
    message: `exceeded maxSteps (${maxSteps}) without finishing — this might be caused by a spin loop or a livelock. Steps per actor: ${per.join(', ')}.${loop} If the scenario legitimately needs more, raise maxSteps.`,
  };
}

export function leaks(found: readonly string[], actors: readonly Actor[]): RunFailure {
  const killed = actors.filter((a) => a.state === 'killed').map((a) => a.name);
  return {
    kind: 'check',
    message: `leak check: ${found.join('; ')}${killed.length ? ` (killed actors: ${killed.join(', ')})` : ''} — release every resource on every path (try/finally), or turn leakCheck off if holding it past the run is intended`,
  };
}
