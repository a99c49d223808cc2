/**
 * The messages of the failures a run detects by itself (docs/architecture.md, "What each run
 * checks"): each says what happened, names the actors, and says what to do next.
 */
import type { Actor } from './actor.js';
import type { PromiseSites } from './promiseSites.js';
import { showValue } from './showValue.js';
import { stableJson, type TraceEntry } from './trace.js';
import { CRYPTO_JOB } from './tracking.js';

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

/** A thrown value in a failure message; never throws itself (a throwing `toString` or getter). */
export function describe(e: unknown): string {
  try {
    return tidy(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  } catch {
    return showValue(e);
  }
}

/**
 * A module a loader evaluated from source text is named by its whole source as a `data:` URL (tsx
 * does this for CommonJS TypeScript): kilobytes no report should print. Past those, a message is cut
 * at LONGEST characters, so a hostile or runaway one cannot flood a terminal or a report.
 */
const INLINE_MODULE = /data:[a-z]+\/[\w.+-]+[;,][^\s"'`]{200,}/gi;
const LONGEST = 4000;

function tidy(text: string): string {
  const t = text.replace(INLINE_MODULE, 'an inline module (a data: URL)');
  return t.length <= LONGEST ? t : `${t.slice(0, LONGEST)}… (${t.length - LONGEST} more characters)`;
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
  [/^MODULEIMPORT$/, "a dynamic import(), which asks the module loader's thread (tsx's) for the module"],
  [/^(WORKER|MESSAGEPORT)$/, 'a worker thread or message port'],
  [CRYPTO_JOB, "crypto work on Node's thread pool"],
  [/^ZLIB$/, "compression on Node's thread pool"],
];

const SYNCHRONOUS_FORM = 'Call its synchronous form (randomBytes(n) without a callback, pbkdf2Sync, gzipSync, …), which runs inside the step, or wrap the call in sim.external(label, fn).';

/** What to do about each kind of real work, when it is not the generic advice. */
const REMEDIES: Array<[RegExp, string]> = [
  [/^MODULEIMPORT$/, 'Import the module statically at the top of the file (or await the import in setup) and use it from there.'],
  [CRYPTO_JOB, SYNCHRONOUS_FORM],
  [/^ZLIB$/, SYNCHRONOUS_FORM],
];

/** What a native async resource type is, in the user's words. */
export function realWork(type: string): string {
  for (const [re, text] of ESCAPES) if (re.test(type)) return `${text} (${type})`;
  return `real asynchronous work (${type})`;
}

/** The real work a step started, the most telling first: I/O before the timers that guard it. */
export function describeRealWork(types: readonly string[]): string {
  const sorted = [...types].sort((a, b) => Number(a === 'Timeout') - Number(b === 'Timeout'));
  const texts = [...new Set(sorted.map(realWork))];
  return texts.length === 1 ? texts[0]! : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}

export function escape(actor: Actor | null, types: readonly string[], entry: TraceEntry | undefined): RunFailure {
  const who = actor ? `actor "${actor.name}"` : 'code of the run';
  const where = entry ? ` after its scheduling point "${entry.op}" (step ${entry.step})` : '';
  return {
    kind: 'escape',
    ...(actor ? { actor: actor.name } : {}),
    message:
      `${who} escaped the simulation${where}: it started ${describeRealWork(types)}, whose completion the scheduler does not control. ` +
      (REMEDIES.find(([re]) => types.some((t) => re.test(t)))?.[1] ?? 'Route it through a model or sim.port(name, obj), wrap an atomic real call in sim.external(label, fn), or call sim.installGlobals() for timers.'),
  };
}

/** A real timer that setup or check started and left pending when the run ended. */
export function phaseEscape(phase: string): RunFailure {
  return {
    kind: 'escape',
    message:
      `${phase} escaped the simulation: it started a real timer (setTimeout/setInterval) (Timeout) that was still pending when the run ended, so its callback runs after the run, outside the simulation. ` +
      'Start timers inside an actor with sim.installGlobals() (virtual timers), or clear it before setup/check returns.',
  };
}

const stepText = (s: TraceEntry) => `${s.op}${s.args.length ? `(${s.args.map((a) => stableJson(a)).join(', ')})` : ''}`;

interface ActorCycle {
  actor: string;
  /** The actor's repeating steps, one period. */
  steps: TraceEntry[];
  /** Global index of the first step of the actor's repeating tail. */
  from: number;
}

/** The shortest period the last steps of one actor repeat (at least 3 times), if any. */
function actorCycle(own: readonly number[], steps: readonly TraceEntry[]): ActorCycle | undefined {
  const key = (i: number) => {
    const s = steps[own[i]!]!;
    return `${s.op}|${stableJson(s.args)}|${stableJson(s.result)}`;
  };
  const n = own.length;
  for (let p = 1; p <= 16 && 3 * p <= n; p++) {
    let ok = true;
    for (let i = n - 1; i >= n - 2 * p && ok; i--) ok = key(i) === key(i - p);
    if (!ok) continue;
    let start = n - 3 * p;
    while (start > 0 && key(start - 1) === key(start - 1 + p)) start--;
    return { actor: steps[own[n - 1]!]!.actor, steps: own.slice(start, start + p).map((i) => steps[i]!), from: own[start]! };
  }
  return undefined;
}

/**
 * A livelock's cycle: the actors still stepping at the end of the run each repeat a sequence of
 * steps. `from` is where the last of them entered its loop; `length` covers one period of each.
 */
export function repeatingCycle(steps: readonly TraceEntry[]): { from: number; length: number; cycles: ActorCycle[] } | undefined {
  const tail = steps.slice(-400);
  const offset = steps.length - tail.length;
  const byActor = new Map<string, number[]>();
  for (let i = 0; i < tail.length; i++) {
    const s = tail[i]!;
    if (s.actorId < 0) continue;
    const list = byActor.get(s.actor) ?? [];
    list.push(offset + i);
    byActor.set(s.actor, list);
  }
  const cycles: ActorCycle[] = [];
  for (const own of byActor.values()) {
    if (own.length < 6) continue;
    const c = actorCycle(own, steps);
    if (c === undefined) return undefined;
    cycles.push(c);
  }
  if (cycles.length === 0) return undefined;
  const from = Math.max(...cycles.map((c) => c.from));
  let end = from;
  for (const c of cycles) {
    let seen = 0;
    for (let i = from; i < steps.length && seen < c.steps.length; i++) {
      if (steps[i]!.actor !== c.actor) continue;
      seen++;
      end = Math.max(end, i + 1);
    }
  }
  return { from, length: end - from, cycles };
}

export function stepLimit(maxSteps: number, actors: readonly Actor[], steps: readonly TraceEntry[]): RunFailure {
  const per = actors.filter((a) => a.steps > 0).sort((a, b) => b.steps - a.steps).slice(0, 8).map((a) => `${a.name} ${a.steps}`);
  const found = repeatingCycle(steps);
  const loop = found
    ? ` From step ${found.from} on, the run repeats a cycle: ${found.cycles.map((c) => `${c.actor} ${c.steps.map(stepText).join(' → ')}`).join('; ')} — a livelock, since fair scheduling already gives every spinning actor's peers their turns.`
    : '';
  return {
    kind: 'step-limit',
    ...(found ? { cycle: { from: found.from, length: found.length } } : {}),
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
