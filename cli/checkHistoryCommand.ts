/**
 * `interleave check-history <file> --spec register|kv|<module.ts>`: checks a recorded history — from
 * a real system's test as much as from a simulation — for linearizability, and prints the verdict
 * and, when it fails, the picture of where every order breaks. The file is JSON Lines in Jepsen's
 * shape (`properties/jepsenHistory.ts`). Exit 0 linearizable, 1 not linearizable, 2 bad input,
 * 4 unknown (the step budget or the time limit ran out before a verdict).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { checkOutputFile } from '../explore/outputPath.js';
import { terminalText } from '../reports/sanitise.js';
import { plural } from '../reports/timeline.js';
import { resolve } from 'node:path';
import { importUserModule, isModulePath, loadHint, whyNotLoaded } from './userModule.js';
import { UsageError } from '../sim/errors.js';
import { readJepsenHistory } from '../properties/jepsenHistory.js';
import { jepsenKvSpec, jepsenRegisterSpec } from '../properties/jepsenSpecs.js';
import { checkLinearizable, type LinearizabilityResult } from '../properties/linearizable.js';
import { linearizabilityPicture, pictureTable } from '../properties/linearizabilityPicture.js';
import type { Operation, SequentialSpec } from '../properties/sequentialSpec.js';
import { intFlag } from './cliArgs.js';
import type { Io } from './io.js';
import { renderLinearizabilityHtml } from '../reports/linearizabilityHtml.js';
import { workerThread } from './workerThread.js';

export interface CheckHistoryFlags {
  spec: string;
  budget?: string;
  timeLimit?: string;
  html?: string;
  json?: boolean;
  rows?: string;
}

export const UNKNOWN_EXIT = 4;
const DEFAULT_TIME_LIMIT_MS = 60_000;

type AnySpec = SequentialSpec<unknown, unknown, unknown>;

const isSpec = (v: unknown): v is AnySpec => typeof v === 'object' && v !== null && typeof (v as AnySpec).init === 'function' && typeof (v as AnySpec).step === 'function';

/** A module's spec: `export const spec`, or the default export; a factory is called with no arguments. */
async function loadSpec(path: string): Promise<AnySpec> {
  const full = resolve(path);
  if (!existsSync(full)) throw new UsageError(`--spec ${path}: no such file`, 'use --spec register, --spec kv, or the path of a .ts/.js module that exports a SequentialSpec as `spec` or default');
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(full, `--spec ${path}`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const why = whyNotLoaded(e);
    throw new UsageError(`--spec ${path}: the module failed to load (${why})`, loadHint(why));
  }
  for (const candidate of [mod.spec, mod.default]) {
    const v = typeof candidate === 'function' ? (candidate as () => unknown)() : candidate;
    if (!isSpec(v)) continue;
    if (v.operations !== undefined && (!Array.isArray(v.operations) || !v.operations.every((o) => typeof o === 'string'))) {
      throw new UsageError(`--spec ${path}: operations must be an array of operation names`, 'e.g. operations: ["read", "write"]');
    }
    return v;
  }
  throw new UsageError(`--spec ${path} exports no spec`, 'export a SequentialSpec ({ init, step, … }) as `spec` or default, or a function that returns one');
}

/** The specs `--spec` knows by name. */
const BUILT_IN: Readonly<Record<string, () => AnySpec>> = { register: () => jepsenRegisterSpec() as AnySpec, kv: () => jepsenKvSpec() as AnySpec };

function specFor(name: string): Promise<AnySpec> | AnySpec {
  if (Object.hasOwn(BUILT_IN, name)) return BUILT_IN[name]!();
  if (isModulePath(name)) return loadSpec(name);
  throw new UsageError(`--spec ${name}: unknown spec`, 'use register (read/write/cas), kv (the same per key) or the path of a .ts/.js module that exports one');
}

function json(r: LinearizabilityResult, operations: number, elapsedMs: number) {
  const op = (o: Operation) => ({ process: o.actor, f: o.op, ...(o.input as object), call: o.call, ret: o.ret ?? null, ...(o.ret !== undefined && { output: o.output }) });
  return {
    verdict: r.verdict,
    operations,
    partitions: r.partitions,
    steps: r.steps,
    elapsedMs: Math.round(elapsedMs),
    ...(!r.ok && {
      ...(r.reason && { reason: r.reason }),
      partition: r.partition,
      longestPrefix: r.longestPrefix.map(op),
      ...(r.breaking && { breaking: op(r.breaking) }),
    }),
  };
}

/**
 * With a built-in spec the check runs here; with a module's it runs on a worker thread
 * (`checkHistoryWorker.ts`), since the spec is the user's code and a `step` that never returns would
 * hang the search with it: the worker is ended once the time limit has passed by {@link GRACE_MS}.
 */
export async function checkHistoryCommand(file: string, flags: CheckHistoryFlags, io: Io): Promise<number> {
  if (Object.hasOwn(BUILT_IN, flags.spec) || !isModulePath(flags.spec)) return checkHistoryHere(file, flags, io);
  const timeLimitMs = intFlag('--time-limit', flags.timeLimit) ?? DEFAULT_TIME_LIMIT_MS;
  if (flags.html) checkOutputFile(flags.html, '--html');
  return checkOnWorker(file, flags, io, timeLimitMs);
}

/** What the search may overrun the time limit by before the worker running a module's spec is ended. */
export const GRACE_MS = 2_000;
/** How long loading the spec module and reading the history may take on the worker. */
export const LOAD_LIMIT_MS = 120_000;

function checkOnWorker(file: string, flags: CheckHistoryFlags, io: Io, timeLimitMs: number): Promise<number> {
  const worker = workerThread('checkHistoryWorker', { file, flags });
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    let phase: 'loading' | 'searching' = 'loading';
    const finish = (outcome: () => number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      try {
        resolvePromise(outcome());
      } catch (e) {
        reject(e);
      }
    };
    const hung = () =>
      finish(() => {
        if (phase === 'loading') throw new UsageError(`--spec ${flags.spec}: loading the spec and reading ${file} took more than ${LOAD_LIMIT_MS / 1000} s`, 'a spec module must not loop at its top level; check it with `npx tsx <file>`');
        const why = `a step of --spec ${flags.spec} did not return within the time limit (${timeLimitMs} ms)`;
        if (flags.json) io.out(JSON.stringify({ verdict: 'unknown', reason: 'step', message: why }, null, 2));
        else {
          io.out(terminalText(`? ${file}: no verdict: ${why}`));
          io.out(`  fix the spec's step (it may loop for ever), or raise --time-limit (now ${timeLimitMs} ms)`);
        }
        return UNKNOWN_EXIT;
      });
    let timer = setTimeout(hung, LOAD_LIMIT_MS);
    worker.on('message', (m: CheckHistoryReply) => {
      if (m.type === 'searching') {
        phase = 'searching';
        clearTimeout(timer);
        // Node fires a delay past 2³¹ − 1 ms at once: a longer limit waits that long, about 24 days.
        timer = setTimeout(hung, Math.min(timeLimitMs + GRACE_MS, 2 ** 31 - 1));
        return;
      }
      finish(() => {
        for (const line of m.out) io.out(line);
        for (const line of m.err) io.err(line);
        if (m.type === 'done') return m.code;
        if (m.type === 'usage') throw new UsageError(m.what, m.hint);
        throw specThrew(flags.spec, file, m.message);
      });
    });
    worker.on('error', (e) => finish(() => {
      throw specThrew(flags.spec, file, firstLine(e));
    }));
    // Messages the worker posted before it ended are delivered first.
    worker.on('exit', (code) => setImmediate(() => finish(() => {
      throw new UsageError(`--spec ${flags.spec} ended the check (exit code ${code}) before a verdict`, 'a spec must not call process.exit');
    })));
  });
}

/** The first line of what a spec threw, with its name: `TypeError: …`. */
export const firstLine = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!;

/** A spec that threw while the history was checked: no verdict. */
function specThrew(spec: string, file: string, what: string): UsageError {
  return new UsageError(`--spec ${spec} threw while checking ${file}: ${what}`, 'fix the spec (or the history it cannot read); no verdict was reached');
}

/** What the worker says: the search began (the time limit runs from here), or how the check ended. */
export type CheckHistoryReply =
  | { type: 'searching' }
  | { type: 'done'; code: number; out: string[]; err: string[] }
  | { type: 'usage'; what: string; hint?: string | undefined; out: string[]; err: string[] }
  | { type: 'crash'; message: string; out: string[]; err: string[] };

/** The check on this thread; `onSearch` is told when the search begins. */
export async function checkHistoryHere(file: string, flags: CheckHistoryFlags, io: Io, onSearch?: () => void): Promise<number> {
  const budget = intFlag('--budget', flags.budget);
  const timeLimitMs = intFlag('--time-limit', flags.timeLimit) ?? DEFAULT_TIME_LIMIT_MS;
  const maxRows = intFlag('--rows', flags.rows);
  if (flags.html) checkOutputFile(flags.html, '--html');
  const spec = await specFor(flags.spec);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`, 'pass a JSON Lines history, one {"process","type","f","value"} object per line');
  if (statSync(file).isDirectory()) throw new UsageError(`${file}: a directory, not a history file`, 'pass a JSON Lines history, one {"process","type","f","value"} object per line');
  const history = readJepsenHistory(readFileSync(file, 'utf8'), { source: file, ...(spec.operations && { operations: spec.operations }) });
  if (history.length === 0) throw new UsageError(`${file}: no operations in the history`, 'a truncated or wrong file would pass as linearizable; pass a JSON Lines history with at least one invoke');
  onSearch?.();
  const start = performance.now();
  let r: LinearizabilityResult;
  try {
    r = checkLinearizable(history, spec, { timeLimitMs, ...(budget && { budget }) });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (Object.hasOwn(BUILT_IN, flags.spec) && e instanceof TypeError) throw new UsageError(`${file}: ${e.message}`, `fix the history, or check it with a spec that understands it (--spec ${flags.spec})`);
    throw specThrew(flags.spec, file, firstLine(e));
  }
  const elapsed = performance.now() - start;
  const picture = linearizabilityPicture(r, history, spec.describe);
  if (flags.html) writeFileSync(flags.html, renderLinearizabilityHtml(picture, `${picture.verdict}: ${file}`));
  if (flags.json) io.out(JSON.stringify(json(r, history.length, elapsed), null, 2));
  else {
    const cost = `${plural(history.length, 'operation')}, ${plural(r.partitions, 'partition')}, ${plural(r.steps, 'search step')} in ${(elapsed / 1000).toFixed(2)} s`;
    // The history's values and the file's name are the user's: shown with control characters escaped.
    io.out(terminalText(`${r.ok ? '✓' : r.verdict === 'unknown' ? '?' : '✗'} ${file}: ${picture.summary} (${cost})`));
    if (!r.ok) io.out(terminalText(pictureTable(picture, maxRows ? { maxRows } : {}), { keepNewlines: true }));
    if (r.verdict === 'unknown') io.out(`  no verdict: raise --time-limit (now ${timeLimitMs} ms)${budget ? ` or --budget (now ${budget})` : ''}, or check a shorter history`);
    if (flags.html) io.out(`  picture: ${flags.html}`);
  }
  return r.ok ? 0 : r.verdict === 'unknown' ? UNKNOWN_EXIT : 1;
}
